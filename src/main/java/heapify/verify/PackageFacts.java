package heapify.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts a migrated package must show against the same package before migration, on one
 * interpreter; {@link #violations} returns those that do not hold. A migration that leaves
 * something as it was is judged by what it changed: nothing may get worse (builds, warnings, tests,
 * tests after a subinterpreter, imports, embedding cycles), and where heapify rewrote a module and
 * called it done (exit 0), the module must leave no static type object in its {@code .so}, share no
 * type with a legacy subinterpreter and import into an own-GIL one (3.12+); and a module that newly
 * imports into an own-GIL subinterpreter may keep no static type object. Where heapify changed
 * no file at all, the test counts are not compared: both trees are the same, so a difference is the
 * suite's own flakiness (pygame's timer test under load), not the migration's.
 */
public final class PackageFacts {
    private PackageFacts() {
    }

    /** The violated facts, one line each; empty if every fact holds. */
    public static List<String> violations(PackageSide before, PackageSide after, List<PackageMigration> migrations) {
        List<String> v = new ArrayList<>();
        Map<String, PackageModuleBuild> was = new HashMap<>();
        before.builds().forEach(b -> was.put(b.module().name(), b));
        for (PackageModuleBuild b : after.builds()) {
            String name = b.module().name();
            PackageModuleBuild old = was.get(name);
            if (old == null || !old.compiled()) {
                continue;
            }
            if (!b.compiled()) {
                v.add("'" + name + "' does not build after migration: " + String.join(" | ", b.errors()));
                continue;
            }
            for (String w : newWarnings(old, b)) {
                v.add("'" + name + "' warns anew: " + w);
            }
            String imp = after.imports().getOrDefault(name, "");
            if (before.imports().getOrDefault(name, "").isEmpty() && !imp.isEmpty()) {
                v.add("'" + name + "' does not import after migration: " + imp);
            }
        }
        // with no file changed the two trees are the same: a difference is the suite's own flakiness
        List<String> tests = migrations.stream().anyMatch(m -> !m.changed().isEmpty()) ? v : new ArrayList<>();
        worse("tests", before.tests(), after.tests(), tests);
        if (before.subfirst() != null && after.subfirst() != null) {
            worse("tests after a subinterpreter", before.subfirst(), after.subfirst(), tests);
        }
        before.legacy().forEach((name, b) -> {
            SubinterpreterResult a = after.legacy().get(name);
            if (b.subImported() && a != null && !a.subImported()) {
                v.add("'" + name + "' no longer imports in a legacy subinterpreter: " + a.subImportError());
            }
        });
        before.embed().forEach((name, b) -> {
            EmbedResult a = after.embed().get(name);
            if (b.ok() && a != null && !a.ok()) {
                v.add("'" + name + "' embedding cycles: " + a.cyclesOk() + "/" + a.requested() + " ok after migration, "
                        + b.cyclesOk() + "/" + b.requested() + " before: " + a.process().tail(600).strip());
            }
        });
        // whatever heapify said: a module that now loads into an own-GIL subinterpreter claims
        // Py_MOD_PER_INTERPRETER_GIL_SUPPORTED, which a static type object shared by every
        // interpreter makes false (PEP 684)
        after.isolated().forEach((name, i) -> {
            SubinterpreterResult old = before.isolated().get(name);
            StaticTypes st = after.staticTypes().get(name);
            if (i.subImported() && (old == null || !old.subImported()) && st != null && st.count() != 0) {
                v.add("'" + name + "' now imports into an own-GIL subinterpreter but keeps static type objects "
                        + "every interpreter shares: " + st.symbols());
            }
        });
        for (PackageMigration m : migrations) {
            if (!m.claimsComplete()) {
                continue;
            }
            String name = m.module();
            StaticTypes st = after.staticTypes().get(name);
            if (st != null && st.count() != 0) {
                v.add("'" + name + "' migrated without a warning but keeps static type objects: " + st.symbols());
            }
            SubinterpreterResult l = after.legacy().get(name);
            if (l != null && l.subImported() && !l.sharedTypes().isEmpty()) {
                v.add("'" + name + "' migrated without a warning but shares types with a legacy subinterpreter: "
                        + l.sharedTypes());
            }
            SubinterpreterResult i = after.isolated().get(name);
            if (i != null && !i.subImported()) {
                v.add("'" + name + "' migrated without a warning but does not import into an own-GIL subinterpreter: "
                        + i.subImportError());
            }
        }
        return v;
    }

    /** The warnings of {@code after} that {@code before} did not have (as a multiset of {@link PackageModuleBuild#key}). */
    public static List<String> newWarnings(PackageModuleBuild before, PackageModuleBuild after) {
        Map<String, Integer> left = new HashMap<>();
        before.warnings().forEach(w -> left.merge(PackageModuleBuild.key(w), 1, Integer::sum));
        List<String> out = new ArrayList<>();
        for (String w : after.warnings()) {
            String k = PackageModuleBuild.key(w);
            if (left.getOrDefault(k, 0) > 0) {
                left.merge(k, -1, Integer::sum);
            } else {
                out.add(w.strip());
            }
        }
        return out;
    }

    private static void worse(String what, SuiteResult b, SuiteResult a, List<String> v) {
        boolean worse = b.counted() && a.counted() ? a.failed() > b.failed() || a.passed() < b.passed()
                : b.counted() || (b.ok() && !a.ok());    // counted before, not after: the suite did not get to its end
        if (worse) {
            v.add(what + ": " + b.pfs() + " (p/f/s) before migration, " + a.pfs() + " after");
        }
    }
}
