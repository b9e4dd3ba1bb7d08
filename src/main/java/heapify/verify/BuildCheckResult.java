package heapify.verify;

import java.util.List;
import java.util.Objects;

/**
 * What {@link BuildCheck} found for one file: whether the migrated text may be written, and the
 * compiler messages that say why not.
 *
 * @param outcome  the verdict
 * @param messages for {@code OUTPUT_FAILS} the output's errors, for {@code NEW_WARNING} the warnings the
 *                 input did not have, for {@code INPUT_FAILS} the input's errors, for {@code NOT_RUN} one
 *                 message saying why; in the compiler's order; empty exactly when {@code PASSED}
 */
public record BuildCheckResult(Outcome outcome, List<CompilerMessage> messages) {
    /** The verdict of one check. */
    public enum Outcome {
        /** The output compiles, with no warning the input did not have. */
        PASSED,
        /** The input itself does not compile with these flags; nothing was compared. */
        INPUT_FAILS,
        /** The input compiles and the output does not. */
        OUTPUT_FAILS,
        /** Both compile, and the output warns where the input did not. */
        NEW_WARNING,
        /** The check could not run (the compiler timed out, or a temporary file could not be written). */
        NOT_RUN
    }

    public BuildCheckResult {
        Objects.requireNonNull(outcome);
        messages = List.copyOf(messages);
        if ((outcome == Outcome.PASSED) != messages.isEmpty()) {
            throw new IllegalArgumentException(outcome + " with " + messages.size() + " message(s)");
        }
    }

    /** True when the migrated text may be written: the output builds as well as the input, or nothing was compared. */
    public boolean admits() {
        return outcome != Outcome.OUTPUT_FAILS && outcome != Outcome.NEW_WARNING;
    }

    /** The first message; only when not {@code PASSED}. */
    public CompilerMessage first() {
        if (messages.isEmpty()) {
            throw new IllegalStateException("a passed check has no message");
        }
        return messages.get(0);
    }
}
