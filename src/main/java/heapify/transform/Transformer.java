package heapify.transform;

/** One concern of the migration: reads the context, adds edits and diagnostics to its plan. */
public interface Transformer {
    void apply(MigrationContext ctx);
}
