package heapify.transform;

import heapify.analysis.ModuleAnalysis;
import heapify.lex.Token;
import heapify.model.FunctionDef;
import heapify.model.ModuleDef;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state a single-phase init file of a module made of several files already has, declared in
 * the module's shared header, which the types of its other files can join (rules module-unit
 * and state-merged), as CPython 3.11's _io has it:
 * <pre>
 * _iomodule.h:  typedef struct { int initialized; ...; PyObject *unsupported_operation; } _PyIO_State;
 *               #define IO_MOD_STATE(mod) ((_PyIO_State *)PyModule_GetState(mod))   // getter
 * _iomodule.c:  .m_size = sizeof(_PyIO_State), .m_traverse = iomodule_traverse, .m_clear = iomodule_clear
 *               PyInit__io: _PyIO_State *state = ...; state = get_io_state(m);      // local
 * </pre>
 * {@code traverse} and {@code clear} are the hooks whose body-level {@code Py_VISIT(state->x);}
 * and {@code Py_CLEAR(state->x);} lines list the fields; the new field's line goes after the
 * last of each ({@code visitAfter}, {@code clearAfter}: offsets of the next line's start).
 * Found from the code alone, so a rerun over heapify's output finds the same.
 */
public record UnitState(String struct, String getter, String local, int visitAfter, String visitIndent,
                        String visitVar, int clearAfter, String clearIndent, String clearVar) {
    private static final Pattern SIZEOF = Pattern.compile("^sizeof\\s*\\(\\s*(\\w+)\\s*\\)$");

    /**
     * The state of {@code init} declared in {@code header} (the header's text), or null when
     * either is not of that shape; {@code loopStart} is where the init's loop over its types
     * begins, which the init's state local must be set before.
     */
    public static UnitState find(ModuleAnalysis init, String header, int loopStart) {
        if (init == null || header == null || loopStart < 0 || init.def().isEmpty() || init.init().isEmpty()) {
            return null;
        }
        ModuleDef def = init.def().get();
        Matcher size = SIZEOF.matcher(def.value("m_size").strip());
        if (!size.matches()) {
            return null;
        }
        String struct = size.group(1);
        String q = Pattern.quote(struct);
        // the struct is completed in the header, and nowhere else
        if (!Pattern.compile("(?m)^}[ \\t]*" + q + "[ \\t]*;").matcher(header).find()) {
            return null;
        }
        Matcher g = Pattern.compile("(?m)^[ \\t]*#[ \\t]*define[ \\t]+(\\w+)\\((\\w+)\\)[ \\t]+\\(\\(" + q
                + "[ \\t]*\\*\\)[ \\t]*PyModule_GetState\\((\\w+)\\)\\)[ \\t]*$").matcher(header);
        String getter = null;
        while (g.find()) {
            if (g.group(2).equals(g.group(3))) {
                getter = g.group(1);
                break;
            }
        }
        if (getter == null) {
            return null;
        }
        FunctionDef pyInit = init.init().get().function();
        String text = init.model().source().text();
        String body = text.substring(init.tokens().get(pyInit.body().open()).start(), Math.min(loopStart,
                init.tokens().get(pyInit.body().close()).start()));
        Matcher local = Pattern.compile("\\b" + q + "[ \\t]*\\*[ \\t]*(\\w+)\\b").matcher(body);
        if (!local.find() || !Pattern.compile("(?m)^[ \\t]*" + local.group(1) + "[ \\t]*=[ \\t]*\\w+\\(\\w+\\);")
                .matcher(body).find()) {
            return null;
        }
        int[] visit = hookLine(init, def, "m_traverse", "Py_VISIT");
        int[] clear = hookLine(init, def, "m_clear", "Py_CLEAR");
        if (visit == null || clear == null) {
            return null;
        }
        return new UnitState(struct, getter, local.group(1), visit[0], indent(text, visit[1]), var(text, visit[1]),
                clear[0], indent(text, clear[1]), var(text, clear[1]));
    }

    /**
     * The hook {@code field}'s last line {@code macro(v->x);} at its body's own level: the start of
     * the line after it and its own start; null when there is none.
     */
    private static int[] hookLine(ModuleAnalysis init, ModuleDef def, String field, String macro) {
        String name = ModuleAnalysis.lastIdentifier(def.value(field));
        FunctionDef f = init.model().function(name).orElse(null);
        if (f == null || f.body() == null) {
            return null;
        }
        String text = init.model().source().text();
        Token open = init.tokens().get(f.body().open());
        Token close = init.tokens().get(f.body().close());
        String body = text.substring(open.end(), close.start());
        Matcher first = Pattern.compile("(?m)^([ \\t]+)\\S").matcher(body);
        if (!first.find()) {
            return null;
        }
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(first.group(1)) + macro
                + "\\((\\w+)->\\w+\\);[ \\t]*\\r?$").matcher(body);
        int[] out = null;
        while (m.find()) {
            int start = open.end() + m.start();
            int next = text.indexOf('\n', open.end() + m.end());
            out = new int[] {next < 0 ? text.length() : next + 1, start};
        }
        return out;
    }

    private static String indent(String text, int lineStart) {
        Matcher m = Pattern.compile("^[ \\t]*").matcher(text.substring(lineStart));
        return m.find() ? m.group() : "";
    }

    private static String var(String text, int lineStart) {
        Matcher m = Pattern.compile("^[ \\t]*Py_\\w+\\((\\w+)->").matcher(text.substring(lineStart));
        return m.find() ? m.group(1) : "";
    }
}
