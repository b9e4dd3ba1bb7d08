package heapify.transform;

import heapify.lex.Token;
import heapify.model.FunctionDef;
import heapify.model.InitFunction;
import heapify.model.MemberTable;
import heapify.model.ModuleDef;
import heapify.model.StaticType;
import heapify.model.TableEntry;
import heapify.source.Severity;
import heapify.source.Span;
import heapify.transform.Views.ExecHeadView;
import heapify.transform.Views.ModuleDefView;
import heapify.transform.Views.ModuleInitView;
import heapify.transform.Views.ModuleSlotsView;
import java.util.List;
import java.util.Optional;

/**
 * Rule 6: turns a single-phase {@code PyInit_foo} into {@code static int foo_exec(PyObject *m)}
 * in place (its body after {@code PyModule_Create} keeps its order; {@code return m} becomes
 * {@code return 0}, {@code return NULL} becomes {@code return -1}, the module is no longer
 * DECREF'd), then emits the slot array, the multi-phase {@code PyModuleDef} (moved after exec) and
 * a {@code PyInit_foo} returning {@code PyModuleDef_Init}. In both styles the exec function
 * creates the heap types first, base first, and loses {@code PyType_Ready}, the INCREF/DECREF of
 * static types and the init-code field assignments; adds of types become {@code PyModule_AddType}.
 */
public final class UseMultiPhaseInit implements Transformer {
    @Override
    public void apply(MigrationContext ctx) {
        Optional<InitFunction> init = ctx.analysis().init();
        Optional<FunctionDef> execOpt = ctx.analysis().exec();
        Optional<ModuleDef> defOpt = ctx.analysis().def();
        if (init.isEmpty() || execOpt.isEmpty() || defOpt.isEmpty()) {
            if (init.isPresent()) {
                ctx.diagnose(Severity.ERROR, "initializer-unparsed", init.get().function().span().start(),
                        "module definition or exec function not found; module init left as it is");
            }
            return;
        }
        FunctionDef exec = execOpt.get();
        ModuleDef def = defOpt.get();
        boolean single = !init.get().multiPhase();
        boolean hasState = !ctx.migrated().isEmpty() || !ctx.moved.isEmpty();
        if (!single && !hasState) {
            return; // already multi-phase, nothing moved into a state
        }
        RewriteInitBody.rewriteBody(ctx, exec, single);
        ExecBodyFixes.typeDictWrites(ctx, exec);
        if (single) {
            ExecBodyFixes.initOnlyMacros(ctx, exec);
        }
        if (hasState) {
            CreateHeapTypes.createTypes(ctx, exec);
        }
        String slotsName = def.value("m_slots");
        boolean perInterpreter = perInterpreter(ctx);
        if (single) {
            String macro = init.get().macro();
            if (!macro.isEmpty()) {
                ctx.diagnose(Severity.NOTE, "init-macro", exec.span().start(), "'" + macro + "' is read as 'PyInit_"
                        + init.get().moduleName() + "(void)', as the macro's definition in the file or a local "
                        + "include writes it");
            }
            Token close = ctx.token(exec.body().close());
            String execName = ctx.names().fresh("module exec", ctx.names().baseName() + "_exec");
            // header: PyMODINIT_FUNC PyInit_foo(void) -> static int foo_exec(PyObject *m)
            int paramsEnd = ctx.layout().prevCode(exec.body().open());
            Span head = init.get().pythonTwo().isPresent()
                    ? DropPythonTwoInit.apply(ctx, exec, init.get().pythonTwo().get())
                    : new Span(exec.span().start(), ctx.token(paramsEnd).end());
            ctx.plan().replace(head, "init to exec",
                    ctx.template("exec-head", new ExecHeadView(execName, ctx.execParam), ""));
            slotsName = ctx.names().fresh("module slots", ctx.names().baseName() + "_slots");
            String declaration = declarationOf(ctx, def);
            for (Span piece : ctx.layout().deletionSpansKeepingDirectives(ctx.layout().withSemicolon(def.definition()))) {
                ctx.plan().replace(piece, "module definition moves after exec");
            }
            int at = ctx.layout().nextLineStart(close.end());
            ctx.plan().insert(at, "module slots, definition and init",
                    Fragment.lineBreaks(ctx.eol(), 1),
                    ctx.template("module-slots", new ModuleSlotsView(slotsName, execName, perInterpreter,
                            ctx.options().below(12) || limitedApi(ctx), limitedApi(ctx)), ""),
                    Fragment.lineBreaks(ctx.eol(), 2),
                    ctx.template("module-def", defView(ctx, def, declaration, slotsName, hasState), ""),
                    Fragment.lineBreaks(ctx.eol(), 2),
                    ctx.template("module-init", new ModuleInitView("PyInit_" + init.get().moduleName(), def.cName()), ""),
                    Fragment.lineBreaks(ctx.eol(), 1));
        } else {
            Optional<MemberTable> slots = ctx.analysis().moduleSlots();
            if (slots.isPresent() && hasState
                    && slots.get().entries().stream().noneMatch(e -> e.value(0).equals("Py_mod_multiple_interpreters"))) {
                List<TableEntry> es = slots.get().entries();
                TableEntry sentinel = es.get(es.size() - 1);
                ctx.plan().insert(ctx.layout().lineStart(sentinel.span().start()), "per-interpreter GIL slot",
                        ctx.template("module-slot-entries", new ModuleSlotsView(slotsName, "", perInterpreter,
                                ctx.options().below(12) || limitedApi(ctx), limitedApi(ctx)), ctx.layout().indentAt(sentinel.span().start())));
            }
            if (hasState) {
                ctx.plan().replace(ctx.layout().withSemicolon(def.definition()), "module definition with state",
                        ctx.template("module-def", defView(ctx, def, declarationOf(ctx, def), slotsName, true), ""));
            }
        }
        if (!perInterpreter && hasState) {
            ctx.diagnose(Severity.NOTE, "shared-state-left", def.definition().start(),
                    "no Py_mod_multiple_interpreters slot: shared state remains (" + String.join(", ", ctx.sharedState)
                            + ")");
        }
    }

    /** The file defines {@code Py_LIMITED_API} itself. */
    private static boolean limitedApi(MigrationContext ctx) {
        for (Token t : ctx.tokens().directiveTokens()) {
            if (t.isDirective() && t.text().matches("(?s)\\s*#\\s*define\\s+Py_LIMITED_API\\b.*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean perInterpreter(MigrationContext ctx) {
        if (ctx.text().contains("PyGILState_")) {
            ctx.sharedState.add("PyGILState_* calls");
        }
        if (ctx.text().contains("PyState_FindModule")) {
            ctx.sharedState.add("PyState_FindModule");
        }
        // another module's C API, cached process-wide by an import macro of a local header
        // (pygame's import_pygame_base() fills the static _PGSLOTS_base)
        for (heapify.analysis.IncludedState inc : ctx.includes()) {
            // the header that declares how others import this module's own capsule (socketmodule.h)
            boolean own = !ctx.ownCapsule.isEmpty() && ctx.capsules.get().importedThrough(ctx.ownCapsule,
                    java.nio.file.Path.of(inc.file()).getFileName().toString());
            if (inc.capsuleImport() && !own) {
                ctx.sharedState.add("a C API capsule read through '" + inc.file() + "'");
                ctx.diagnose(Severity.WARNING, "capsule-exports-type", ctx.analysis().def().get().definition().start(),
                        "the module reads another module's C API capsule through '" + inc.file()
                                + "' into process-wide pointers; it claims no isolation");
                break;
            }
        }
        for (StaticType t : ctx.analysis().types()) {
            if (!ctx.isMigrated(t.cName())) {
                ctx.sharedState.add("static type '" + t.cName() + "'");
            }
        }
        for (StaticType t : ctx.model().types()) {
            if (!t.isStatic()) {
                ctx.sharedState.add("type '" + t.cName() + "' with external linkage");
            }
        }
        for (heapify.analysis.IncludedState inc : ctx.includes()) {
            for (String t : inc.staticTypes()) {
                ctx.sharedState.add("static type '" + t + "' in '" + inc.file() + "'");
            }
            for (String g : inc.globals()) {
                ctx.sharedState.add("'" + g + "' in '" + inc.file() + "'");
            }
        }
        SecondInstanceSafety.otherFileCalls(ctx).forEach((callee, caller) ->
                ctx.sharedState.add("'" + callee + "' of another file, called by '" + caller + "'"));
        return ctx.sharedState.isEmpty();
    }

    private static String declarationOf(MigrationContext ctx, ModuleDef def) {
        String head = ctx.text().substring(def.definition().start(), def.definition().end());
        int i = head.indexOf(def.cName());
        return head.substring(0, i).strip().replaceAll("\\s+", " ");
    }

    private static ModuleDefView defView(MigrationContext ctx, ModuleDef def, String declaration, String slots,
                                         boolean hasState) {
        String methods = def.value("m_methods");
        return new ModuleDefView(declaration + " " + def.cName(), def.value("m_name"), clean(def.value("m_doc")),
                hasState ? ctx.names().stateType() : "", clean(methods), slots,
                hasState ? AddModuleState.hookName(ctx, "traverse") : "",
                hasState ? AddModuleState.hookName(ctx, "clear") : "",
                hasState ? AddModuleState.hookName(ctx, "free") : "");
    }

    private static String clean(String v) {
        return v.equals("NULL") || v.equals("0") ? "" : v;
    }

    // ---- body ---------------------------------------------------------------------------------

    // ---- type creation ---------------------------------------------------------------------------

}
