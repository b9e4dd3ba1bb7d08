package heapify.transform;

import heapify.parse.Nodes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule 6: the module variable of the init code ({@code m} in {@code m = PyModule_Create(...)})
 * and the exec function's parameter: the variable itself, or a new name when its declaration
 * cannot go ({@code PyObject *m, *x;} keeps {@code m} and assigns it from the parameter).
 */
final class ModuleVariable {
    private ModuleVariable() {
    }

    static void find(MigrationContext ctx) {
        ctx.analysis().exec().ifPresent(e -> {
            if (ctx.analysis().init().map(i -> i.multiPhase()).orElse(false)) {
                if (!e.params().isEmpty()) {
                    ctx.moduleVar = e.params().get(0).name();
                }
                ctx.execParam = ctx.moduleVar;
            } else {
                Matcher m = Pattern.compile("\\b(\\w+)\\s*=\\s*PyModule_Create2?\\s*\\(")
                        .matcher(Nodes.code(ctx.tokens(), e.body()));
                if (m.find()) {
                    ctx.moduleVar = m.group(1);
                }
                ctx.execParam = ctx.moduleVar;
                String v = Pattern.quote(ctx.moduleVar);
                boolean simple = false;
                for (heapify.analysis.Stmt st : ctx.statements().of(e.body())) {
                    String code = ctx.layout().code(st);
                    if (code.matches("(?s)PyObject\\s*\\*\\s*" + v + "\\s*(=\\s*NULL\\s*)?;")
                            || code.matches("(?s)PyObject\\s*\\*\\s*" + v + "\\s*=\\s*PyModule_Create2?\\s*\\(.*\\)\\s*;")) {
                        simple = true;
                    }
                }
                if (!simple) {
                    // e.g. "PyObject *m, *x;": keep the variable, assign it from the parameter
                    ctx.keepModuleVar = true;
                    ctx.execParam = Nodes.code(ctx.tokens(), e.body()).matches("(?s).*\\bmodule\\b.*")
                            ? "heapify_module" : "module";
                }
            }
        });
    }
}
