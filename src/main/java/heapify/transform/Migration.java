package heapify.transform;

import heapify.analysis.ModuleAnalysis;
import java.nio.file.Path;
import java.util.List;

/** Runs the transformers of one file in order and returns their plan. */
public final class Migration {
    private Migration() {
    }

    /** The transformers, in the order their decisions depend on each other. */
    static List<Transformer> transformers() {
        return List.of(new FoldInitFieldAssignments(), new ConvertTypeToSpec(), new ClinicStateTypes(),
                new ExactCheckByDealloc(), new NewOwnType(), new ReachModuleState(), new ProcessWideLock(),
                new FixDeallocAndTraverse(), new UseMultiPhaseInit(),
                new AddModuleState(),
                new RewriteTypeReferences());
    }

    public static MigrationPlan plan(ModuleAnalysis analysis, Options options, Path displayPath) {
        return plan(analysis, List.of(), List.of(), options, displayPath);
    }

    /**
     * {@code includes}: the local files the module includes, which heapify leaves as they are;
     * {@code clinic}: the Argument Clinic output it includes, where migrated types are renamed.
     */
    public static MigrationPlan plan(ModuleAnalysis analysis, List<heapify.analysis.IncludedState> includes,
                                     List<heapify.analysis.ClinicHeader> clinicHeaders, Options options, Path displayPath) {
        return plan(analysis, includes, clinicHeaders, options, displayPath, ModuleUnit.NONE);
    }

    /** {@code unit}: what the module's other files decide for this one (rule module-unit). */
    public static MigrationPlan plan(ModuleAnalysis analysis, List<heapify.analysis.IncludedState> includes,
                                     List<heapify.analysis.ClinicHeader> clinicHeaders, Options options, Path displayPath,
                                     ModuleUnit unit) {
        return plan(analysis, includes, clinicHeaders, options, displayPath, unit, () -> CapsuleUse.NONE);
    }

    /** {@code capsules}: the run's consumers of C API capsules, read when the module exports one (rule capsule-per-module). */
    public static MigrationPlan plan(ModuleAnalysis analysis, List<heapify.analysis.IncludedState> includes,
                                     List<heapify.analysis.ClinicHeader> clinicHeaders, Options options, Path displayPath,
                                     ModuleUnit unit, java.util.function.Supplier<CapsuleUse> capsules) {
        MigrationContext ctx = new MigrationContext(analysis, includes, clinicHeaders, options, displayPath);
        ctx.unit = unit;
        ctx.capsules = capsules;
        if (analysis.init().isEmpty()) {
            if (!unit.exported().isEmpty()) {
                // the file's extern types migrate with the module's init file; ModuleUnits checked
                // that the others it defines are extern types that stay, as they are
                MigrationContext done = passes(ctx, List.of(new ConvertTypeToSpec(), new ClinicStateTypes(),
                        new ExactCheckByDealloc(),
                        new FixDeallocAndTraverse()));
                UnitReach.plan(done, unit); // what its methods read from the module's state
                for (heapify.model.StaticType t : analysis.model().types()) {
                    String kept = unit.kept().get(t.cName());
                    if (kept != null && !t.tpName().isEmpty()) { // an extern type of the file that stays
                        done.diagnose(heapify.source.Severity.WARNING, "module-unit", t.definition().start(),
                                "type '" + t.cName() + "' is " + kept);
                    }
                }
                return done.plan();
            }
            String hidden = ModuleFacts.hiddenInit(analysis);
            for (heapify.model.StaticType t : analysis.model().types()) {
                String kept = unit.kept().get(t.cName());
                if (kept != null && !t.tpName().isEmpty()) {
                    ctx.diagnose(heapify.source.Severity.WARNING, "module-unit", t.definition().start(),
                            "type '" + t.cName() + "' is " + kept);
                } else if (hidden != null && !t.tpName().isEmpty()) {
                    ctx.diagnose(heapify.source.Severity.WARNING, "no-init-function", t.definition().start(),
                            "type '" + t.cName() + "' left static: the file creates its module, but " + hidden
                                    + "; file left unchanged");
                } else if (t.isStatic() && !t.tpName().isEmpty()) {
                    ctx.diagnose(heapify.source.Severity.ERROR, "no-init-function", t.definition().start(),
                            "static type '" + t.cName() + "' but no PyInit_ function: heapify migrates a module "
                                    + "from the file that initializes it; file left unchanged");
                } else if (!t.isStatic()) {
                    ctx.diagnose(heapify.source.Severity.WARNING, "no-init-function", t.definition().start(),
                            "type '" + t.cName() + "' has external linkage in a file without a PyInit_ function: "
                                    + "it belongs to a module made of several files, which heapify does not migrate "
                                    + "as one unit; left static");
                }
            }
            return ctx.plan();
        }
        boolean single = !analysis.init().get().multiPhase();
        MigrationContext probe = ctx;
        boolean nothingMoves = analysis.movedGlobals().stream().allMatch(g -> MovedGlobals.staysConstant(probe, g));
        boolean nothingStatic = analysis.model().types().stream().allMatch(t -> t.isStatic())
                && includes.stream().allMatch(i -> i.staticTypes().isEmpty());
        if (!single && analysis.types().isEmpty() && nothingMoves && nothingStatic) {
            ModuleFacts.remainingInHeapTypes(ctx, analysis); // nothing static left: a second run changes nothing
            if (!unit.created().isEmpty()) {
                UnitTypes.plan(ctx, unit); // the module's other files' types (UnitTypes.hostBlocker)
            }
            return ctx.plan();
        }
        if (single) {
            int find = firstCall(analysis, "PyState_FindModule");
            ExistingState existing = find >= 0 ? ExistingState.find(analysis) : null;
            if (existing != null) {
                return merged(analysis, includes, clinicHeaders, options, displayPath, existing);
            }
            if (find >= 0 && !unit.init().isEmpty()) {
                // UnitTypes.hostBlocker let it host: the rest of the file stays as it is; the same
                // warning on a rerun, which creates nothing
                if (!unit.created().isEmpty()) {
                    UnitTypes.plan(ctx, unit);
                }
                ctx.diagnose(heapify.source.Severity.WARNING, "state-find-module", find,
                        "PyState_FindModule finds no multi-phase module; heapify does not yet thread the state "
                                + "to its callers instead, so the module stays single-phase, and heapify changes the "
                                + "file only to create the types of its module's other files (rule module-unit)");
                return ctx.plan();
            }
            if (find >= 0) {
                // returns NULL without an exception for a multi-phase module (rule 5, observed)
                ctx.diagnose(heapify.source.Severity.WARNING, "state-find-module", find,
                        "PyState_FindModule finds no multi-phase module; heapify does not yet thread the state "
                                + "to its callers instead, so the module stays single-phase and the file unchanged");
                return ctx.plan();
            }
            String elsewhere = ModuleFacts.moduleCreatedElsewhere(analysis);
            if (elsewhere != null) {
                ctx.diagnose(heapify.source.Severity.WARNING, "module-created-elsewhere",
                        analysis.init().get().function().span().start(), elsewhere
                                + "; heapify moves a module to multi-phase init only when its PyInit_ function "
                                + "creates it with one PyModule_Create call; file left unchanged");
                return ctx.plan();
            }
        }
        var def = analysis.def();
        if (def.isPresent() && (!def.get().value("m_size").matches("-1|0|")
                || !def.get().value("m_traverse").matches("NULL|0|") || !def.get().value("m_clear").matches("NULL|0|"))) {
            // each thing still static is named, on every run: a second run over heapify's own
            // output reports what the first left (contract clause 4)
            ModuleFacts.includedTypes(ctx, analysis);
            String why = "module '" + def.get().cName() + "' already has a state or state hooks (m_size '"
                    + def.get().value("m_size") + "') and heapify does not merge into an existing state";
            // a type used where no state is reachable is reported as such, clinic-named or not,
            // as the first run (which had no state yet) reported it
            java.util.Map<String, String> users = new java.util.LinkedHashMap<>();
            for (heapify.model.StaticType t : analysis.model().types()) {
                String user = t.isStatic() && !t.tpName().isEmpty() ? ModuleFacts.staticTypeUser(analysis, t) : null;
                if (user != null) {
                    users.put(t.cName(), user);
                }
            }
            java.util.List<String> clinic = TypeBlockers.clinicTypes(ctx,
                    ClinicStateTypes.Decision.not("the module already has a state"), users.keySet());
            ModuleFacts.remainingInHeapTypes(ctx, analysis);
            for (heapify.model.StaticType t : analysis.model().types()) {
                if (!t.isStatic()) {
                    TypeBlockers.exportedType(ctx, t);
                } else if (!t.tpName().isEmpty() && !clinic.contains(t.cName())) {
                    String user = users.get(t.cName());
                    if (user != null) {
                        ctx.diagnose(heapify.source.Severity.WARNING, "state-unreachable", t.definition().start(),
                                "type '" + t.cName() + "' is used where the module state cannot be reached (" + user
                                        + "); left static");
                    } else {
                        ctx.diagnose(heapify.source.Severity.WARNING, "module-state-exists", t.definition().start(),
                                "type '" + t.cName() + "' left static: " + why);
                    }
                }
            }
            for (heapify.model.Global g : analysis.movedGlobals()) {
                if (ProcessWideLock.applies(ctx, g)) {
                    continue; // one per process by design, as the first run kept it (rule process-wide-lock)
                }
                if (MovedGlobals.staysConstant(ctx, g)) {
                    continue;
                }
                String user = ModuleFacts.staticGlobalUser(analysis, g);
                if (user != null) {
                    ctx.diagnose(heapify.source.Severity.WARNING, "state-unreachable", g.span().start(), "'"
                            + g.name() + "' stays static and shared: it is used where the module state cannot be "
                            + "reached (" + user + ")");
                } else {
                    ctx.diagnose(heapify.source.Severity.WARNING, "module-state-exists", g.span().start(),
                            "'" + g.name() + "' left process-wide: " + why);
                }
            }
            return ctx.plan();
        }
        int capsule = firstCapsule(analysis, includes);
        String capsuleName = capsule < 0 ? "" : CapsulePerModule.name(ctx, capsule);
        if (capsule >= 0 && CapsulePerModule.perModule(ctx, capsuleName)) {
            ctx.ownCapsule = capsuleName; // made by exec, per module object (rule capsule-per-module)
        } else if (capsule >= 0) {
            // lesson 15: consumers of a capsule keep process-wide pointers to its types and objects;
            // each type is named, so a batch report counts what the capsule keeps static
            int line = 1 + (int) ctx.text().substring(0, capsule).chars().filter(c -> c == '\n').count();
            String maker = ctx.text().substring(capsule).replaceAll("(?s)^(\\w+).*", "$1");
            List<CapsuleUse.Consumer> wide = capsuleName.isEmpty() ? List.of()
                    : CapsulePerModule.processWide(ctx, capsuleName);
            String why = wide.isEmpty() ? "the module exports a C API capsule (" + maker + ", line " + line
                    + ") whose consumers keep process-wide pointers to it; not isolatable without an API change, "
                    + "file left unchanged" : "the module exports a C API capsule (" + maker + ", line " + line
                    + ") that consumers keep process-wide: " + CapsulePerModule.says(wide)
                    + "; each module object cannot make its own, file left unchanged";
            boolean named = false;
            for (heapify.model.StaticType t : analysis.model().types()) {
                if (!t.tpName().isEmpty()) {
                    ctx.diagnose(heapify.source.Severity.WARNING, "capsule-exports-type", t.definition().start(),
                            "type '" + t.cName() + "' left static: " + why);
                    named = true;
                }
            }
            if (!named) {
                ctx.diagnose(heapify.source.Severity.WARNING, "capsule-exports-type", capsule,
                        "the module exports a C API capsule whose consumers keep process-wide pointers; "
                                + "not isolatable without an API change, file left unchanged");
            }
            return ctx.plan();
        }
        ctx = passes(ctx, transformers());
        if (!ctx.ownCapsule.isEmpty()) {
            CapsulePerModule.note(ctx, capsule);
        }
        ModuleFacts.includedTypes(ctx, analysis);
        if (single) {
            java.util.Map<String, String> outside = SecondInstanceSafety.otherFileCalls(ctx);
            if (!outside.isEmpty()) {
                return leftSinglePhaseForCalls(ctx, analysis, options, displayPath, outside);
            }
            java.util.Map<String, String> writes = SecondInstanceSafety.sharedWrites(ctx);
            if (!writes.isEmpty()) {
                return leftSinglePhase(ctx, analysis, options, displayPath, writes);
            }
            if (ctx.migrated().isEmpty() && ctx.moved.isEmpty() && !(analysis.types().isEmpty() && nothingStatic)) {
                // every type stays static and nothing moves: multi-phase init would only run the
                // static setup again (a module with no static state at all still gains isolation)
                return leftSinglePhase(ctx, analysis, options, displayPath, java.util.Map.of());
            }
            String macro = ModuleFacts.initReturnsThroughMacro(analysis);
            if (macro != null) {
                // what the passes found stays named, as for the other reasons to stay single-phase
                MigrationPlan left = leftSinglePhase(ctx, analysis, options, displayPath, java.util.Map.of());
                left.diagnose(heapify.source.Diagnostic.at(heapify.source.Severity.WARNING, "init-macro-returns",
                        displayPath, heapify.source.Span.at(analysis.init().get().function().span().start()), macro
                                + "; an exec function returns -1 and must not release its module, and heapify "
                                + "rewrites only the returns it sees, so the module stays single-phase and the "
                                + "file unchanged"));
                return left;
            }
            String cut = ModuleFacts.definitionCutByConditional(analysis);
            if (cut != null) {
                // Rule 6 moves the definition after exec as one piece; a branch of it would be left
                MigrationPlan left = leftSinglePhase(ctx, analysis, options, displayPath, java.util.Map.of());
                left.diagnose(heapify.source.Diagnostic.at(heapify.source.Severity.WARNING, "module-def-conditional",
                        displayPath, heapify.source.Span.at(analysis.def().get().definition().start()), cut
                                + "; heapify moves and rewrites the definition as one piece and cannot keep "
                                + "both branches, so the module stays single-phase and the file unchanged"));
                return left;
            }
        }
        MigrationPlan refused = refusedForClinicRegion(ctx, analysis, includes, clinicHeaders, options, displayPath);
        if (refused != null) {
            return refused;
        }
        if (options.below(10) && analysis.model().source().text().contains("_Py_IDENTIFIER")) {
            int at = analysis.model().source().text().indexOf("_Py_IDENTIFIER");
            ctx.diagnose(heapify.source.Severity.NOTE, "identifier-cache-3.9", at,
                    "_Py_IDENTIFIER caches its string in a process-wide static on 3.9 (per interpreter from 3.10)");
        }
        return ctx.plan();
    }

    /** A plan that leaves the file unchanged when an edit would fall inside a clinic region, else null. */
    private static MigrationPlan refusedForClinicRegion(MigrationContext ctx, ModuleAnalysis analysis,
                                                        List<heapify.analysis.IncludedState> includes,
                                                        List<heapify.analysis.ClinicHeader> clinicHeaders,
                                                        Options options, Path displayPath) {
        String clinic = ModuleFacts.editInClinicRegion(ctx);
        if (clinic == null) {
            return null;
        }
        MigrationContext left = new MigrationContext(analysis, includes, clinicHeaders, options, displayPath);
        left.diagnose(heapify.source.Severity.ERROR, "clinic-region-edit", ctx.text().indexOf(clinic),
                "the migration would change text inside an Argument Clinic region, which clinic checksums; "
                        + "file left unchanged");
        return left.plan();
    }

    /** The transformers of a module whose types join its existing state (rule state-merged). */
    static List<Transformer> mergeTransformers() {
        return List.of(new FoldInitFieldAssignments(), new ConvertTypeToSpec(), new ClinicStateTypes(),
                new ExactCheckByDealloc(), new SubtypeCheckByDealloc(), new FixDeallocAndTraverse(),
                new MergeIntoExistingState());
    }

    /**
     * A single-phase module with its own state, reached through PyState_FindModule: it stays
     * single-phase and its types join that state; code that cannot reach it keeps its types static.
     */
    private static MigrationPlan merged(ModuleAnalysis analysis, List<heapify.analysis.IncludedState> includes,
                                        List<heapify.analysis.ClinicHeader> clinicHeaders, Options options,
                                        Path displayPath, ExistingState existing) {
        MigrationContext first = new MigrationContext(analysis, includes, clinicHeaders, options, displayPath);
        first.existing = existing;
        MigrationContext ctx = passes(first, mergeTransformers());
        ModuleFacts.includedTypes(ctx, analysis);
        for (heapify.model.Global g : analysis.movedGlobals()) {
            if (!MovedGlobals.staysConstant(ctx, g)) {
                // clause 4: only types join the existing state; each global it leaves is named
                ctx.diagnose(heapify.source.Severity.WARNING, "module-state-exists", g.span().start(),
                        "'" + g.name() + "' left process-wide: heapify merges types into the existing state '"
                                + existing.struct() + "', not globals");
            }
        }
        if (ctx.migrated().isEmpty()) {
            return leftSinglePhase(ctx, analysis, options, displayPath, java.util.Map.of()); // only TODOs would change
        }
        MigrationPlan refused = refusedForClinicRegion(ctx, analysis, includes, clinicHeaders, options, displayPath);
        if (refused != null) {
            return refused;
        }
        return ctx.plan();
    }

    /**
     * Code that cannot reach the state (deallocs, C callbacks, file-level initializers) keeps the
     * types and globals it names static, so the rest migrates and still compiles; each pass may
     * uncover more such names, so plan again until none is new.
     */
    private static MigrationContext passes(MigrationContext first, List<Transformer> transformers) {
        java.util.Map<String, String> keep = new java.util.LinkedHashMap<>();
        MigrationContext ctx = first;
        for (int pass = 0; pass < 64; pass++) {
            ctx = new MigrationContext(ctx); // what depends on the file alone is not computed again
            ctx.keepStatic.putAll(keep);
            for (Transformer t : transformers) {
                t.apply(ctx);
            }
            boolean grew = false;
            for (var e : ctx.unreachableRefs.entrySet()) {
                if (!keep.containsKey(e.getKey())) {
                    keep.put(e.getKey(), e.getValue());
                    grew = true;
                }
            }
            if (!grew) {
                break;
            }
        }
        return ctx;
    }

    /**
     * The file stays as it was: contract clause 2 (the init code writes state that stays
     * process-wide, so the module stays single-phase and, since a single-phase module must not
     * hold heap types either, lesson 16), or every type stays static and nothing would move into a state. The warnings and errors that explain why things stay static are
     * kept; notes describing changes that are no longer made are dropped.
     */
    private static MigrationPlan leftSinglePhase(MigrationContext planned, ModuleAnalysis analysis, Options options,
                                                 Path displayPath, java.util.Map<String, String> writes) {
        MigrationContext ctx = new MigrationContext(analysis, planned.includes(), planned.clinicHeaders(), options, displayPath);
        for (heapify.source.Diagnostic d : planned.plan().diagnostics()) {
            if (d.severity() != heapify.source.Severity.NOTE) {
                ctx.plan().diagnose(d);
            }
        }
        writes.forEach((name, function) -> {
            int at = ModuleFacts.position(ctx, analysis, name);
            ctx.diagnose(heapify.source.Severity.WARNING, "exec-writes-shared-state", at, "'" + name
                    + "' stays process-wide and '" + function + "' writes it during module init; as a multi-phase "
                    + "module every import would overwrite it under the first module object, so the module stays "
                    + "single-phase and the file is left unchanged");
        });
        return ctx.plan();
    }

    /**
     * Contract clause 2 for code heapify cannot read: the init code calls functions of other
     * translation units, which may set process-wide state once per exec. The module stays
     * single-phase and the file unchanged; each call is named, and each type of the file with it.
     */
    private static MigrationPlan leftSinglePhaseForCalls(MigrationContext planned, ModuleAnalysis analysis,
                                                         Options options, Path displayPath,
                                                         java.util.Map<String, String> calls) {
        MigrationContext ctx = new MigrationContext(analysis, planned.includes(), planned.clinicHeaders(), options,
                displayPath);
        for (heapify.source.Diagnostic d : planned.plan().diagnostics()) {
            if (d.severity() != heapify.source.Severity.NOTE) {
                ctx.plan().diagnose(d);
            }
        }
        java.util.List<String> names = new java.util.ArrayList<>(calls.keySet());
        String first = names.get(0);
        String list = names.size() == 1 ? "'" + first + "'"
                : "'" + first + "' and " + (names.size() - 1) + " more";
        java.util.Map<String, java.util.List<String>> byCaller = new java.util.LinkedHashMap<>();
        calls.forEach((callee, caller) -> byCaller.computeIfAbsent(caller, k -> new java.util.ArrayList<>()).add(callee));
        byCaller.forEach((caller, callees) -> {
            int at = firstCallIn(analysis, caller, callees.get(0));
            boolean one = callees.size() == 1;
            String what = one ? "'" + callees.get(0) + "', a function of another file,"
                    : callees.size() + " functions of other files ('" + String.join("', '", callees) + "')";
            ctx.diagnose(heapify.source.Severity.WARNING, "init-calls-other-file", at, "'" + caller + "' calls "
                    + what + " during module init; heapify cannot see what state " + (one ? "it sets" : "they set")
                    + ", and a multi-phase module would run " + (one ? "it" : "them") + " again on every import, "
                    + "so the module stays single-phase and the file is left unchanged");
        });
        for (heapify.model.StaticType t : analysis.types()) {
            if (!planned.isMigrated(t.cName())) {
                continue; // its own diagnostic says why it stays
            }
            ctx.diagnose(heapify.source.Severity.WARNING, "init-calls-other-file", t.definition().start(),
                    "type '" + t.cName() + "' left static: the module init calls " + list
                            + " of another file, so the module stays single-phase");
        }
        return ctx.plan();
    }

    /** Offset of the first call of {@code callee} in the body of {@code caller}. */
    private static int firstCallIn(ModuleAnalysis analysis, String caller, String callee) {
        var f = analysis.model().function(caller).orElseThrow();
        for (int i : analysis.bodyTokens(f)) {
            heapify.lex.Token t = analysis.tokens().get(i);
            if (t.isCode() && t.isIdentifier(callee)) {
                return t.start();
            }
        }
        return f.span().start();
    }

    /**
     * Offset of the first call of PyCapsule_New, or of a macro of the file or its local includes
     * that calls it (pygame's {@code encapsulate_api(c_api, "mask")}), or -1.
     */
    private static int firstCapsule(ModuleAnalysis analysis, List<heapify.analysis.IncludedState> includes) {
        java.util.Set<String> makers = new java.util.HashSet<>(
                heapify.model.InitMacros.capsuleMakersIn(analysis.model().parsed().tokens()));
        for (heapify.analysis.IncludedState inc : includes) {
            makers.addAll(inc.capsuleMacros());
        }
        makers.add("PyCapsule_New");
        for (heapify.lex.Token t : analysis.model().parsed().tokens().all()) {
            if (t.isCode() && t.type() == heapify.lex.antlr.CLexer.IDENTIFIER && makers.contains(t.text())) {
                return t.start();
            }
        }
        return -1;
    }

    /** Offset of the first code token naming {@code function} (comments and strings do not count), or -1. */
    /**
     * True when the file's plan keeps its single-phase init as it is: its state is found with
     * PyState_FindModule and heapify does not merge it (rule state-find-module).
     */
    static boolean keepsSinglePhase(ModuleAnalysis analysis) {
        return analysis.init().isPresent() && !analysis.init().get().multiPhase()
                && firstCall(analysis, "PyState_FindModule") >= 0 && ExistingState.find(analysis) == null;
    }

    private static int firstCall(ModuleAnalysis analysis, String function) {
        for (heapify.lex.Token t : analysis.model().parsed().tokens().all()) {
            if (t.isCode() && t.isIdentifier(function)) {
                return t.start();
            }
        }
        return -1;
    }
}
