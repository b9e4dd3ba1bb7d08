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
 * write them from a multi-phase exec (clause 2). {@code functions}: the functions the file declares
 * and does not define (defined in another translation unit: heapify cannot see what they write).
 * {@code initMacros}: the init macros it defines ({@link heapify.model.InitMacros}), which state nothing;
 * {@code capsuleMacros}: the macros it defines that call {@code PyCapsule_New}; {@code capsuleImport}:
 * it names {@code PyCapsule_Import} or {@code PyCapsule_GetPointer} (pygame's {@code import_pygame_base()}).
 */
public record IncludedState(String file, List<String> staticTypes, List<String> globals, List<String> functions,
                            List<String> initMacros, List<String> capsuleMacros, boolean capsuleImport) {
    public IncludedState {
        initMacros = List.copyOf(initMacros);
        capsuleMacros = List.copyOf(capsuleMacros);
        staticTypes = List.copyOf(staticTypes);
        globals = List.copyOf(globals);
        functions = List.copyOf(functions);
    }

    /** What {@code model}, the text of the file included as {@code file}, holds process-wide. */
    public static IncludedState of(String file, FileModel model) {
        // the types and globals as ModuleAnalysis finds them, without its roles and calls: a
        // header of tables (unicodename_db.h, 2.3 MB) is not scanned for calls nobody asks for
        List<String> types = new ArrayList<>();
        for (StaticType t : ModuleAnalysis.staticTypes(model)) {
            types.add(t.cName());
        }
        List<Global> moved = new ArrayList<>();
        List<Global> shared = new ArrayList<>();
        ModuleAnalysis.collectGlobals(model, moved, shared);
        List<String> globals = new ArrayList<>();
        for (Global g : moved) {
            if (!g.type().matches("(?s).*\\bconst\\b.*")) {
                globals.add(g.name());
            }
        }
        for (Global g : shared) {
            globals.add(g.name());
        }
        // declared there and defined there not: code of another translation unit
        List<String> functions = new ArrayList<>(model.prototypes());
        for (heapify.model.FunctionDef f : model.functions()) {
            functions.remove(f.name());
        }
        return new IncludedState(file, types, globals, functions,
                List.copyOf(heapify.model.InitMacros.definedIn(model.parsed().tokens())),
                List.copyOf(heapify.model.InitMacros.capsuleMakersIn(model.parsed().tokens())),
                namesCapsuleImport(model.parsed().tokens().source().text()));
    }

    private static final java.util.regex.Pattern CAPSULE_IMPORT =
            java.util.regex.Pattern.compile("\\bPyCapsule_(Import|GetPointer)\\b");

    /**
     * Whether {@code text} names {@code PyCapsule_Import} or {@code PyCapsule_GetPointer} as a
     * word. The regex runs only on a text that holds {@code PyCapsule_}: as
     * {@code text.matches("(?s).*\\b...\\b.*")} it backtracked over every char of every header
     * (7 % of a whole-tree run, most of it in unicodename_db.h's 2.3 MB of tables).
     */
    static boolean namesCapsuleImport(String text) {
        return text.contains("PyCapsule_") && CAPSULE_IMPORT.matcher(text).find();
    }

    public boolean isEmpty() {
        return staticTypes.isEmpty() && globals.isEmpty();
    }
}
