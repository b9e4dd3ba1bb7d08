package heapify.verify;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link PackageProver} found for a package tree (as it is, or as migrated) on one
 * interpreter. Maps are keyed by module import name and hold only the modules that built (the
 * probes and the static type scan need a {@code .so}); the subinterpreter maps only those that
 * imported.
 *
 * @param builds      one per module that builds on the interpreter
 * @param imports     module to "" when it imported from its built {@code .so}, else the error
 * @param staticTypes static type objects in each built {@code .so}
 * @param tests       the package's tests
 * @param subfirst    the same tests after a legacy subinterpreter imported the modules (null if not run)
 * @param subfirstHook what that hook did (null if not run)
 * @param legacy      type identity between main and a legacy subinterpreter
 * @param isolated    import into an own-GIL subinterpreter (3.12+; empty before)
 * @param embed       embedding cycles importing the module
 */
public record PackageSide(List<PackageModuleBuild> builds, Map<String, String> imports,
                          Map<String, StaticTypes> staticTypes, SuiteResult tests, SuiteResult subfirst,
                          SubfirstReport subfirstHook, Map<String, SubinterpreterResult> legacy,
                          Map<String, SubinterpreterResult> isolated, Map<String, EmbedResult> embed) {
    public PackageSide {
        builds = List.copyOf(builds);
        imports = Map.copyOf(imports);
        staticTypes = Map.copyOf(staticTypes);
        Objects.requireNonNull(tests);
        legacy = Map.copyOf(legacy);
        isolated = Map.copyOf(isolated);
        embed = Map.copyOf(embed);
    }

    /** The modules that compiled. */
    public int built() {
        return (int) builds.stream().filter(PackageModuleBuild::compiled).count();
    }

    /** All warning lines of all modules. */
    public List<String> warnings() {
        return builds.stream().flatMap(b -> b.warnings().stream()).toList();
    }

    /** Static type objects over every built {@code .so}. */
    public int staticTypeCount() {
        return staticTypes.values().stream().mapToInt(StaticTypes::count).sum();
    }
}
