package heapify.transform;

import heapify.analysis.ModuleAnalysis;

/**
 * The module-level facts Migration's gates read off the code (the contract, clauses 1, 4 and
 * 5): how PyInit_ creates the module, what of an included file or a heap-type module is still
 * shared, which static type's functions keep a type static, and where an edit would enter an
 * Argument Clinic region. Each is derived from the model on every run, never from TODO text.
 */
final class ModuleFacts {
    private ModuleFacts() {
    }

    /**
     * What a module already made of heap types still shares, as the first run reported it:
     * function-level statics, and spec names without a dot.
     */
    static void remainingInHeapTypes(MigrationContext ctx, ModuleAnalysis analysis) {
        MovedGlobals.sharedFunctionStatics(ctx);
        for (heapify.model.SpecType s : analysis.model().specTypes()) {
            TypeBlockers.nameWithoutDot(ctx, s.name(), s.definition().start());
        }
    }

    /**
     * The first function, in file order, that belongs to another type left static and names
     * {@code t}: such a function cannot reach a module state, so {@code t} stays static for it,
     * as the first run found ({@code "'f': it belongs to the static type 'U'"}), or null.
     */
    static String staticTypeUser(ModuleAnalysis analysis, heapify.model.StaticType t) {
        java.util.Set<String> statics = analysis.typeNames();
        for (heapify.model.FunctionDef f : analysis.model().functions()) {
            for (heapify.analysis.FunctionRole r : analysis.roles(f.name())) {
                if (r.type().equals(t.cName()) || !statics.contains(r.type())) {
                    continue;
                }
                for (int k : analysis.bodyTokens(f)) {
                    heapify.lex.Token tok = analysis.tokens().get(k);
                    if (tok.type() == heapify.lex.antlr.CLexer.IDENTIFIER && tok.text().equals(t.cName())) {
                        return "'" + f.name() + "': it belongs to the static type '" + r.type() + "'";
                    }
                }
            }
        }
        // a dealloc or traverse/clear that names it, or a helper it calls that does (as the
        // passes of a first run attribute it: rule 4, never a state lookup there)
        for (heapify.model.FunctionDef f : analysis.model().functions()) {
            for (heapify.analysis.FunctionRole r : analysis.roles(f.name())) {
                String why = r.kind() == heapify.analysis.FunctionKind.DEALLOC ? StateAccessChoice.DEALLOC_REASON
                        : r.kind() == heapify.analysis.FunctionKind.GC ? StateAccessChoice.GC_REASON : null;
                if (why != null && namesThroughHelpers(analysis, f.name(), t.cName(), new java.util.HashSet<>())) {
                    return "'" + f.name() + "': " + why;
                }
            }
        }
        return null;
    }

    /** True when {@code function}, or a helper without a role it calls (transitively), names {@code name}. */
    private static boolean namesThroughHelpers(ModuleAnalysis analysis, String function, String name,
                                               java.util.Set<String> seen) {
        if (!seen.add(function)) {
            return false;
        }
        var f = analysis.model().function(function);
        if (f.isEmpty()) {
            return false;
        }
        for (int k : analysis.bodyTokens(f.get())) {
            heapify.lex.Token tok = analysis.tokens().get(k);
            if (tok.type() == heapify.lex.antlr.CLexer.IDENTIFIER && tok.text().equals(name)) {
                return true;
            }
        }
        for (String callee : analysis.callees(function)) {
            if (analysis.roles(callee).isEmpty() && namesThroughHelpers(analysis, callee, name, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Types of included local files stay static: each is named at its {@code #include}. */
    static void includedTypes(MigrationContext ctx, ModuleAnalysis analysis) {
        for (heapify.analysis.IncludedState inc : ctx.includes()) {
            int at = includeDirective(analysis, inc.file());
            for (String t : inc.staticTypes()) {
                ctx.diagnose(heapify.source.Severity.WARNING, "type-in-included-file", at, "type '" + t
                        + "' is defined in the included file '" + inc.file()
                        + "'; heapify migrates the file that initializes the module only; left static");
            }
        }
    }

    static int includeDirective(ModuleAnalysis analysis, String file) {
        for (heapify.lex.Token t : analysis.model().parsed().tokens().all()) {
            if (t.isDirective() && t.text().matches("(?s)\\s*#\\s*include\\s*\"" + java.util.regex.Pattern.quote(file)
                    + "\".*")) {
                return t.start();
            }
        }
        return 0;
    }

    /** The text of the first clinic region an edit falls inside (an insertion at its start is outside), or null. */
    static String editInClinicRegion(MigrationContext ctx) {
        for (heapify.source.Span r : ctx.layout().clinicRegions()) {
            for (PlannedEdit e : ctx.plan().edits()) {
                if (e.reason().equals("clinic type object")) {
                    continue; // clinic's own names, with the checksums apply recomputes (ClinicStateTypes)
                }
                if (e.span().start() < r.end() && e.span().end() > r.start()
                        && !(e.span().isEmpty() && e.span().start() == r.start())) {
                    return ctx.text().substring(r.start(), r.end());
                }
            }
        }
        return null;
    }

    /** Where a global or a type of this file is defined. */
    static int position(MigrationContext ctx, ModuleAnalysis analysis, String name) {
        for (heapify.analysis.IncludedState inc : ctx.includes()) {
            if (inc.globals().contains(name) || inc.staticTypes().contains(name)) {
                return includeDirective(analysis, inc.file());
            }
        }
        for (heapify.model.Global g : analysis.movedGlobals()) {
            if (g.name().equals(name)) {
                return g.span().start();
            }
        }
        for (heapify.model.StaticType t : analysis.types()) {
            if (t.cName().equals(name)) {
                return t.definition().start();
            }
        }
        for (heapify.model.Global g : analysis.model().globals()) {
            if (g.name().equals(name) && g.function().isEmpty()) {
                return g.span().start();
            }
        }
        for (heapify.lex.Token t : analysis.tokens().all()) {
            if (t.isCode() && t.isIdentifier(name)) {
                return t.start(); // a declaration without initializer: its first mention
            }
        }
        return 0;
    }

    /**
     * Why the module object of a single-phase module is not made by its PyInit_ function itself
     * (a helper such as {@code return moduleinit();}, a second PyModule_Create elsewhere), or null.
     */
    static String moduleCreatedElsewhere(ModuleAnalysis analysis) {
        heapify.model.FunctionDef init = analysis.init().get().function();
        int inInit = 0;
        for (heapify.lex.Token t : analysis.model().parsed().tokens().all()) {
            if (!t.isCode() || !(t.isIdentifier("PyModule_Create") || t.isIdentifier("PyModule_Create2"))) {
                continue;
            }
            if (!init.span().contains(t.span())) {
                String in = analysis.model().functions().stream().filter(f -> f.span().contains(t.span()))
                        .map(f -> "'" + f.name() + "'").findFirst().orElse("file-level code");
                return "the module object is created in " + in + ", not in '" + init.name() + "'";
            }
            inInit++;
        }
        if (inInit == 0) {
            return "'" + init.name() + "' does not call PyModule_Create itself";
        }
        if (inInit > 1) {
            return "'" + init.name() + "' calls PyModule_Create " + inInit + " times";
        }
        return null;
    }
}
