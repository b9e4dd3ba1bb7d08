package heapify.analysis;

import heapify.model.FileModel;
import heapify.model.Global;
import heapify.model.StaticType;
import java.util.ArrayList;
import java.util.List;

/**
 * The process-wide state of a local file a module {@code #include}s ({@code "foo.h"} or a
 * {@code .c} file in its folder): static types with initializers and file-level or function-level
 * statics that would belong in a module state. heapify migrates one file at a time, so these stay
 * as they are; the including module must then claim no isolation (contract clause 1) and must not
 * write them from a multi-phase exec (clause 2).
 */
public record IncludedState(String file, List<String> staticTypes, List<String> globals) {
    public IncludedState {
        staticTypes = List.copyOf(staticTypes);
        globals = List.copyOf(globals);
    }

    /** What {@code model}, the text of the file included as {@code file}, holds process-wide. */
    public static IncludedState of(String file, FileModel model) {
        ModuleAnalysis a = ModuleAnalysis.of(model);
        List<String> types = new ArrayList<>();
        for (StaticType t : a.types()) {
            types.add(t.cName());
        }
        List<String> globals = new ArrayList<>();
        for (Global g : a.movedGlobals()) {
            if (!g.type().matches("(?s).*\\bconst\\b.*")) {
                globals.add(g.name());
            }
        }
        for (Global g : a.sharedGlobals()) {
            globals.add(g.name());
        }
        return new IncludedState(file, types, globals);
    }

    public boolean isEmpty() {
        return staticTypes.isEmpty() && globals.isEmpty();
    }
}
