package heapify.transform;

import heapify.analysis.Stmt;
import heapify.model.FunctionDef;
import heapify.model.StaticType;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds type fields set in init code before {@code PyType_Ready}, such as xxsubtype's
 * {@code spamdict_type.tp_base = &PyDict_Type;} or {@code Foo_Type.tp_new = PyType_GenericNew;},
 * so the spec and bases carry them; the statements are removed with the rest of the static setup
 * of a migrated type, and kept for a type that stays static (the contract: what stays static keeps
 * working).
 */
public final class FoldInitFieldAssignments implements Transformer {
    private static final Pattern ASSIGN = Pattern.compile("^(\\w+)\\s*\\.\\s*(tp_\\w+|ob_type)\\s*=\\s*(.*?)\\s*;$",
            Pattern.DOTALL);
    private static final Pattern SET_TYPE = Pattern.compile("^Py_SET_TYPE\\s*\\(\\s*&\\s*(\\w+)\\s*,(.*)\\)\\s*;$",
            Pattern.DOTALL);

    @Override
    public void apply(MigrationContext ctx) {
        FunctionDef exec = ctx.analysis().exec().orElse(null);
        if (exec == null) {
            return;
        }
        for (Stmt s : ctx.statements().of(exec.body())) {
            if (s.kind() != Stmt.Kind.SIMPLE) {
                continue;
            }
            String code = ctx.layout().code(s);
            Matcher m = ASSIGN.matcher(code);
            Matcher st = SET_TYPE.matcher(code);
            if (m.find()) {
                StaticType t = ctx.type(m.group(1));
                if (t == null) {
                    continue;
                }
                // ob_type too: a metatype set in init is one (TypeBlockers)
                ctx.initAssignments.computeIfAbsent(t.cName(), k -> new LinkedHashMap<>())
                        .put(m.group(2), m.group(3));
                ctx.initAssignmentStatements.put(s, t.cName());
            } else if (st.find() && ctx.type(st.group(1)) != null) {
                ctx.initAssignments.computeIfAbsent(st.group(1), k -> new LinkedHashMap<>())
                        .put("ob_type", st.group(2).strip());
                ctx.initAssignmentStatements.put(s, st.group(1));
            }
        }
    }
}
