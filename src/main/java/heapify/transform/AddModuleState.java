package heapify.transform;

import heapify.model.FunctionDef;
import heapify.model.Global;
import heapify.model.GlobalCategory;
import heapify.model.StaticType;
import heapify.source.Severity;
import heapify.source.Span;
import heapify.transform.Views.ModuleStateView;
import heapify.transform.Views.StateFieldView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rule 5: the {@code foo_state} struct (one {@code PyTypeObject *} per migrated type, then each
 * moved global with its declared type), {@code get_foo_state()}, the module's traverse, clear and
 * free hooks and the lookup helpers rule 7 needs, inserted once before the first code that uses
 * {@code st}, and outside any {@code #if} region that holds that code; the moved globals'
 * declarations are removed.
 */
public final class AddModuleState implements Transformer {

    static String hookName(MigrationContext ctx, String hook) {
        return ctx.names().fresh("module " + hook, ctx.names().baseName() + "_" + hook);
    }

    @Override
    public void apply(MigrationContext ctx) {
        if (ctx.migrated().isEmpty() && ctx.moved.isEmpty()) {
            return;
        }
        int lastGlobalEnd = -1;
        for (Global g : ctx.moved) {
            Span span = ctx.layout().withSemicolon(g.span());
            lastGlobalEnd = Math.max(lastGlobalEnd, ctx.layout().deletionSpan(span).end());
        }
        int at = ctx.layout().outsideClinic(ctx.layout().outsideConditionals(insertionPoint(ctx, lastGlobalEnd)));
        if (ctx.clinicStateBefore >= 0 && ctx.clinicStateBefore < at) {
            // clinic_state() expands in the included parsers; a clinic block may sit in one branch
            // of an #if (socketmodule.c's, under MS_WINDOWS's #else): the state goes before the #if
            at = ctx.layout().outsideClinic(ctx.layout().outsideConditionals(ctx.clinicStateBefore));
        }
        List<StateFieldView> fields = new ArrayList<>();
        for (StaticType t : ctx.migrated()) {
            fields.add(new StateFieldView(true, "", t.cName(), true, "", ""));
        }
        Set<Span> seen = new LinkedHashSet<>();
        for (Global g : ctx.moved) {
            Span span = ctx.layout().withSemicolon(g.span());
            boolean object = g.category() == GlobalCategory.EXCEPTION || g.category() == GlobalCategory.CACHED_OBJECT
                    || g.category() == GlobalCategory.TYPE;
            if (object && StateFieldKinds.borrowed(ctx, g)) {
                object = false;
                ctx.diagnose(Severity.NOTE, "state-borrowed-reference", g.span().start(), "'" + g.name()
                        + "' is a pointer the file never owns (no reference count macro, only assigned from "
                        + "variables): its state field is not visited or cleared");
            }
            if (seen.add(span)) {
                String decl = ctx.text().substring(g.span().start(), g.span().end())
                        .replaceAll("(?s)\\s*=.*$", "").replaceFirst("^\\s*static\\s+", "").strip();
                String rest = ctx.text().substring(span.end(), ctx.layout().nextLineStart(span.end())).strip();
                String comment = !rest.isEmpty() && ctx.layout().onlyCommentsAfter(span.end()) ? rest : "";
                String pointee = StateFieldKinds.declaredAfter(ctx, g, decl, at);
                if (!pointee.isEmpty()) {
                    ctx.diagnose(Severity.NOTE, "state-field-void-pointer", g.span().start(), "'" + g.name()
                            + "' points to '" + pointee + "', which the file declares after the module state: "
                            + "its field is a void pointer, which every use converts implicitly");
                }
                fields.add(new StateFieldView(false, decl, g.name(), object, comment, pointee));
                ctx.plan().replace(ctx.layout().deletionSpan(span), "global " + g.name() + " moves into the module state");
            } else {
                fields.add(new StateFieldView(false, "", g.name(), object, "", ""));
            }
        }
        boolean forwardDef = ctx.needModuleByDef || ctx.needBinaryHelper || ctx.needDeallocHelper;
        String defDecl = "static struct PyModuleDef";
        if (ctx.analysis().def().isPresent()) {
            var d = ctx.analysis().def().get();
            String head = ctx.text().substring(d.definition().start(), d.definition().end());
            int i = head.indexOf(d.cName());
            if (i > 0) {
                defDecl = head.substring(0, i).strip().replaceAll("\\s+", " ");
            }
        }
        ModuleStateView view = new ModuleStateView(ctx.names().stateType(), ctx.names().getter(), defDecl, forwardDef, fields,
                hookName(ctx, "traverse"), hookName(ctx, "clear"), hookName(ctx, "free"),
                ctx.needModuleByDef && ctx.options().below(11), ctx.needBinaryHelper,
                StateAccessChoice.binaryHelper(ctx), ctx.names().defName(), ctx.needAddObjectRef && ctx.options().below(10),
                ctx.analysis().def().map(d -> heapify.analysis.ModuleAnalysis.lastIdentifier(d.value("m_free")))
                        .filter(f -> ctx.model().function(f).isPresent()).orElse(""),
                fields.stream().anyMatch(StateFieldView::object), !ctx.cachedState.isEmpty(), ctx.needDeallocHelper,
                StateAccessChoice.deallocHelper(ctx));
        view = view.withExistingFreeTakingState(ctx.threaded.contains(view.existingFree()));
        boolean blankFollows = ctx.text().substring(at, ctx.layout().nextLineStart(at)).isBlank();
        ctx.plan().insert(at, "module state", ctx.template("module-state", view, ""),
                Fragment.lineBreaks(ctx.eol(), blankFollows ? 1 : 2));
    }

    /**
     * After the last moved global when that is before the first user of st (a function that uses it,
     * or a prototype of one that takes it), else before that user.
     */
    private static int insertionPoint(MigrationContext ctx, int lastGlobalEnd) {
        int firstUser = Integer.MAX_VALUE;
        for (FunctionDef f : ctx.model().functions()) {
            if (ctx.access.containsKey(f.name())) {
                firstUser = Math.min(firstUser, f.span().start());
            }
            if (ctx.threaded.contains(f.name())) {
                // a prototype of a helper that now takes the state names its type (pywatchman's bser.c)
                for (int at : ReachModuleState.declarationStarts(ctx, f)) {
                    firstUser = Math.min(firstUser, at);
                }
            }
        }
        if (lastGlobalEnd >= 0 && lastGlobalEnd <= firstUser) {
            return lastGlobalEnd == ctx.layout().lineStart(lastGlobalEnd) ? lastGlobalEnd : ctx.layout().nextLineStart(lastGlobalEnd);
        }
        if (firstUser == Integer.MAX_VALUE) {
            firstUser = ctx.analysis().exec().map(e -> e.span().start()).orElse(0);
        }
        int at = ctx.layout().lineStart(firstUser);
        // keep a comment block that introduces the function attached to it
        while (at > 0) {
            int prev = ctx.layout().lineStart(at - 1);
            String line = ctx.text().substring(prev, at).strip();
            if (line.startsWith("/*") || line.startsWith("*") || line.startsWith("//") || line.endsWith("*/")) {
                at = prev;
            } else {
                break;
            }
        }
        return at;
    }
}
