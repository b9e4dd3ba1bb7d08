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

    /**
     * Where a global of a module that has a state is named by code that cannot reach the state,
     * as a first run, which had no state yet, reported it; or null: a file-local function without
     * a role that the file passes to a call as a callback ({@code sock_call(s, 0, sock_accept_impl,
     * &ctx)}), whose parameters no state can be added to.
     */
    static String staticGlobalUser(ModuleAnalysis analysis, heapify.model.Global g) {
        for (heapify.model.FunctionDef f : analysis.model().functions()) {
            if (!analysis.roles(f.name()).isEmpty() || !analysis.usedAsValue(f.name())
                    || analysis.onlyBoundByMethodDef(f.name()) || !f.isStatic()) {
                continue;
            }
            boolean names = false;
            for (int k : analysis.bodyTokens(f)) {
                if (analysis.tokens().get(k).isIdentifier(g.name())) {
                    names = true;
                    break;
                }
            }
            if (names && passedToCall(analysis, f.name())) {
                return "'" + f.name() + "': '" + f.name() + "' is used as a callback, so no state parameter "
                        + "can be passed";
            }
        }
        return null;
    }

    /** {@code function} is an argument of a call in a function body: {@code f(a, function, b)}. */
    private static boolean passedToCall(ModuleAnalysis analysis, String function) {
        heapify.lex.TokenList toks = analysis.tokens();
        for (heapify.model.FunctionDef f : analysis.model().functions()) {
            for (int k : analysis.bodyTokens(f)) {
                if (!toks.get(k).isIdentifier(function)) {
                    continue;
                }
                int p = toks.prevCode(k);
                int n = toks.nextCode(k);
                if (p < 0 || n < 0 || !(toks.get(p).isPunct("(") || toks.get(p).isPunct(","))
                        || !(toks.get(n).isPunct(")") || toks.get(n).isPunct(","))) {
                    continue;
                }
                int depth = 0;
                for (int i = p; i >= 0; i = toks.prevCode(i)) {
                    heapify.lex.Token t = toks.get(i);
                    if (t.isPunct(")")) {
                        depth++;
                    } else if (t.isPunct("(") && depth-- == 0) {
                        int callee = toks.prevCode(i);
                        if (callee >= 0 && toks.get(callee).type() == heapify.lex.antlr.CLexer.IDENTIFIER) {
                            return true;
                        }
                        break;
                    } else if (t.type() == heapify.lex.antlr.CLexer.SEMI || t.type() == heapify.lex.antlr.CLexer.LBRACE
                            || t.type() == heapify.lex.antlr.CLexer.RBRACE) {
                        break;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Why a file that creates a module has no {@code PyInit_} function heapify reads, or null: the
     * init is defined through a macro ({@code MODINIT_DEFINE(color) { ... }}, pygame), or its header
     * is split by {@code #if} between a Python 3 {@code PyInit_x(void)} and a Python 2
     * {@code initx(void)} that share one body (audit, cffi), or between such a macro and a head for
     * a platform heapify cannot rule out as a target ({@code #ifdef X} / {@code initx(void)} /
     * {@code #else} / {@code MODINIT_DEFINE(x)} / {@code #endif}).
     */
    static String hiddenInit(ModuleAnalysis analysis) {
        heapify.lex.TokenList tokens = analysis.tokens();
        for (heapify.model.FunctionDef f : analysis.model().functions()) {
            String body = heapify.parse.Nodes.code(tokens, f.body());
            // the regex only where one of its names is: it backtracked over every function body
            if (!body.contains("PyModule") && !body.contains("Py_InitModule")
                    || !body.matches("(?s).*\\b(PyModule_Create2?|Py_InitModule[34]?|PyModuleDef_Init)\\s*\\(.*")) {
                continue;
            }
            if (f.head().isBlank() && f.name().matches("[A-Z_][A-Z0-9_]*")) {
                String head = analysis.model().source().text().substring(f.span().start(),
                        tokens.get(f.body().open()).start()).strip();
                return "its init function is defined through the macro '" + head
                        + "', which heapify does not expand";
            }
            if (f.name().matches("[A-Z_][A-Z0-9_]*")) {
                String head = analysis.model().source().text().substring(f.span().start(),
                        tokens.get(f.body().open()).start());
                if (head.matches("(?s).*\\b" + f.name() + "\\s*\\(.*") && head.matches("(?s)(.*\\n)?[ \\t]*#.*")) {
                    return "its init head '" + f.name() + "(...)' is chosen by #if against another ('"
                            + f.head().strip() + "'), which heapify separates only when that other is a Python 2 or "
                            + "a Symbian head alone in its branch and the macro's use is all of the live head";
                }
            }
            for (int i = 0; i < tokens.size() && tokens.get(i).start() < tokens.get(f.body().open()).start(); i++) {
                heapify.lex.Token t = tokens.get(i);
                if (t.start() >= f.span().start() && t.isCode() && t.type() == heapify.lex.antlr.CLexer.IDENTIFIER
                        && t.text().startsWith("PyInit_") && !t.text().equals(f.name())) {
                    return "the header of '" + t.text() + "' is split by #if from the '" + f.name()
                            + "' header that shares its body (a Python 2 entry point), which heapify does not "
                            + "separate";
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
        for (heapify.lex.Token t : analysis.model().parsed().tokens().directiveTokens()) {
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

    private static final java.util.regex.Pattern DEFINE =
            java.util.regex.Pattern.compile("(?s)#\\s*define\\s+(\\w+)(.*)");

    /**
     * Why a single-phase init cannot become an exec function because it returns through a macro
     * of the file ({@code ADD_ERROR}: {@code Py_DECREF(module); return NULL;}, pygame's
     * constants.c), or null. An exec function returns -1 and must not release the module, and
     * heapify rewrites only the returns it sees; a macro that expands to one, directly or through
     * another macro, would be left returning a pointer from an int function.
     */
    static String initReturnsThroughMacro(ModuleAnalysis analysis) {
        java.util.Map<String, String> bodies = new java.util.LinkedHashMap<>();
        java.util.Map<String, Integer> where = new java.util.HashMap<>();
        heapify.parse.ParsedFile parsed = analysis.model().parsed();
        for (heapify.lex.Token t : parsed.tokens().directiveTokens()) {
            if (!heapify.model.PythonTwoBranch.contains(parsed, t.index())) {
                java.util.regex.Matcher m = DEFINE.matcher(t.text());
                if (m.matches()) {
                    bodies.merge(m.group(1), m.group(2), (a, b) -> a + "\n" + b);
                    where.putIfAbsent(m.group(1), t.start());
                }
            }
        }
        // MODINITERROR (audit), INITERROR (cffi): 'return NULL' alone, named only by init's code,
        // which ExecBodyFixes.initOnlyMacros makes 'return -1'
        bodies.keySet().removeAll(ExecBodyFixes.bareReturnMacros(parsed,
                analysis.init().get().function()));
        java.util.Set<String> returning = new java.util.HashSet<>();
        boolean grew = true;
        while (grew) { // a macro returns when its body returns or names a macro that does
            grew = false;
            for (var e : bodies.entrySet()) {
                if (!returning.contains(e.getKey()) && names(e.getValue(), returning)) {
                    returning.add(e.getKey());
                    grew = true;
                }
            }
        }
        heapify.model.FunctionDef init = analysis.init().get().function();
        for (heapify.lex.Token t : analysis.model().parsed().tokens().all()) {
            if (t.isCode() && t.type() == heapify.lex.antlr.CLexer.IDENTIFIER && returning.contains(t.text())
                    && init.span().contains(t.span())) {
                int line = new heapify.source.LineMap(analysis.model().source().text()).line(where.get(t.text()));
                return "'" + init.name() + "' returns through macro '" + t.text() + "' (line " + line + ")";
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("\\w+");

    private static boolean names(String body, java.util.Set<String> returning) {
        java.util.regex.Matcher w = WORD.matcher(body);
        while (w.find()) {
            if (w.group().equals("return") || returning.contains(w.group())) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern CONDITIONAL =
            java.util.regex.Pattern.compile("(?s)#\\s*(if|ifdef|ifndef|elif|else|endif)\\b.*");

    /**
     * Why the module's {@code PyModuleDef} cannot be moved after exec, or null: a preprocessor
     * conditional inside its definition (pygame's imageext.c: {@code #ifdef WITH_THREAD} /
     * {@code _imageext_free};} / {@code #else} / {@code 0};} / {@code #endif}). Each branch gives
     * the initializer other fields, and the definition read ends in the first branch: moving it
     * would leave the other branch's lines, an {@code #else} without its {@code #if}.
     */
    static String definitionCutByConditional(ModuleAnalysis analysis) {
        if (analysis.def().isEmpty()) {
            return null;
        }
        heapify.model.ModuleDef def = analysis.def().get();
        heapify.source.Span span = def.definition();
        for (heapify.lex.Token t : analysis.model().parsed().tokens().directiveTokens()) {
            if (t.isDirective() && t.start() > span.start() && t.start() < span.end()
                    && CONDITIONAL.matcher(t.text()).matches()) {
                int line = new heapify.source.LineMap(analysis.model().source().text()).line(t.start());
                return "the module definition '" + def.cName() + "' holds a preprocessor conditional ('"
                        + t.text().strip().replaceAll("\\s+", " ") + "', line " + line + ")";
            }
        }
        return null;
    }
}
