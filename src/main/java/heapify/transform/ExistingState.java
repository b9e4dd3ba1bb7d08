package heapify.transform;

import heapify.analysis.ModuleAnalysis;
import heapify.lex.Token;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.model.ModuleDef;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The module state a single-phase module already has and reaches with {@code PyState_FindModule}
 * (rule {@code state-merged}), as _pickle and _elementtree have it:
 * <pre>
 * typedef struct { PyObject *PickleError; ... } PickleState;          // struct, closed at structClose
 * static PickleState *_Pickle_GetState(PyObject *module) {...}        // getter: module -> state
 * static PickleState *_Pickle_GetGlobalState(void)
 * { return _Pickle_GetState(PyState_FindModule(&amp;_picklemodule)); }   // accessor: "_Pickle_GetGlobalState()"
 * .m_size = sizeof(PickleState), .m_traverse = pickle_traverse, .m_clear = pickle_clear
 * </pre>
 * {@code visitor} and {@code clearer} are the functions whose {@code Py_VISIT(st->x)} and
 * {@code Py_CLEAR(st->x)} lines list the fields ({@code _Pickle_ClearState}, called by m_clear).
 * Found from the code alone, so a rerun over heapify's output finds the same.
 */
record ExistingState(String struct, int structClose, String getter, String accessor, int accessorEnd,
                     FunctionDef visitor, FunctionDef clearer) {
    private static final Pattern SIZEOF = Pattern.compile("^sizeof\\s*\\(\\s*(?:struct\\s+)?(\\w+)\\s*\\)$");
    private static final Pattern CREATE = Pattern.compile("\\b\\w+\\s*=\\s*PyModule_Create2?\\s*\\(");
    private static final Pattern OBJECT_MACRO = Pattern.compile("(?s)^\\s*#\\s*define\\s+(\\w+)(\\s.*)$");

    /** The state to merge into, or null when the module has none of this shape ({@code why} below says so). */
    static ExistingState find(ModuleAnalysis analysis) {
        return why(analysis) == null ? build(analysis) : null;
    }

    /** Why the module's state is not of the shape heapify merges into, or null when it is. */
    static String why(ModuleAnalysis analysis) {
        if (analysis.def().isEmpty()) {
            return "no module definition was found";
        }
        ModuleDef def = analysis.def().get();
        if (!SIZEOF.matcher(def.value("m_size").strip()).matches()) {
            return "its m_size is '" + def.value("m_size") + "', not sizeof of a state struct";
        }
        String struct = structName(def);
        if (structClose(analysis, struct) < 0) {
            return "the struct '" + struct + "' is not defined in the file";
        }
        if (getter(analysis, struct) == null) {
            return "no function of the file returns the '" + struct + "' of a module";
        }
        if (accessor(analysis, def) == null) {
            return "no function or macro of the file wraps PyState_FindModule(&" + def.cName() + ")";
        }
        if (analysis.init().isEmpty() || !CREATE.matcher(body(analysis, analysis.init().get().function())).find()) {
            return "its PyInit_ function does not create the module with 'm = PyModule_Create(...)'";
        }
        if (hook(analysis, def, "m_traverse", "Py_VISIT") == null || hook(analysis, def, "m_clear", "Py_CLEAR") == null) {
            return "its m_traverse and m_clear do not list the state's fields with Py_VISIT and Py_CLEAR";
        }
        return null;
    }

    private static ExistingState build(ModuleAnalysis analysis) {
        ModuleDef def = analysis.def().orElseThrow();
        String struct = structName(def);
        String[] acc = accessor(analysis, def);
        return new ExistingState(struct, structClose(analysis, struct), getter(analysis, struct), acc[0],
                Integer.parseInt(acc[1]), hook(analysis, def, "m_traverse", "Py_VISIT"),
                hook(analysis, def, "m_clear", "Py_CLEAR"));
    }

    private static String structName(ModuleDef def) {
        Matcher m = SIZEOF.matcher(def.value("m_size").strip());
        return m.matches() ? m.group(1) : "";
    }

    /** Offset of the '}' closing {@code typedef struct {...} NAME;} or {@code struct NAME {...};}, or -1. */
    static int structClose(ModuleAnalysis analysis, String struct) {
        List<Token> code = analysis.tokens().all().stream().filter(Token::isCode).toList();
        for (int i = 1; i + 1 < code.size(); i++) {
            Token t = code.get(i);
            if (t.isIdentifier(struct) && code.get(i - 1).type() == CLexer.RBRACE && code.get(i + 1).text().equals(";")) {
                return code.get(i - 1).start();
            }
            if (t.isIdentifier(struct) && code.get(i - 1).isIdentifier("struct") && code.get(i + 1).type() == CLexer.LBRACE) {
                int depth = 0;
                for (int j = i + 1; j < code.size(); j++) {
                    if (code.get(j).type() == CLexer.LBRACE) {
                        depth++;
                    } else if (code.get(j).type() == CLexer.RBRACE && --depth == 0) {
                        return code.get(j).start();
                    }
                }
            }
        }
        return -1;
    }

    /** A function {@code NAME *f(PyObject *module)} whose body gets the module's state. */
    private static String getter(ModuleAnalysis analysis, String struct) {
        for (FunctionDef f : analysis.model().functions()) {
            if (f.body() != null && f.params().size() == 1 && f.params().get(0).isObjectPointer()
                    && f.head().matches("(?s).*\\b" + Pattern.quote(struct) + "\\s*\\*.*")
                    && body(analysis, f).matches("(?s).*\\b_?PyModule_GetState\\s*\\(.*")) {
                return f.name();
            }
        }
        return null;
    }

    /**
     * The expression that reaches the state from anywhere after the module was registered: a
     * no-argument function ({@code _Pickle_GetGlobalState()}) or an object-like macro
     * ({@code ET_STATE_GLOBAL}) wrapping {@code PyState_FindModule(&def)}; with the offset after
     * its definition, where code may use it.
     */
    private static String[] accessor(ModuleAnalysis analysis, ModuleDef def) {
        Pattern find = Pattern.compile("(?s).*PyState_FindModule\\s*\\(\\s*&\\s*" + Pattern.quote(def.cName()) + "\\s*\\).*");
        for (FunctionDef f : analysis.model().functions()) {
            boolean noArgs = f.params().isEmpty() || f.params().size() == 1 && f.params().get(0).type().strip().equals("void");
            if (f.body() != null && noArgs && !f.head().contains("PyMODINIT_FUNC") && f.head().matches("(?s).*\\*.*")
                    && !f.name().startsWith("PyInit_") && find.matcher(body(analysis, f)).matches()) {
                return new String[] {f.name() + "()", Integer.toString(f.span().end())};
            }
        }
        for (Token t : analysis.tokens().all()) {
            Matcher m = t.isDirective() ? OBJECT_MACRO.matcher(t.text()) : null;
            if (m != null && m.find() && find.matcher(m.group(2)).matches()) {
                String value = m.group(2).replace("\\\n", " ").replace("\\\r\n", " ").strip();
                String name = value.startsWith("(") && value.endsWith(")") ? m.group(1) : "(" + m.group(1) + ")";
                return new String[] {name, Integer.toString(t.end())};
            }
        }
        return null;
    }

    /** The module hook {@code field}, or the one function it calls, that lists the state's fields with {@code macro}. */
    private static FunctionDef hook(ModuleAnalysis analysis, ModuleDef def, String field, String macro) {
        String name = ModuleAnalysis.lastIdentifier(def.value(field));
        FunctionDef f = analysis.model().function(name).orElse(null);
        if (f == null || f.body() == null) {
            return null;
        }
        Pattern lists = Pattern.compile("(?s).*\\b" + macro + "\\s*\\(\\s*\\w+\\s*->.*");
        if (lists.matcher(body(analysis, f)).matches()) {
            return f;
        }
        FunctionDef found = null;
        for (String c : analysis.callees(name)) {
            FunctionDef cf = analysis.model().function(c).orElse(null);
            if (cf != null && cf.body() != null && lists.matcher(body(analysis, cf)).matches()) {
                if (found != null) {
                    return null;
                }
                found = cf;
            }
        }
        return found;
    }

    private static String body(ModuleAnalysis analysis, FunctionDef f) {
        Token open = analysis.tokens().get(f.body().open());
        Token close = analysis.tokens().get(f.body().close());
        return analysis.model().source().text().substring(open.start(), close.end());
    }
}
