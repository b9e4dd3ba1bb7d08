package heapify.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link PackageFacts} counts as a violated fact, on hand-made results. */
class PackageFactsTest {
    private static final PackageModule MOD = new PackageModule("pkg._m", List.of("pkg/_m"), List.of("m.c"),
            List.of("m.c"), "", "", List.of());

    private static PackageSide side(boolean compiled, String tests, List<String> warnings) {
        PackageModuleBuild b = new PackageModuleBuild(MOD, compiled, Path.of("pkg/_m.so"), warnings,
                compiled ? List.of() : List.of("m.c:3:1: error: unknown type name 'm_state'"), null);
        return new PackageSide(List.of(b), compiled ? Map.of("pkg._m", "") : Map.of(), Map.of(),
                SuiteResult.parse(0, tests, null), null, null, Map.of(), Map.of(), Map.of());
    }

    private static PackageMigration migration(boolean changed) {
        return new PackageMigration("pkg._m", 1, List.of("m.c"), changed ? List.of("m.c") : List.of(), List.of(),
                List.of(), List.of("M_Type"), List.of("M_Type"));
    }

    @Test
    void migratedModuleThatNoLongerBuildsIsAViolation() {
        // contract: the module and the compiler's first error are named
        assertEquals(List.of("'pkg._m' does not build after migration: m.c:3:1: error: unknown type name 'm_state'",
                        "tests: 5/0/0 (p/f/s) before migration, exit 0, no summary after"),
                PackageFacts.violations(side(true, "5 passed", List.of()), side(false, "", List.of()),
                        List.of(migration(true))));
    }

    @Test
    void newWarningAndFewerPassesAreViolations() {
        // contract: a warning the original did not have, and a test that stopped passing, each count
        assertEquals(List.of("'pkg._m' warns anew: m.c:9:5: warning: unused variable 'st' [-Wunused-variable]",
                        "tests: 5/0/0 (p/f/s) before migration, 4/1/0 after"),
                PackageFacts.violations(side(true, "5 passed", List.of()),
                        side(true, "4 passed, 1 failed", List.of("m.c:9:5: warning: unused variable 'st' [-Wunused-variable]")),
                        List.of(migration(true))));
    }

    @Test
    void testDifferenceWithNoFileChangedIsNotAViolation() {
        // contract: with the two trees the same, a flaky test is not blamed on the migration
        assertEquals(List.of(), PackageFacts.violations(side(true, "5 passed", List.of()),
                side(true, "4 passed, 1 failed", List.of()), List.of(migration(false))));
    }

    @Test
    void ownGilImportWithStaticTypesLeftIsAViolation() {
        // contract: a module that newly loads into an own-GIL subinterpreter but keeps a static type is
        // a false isolation claim, even when heapify said it left something as it was
        PackageSide b = side(true, "5 passed", List.of());
        PackageSide a = side(true, "5 passed", List.of());
        SubinterpreterResult refused = SubinterpreterResult.parse("isolated",
                "sub import-failed ImportError: module pkg._m does not support loading in subinterpreters\n", true, null);
        SubinterpreterResult loaded = SubinterpreterResult.parse("isolated", "main import-ok\nsub import-ok\n", true, null);
        PackageSide before = new PackageSide(b.builds(), b.imports(), Map.of(), b.tests(), null, null, Map.of(),
                Map.of("pkg._m", refused), Map.of());
        PackageSide after = new PackageSide(a.builds(), a.imports(),
                Map.of("pkg._m", new StaticTypes(408, List.of("M_Type"))), a.tests(), null, null, Map.of(),
                Map.of("pkg._m", loaded), Map.of());
        assertEquals(List.of("'pkg._m' now imports into an own-GIL subinterpreter but keeps static type objects every "
                + "interpreter shares: [M_Type]"), PackageFacts.violations(before, after, List.of(migration(true))));
    }
}
