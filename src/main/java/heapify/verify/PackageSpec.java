package heapify.verify;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A package to verify as a whole: its extension modules, how its own tests run, and where it comes
 * from. Read from a table such as {@code corpus/public.tsv} by {@link PackageTable}.
 *
 * @param name          the package's name in the table ({@code audit})
 * @param debianSource  its Debian source package, "" when it has none
 * @param debianVersion that package's version, "" when none
 * @param pythons       the minor versions it builds on ({@code 3.11}); empty for every one
 * @param prepare       bash run once in a fresh tree before building (lays out the importable
 *                      package), "" for none
 * @param testCommand   the package's tests: bash run in the tree (see {@link SuiteResult} for the
 *                      summaries it must print)
 * @param skipped       what is not run or deselected, and why (for the report)
 * @param modules       its extension modules
 * @param corpusDir     the folder of the table; test commands see it as {@code $CORPUS}
 */
public record PackageSpec(String name, String debianSource, String debianVersion, List<String> pythons,
                          String prepare, String testCommand, String skipped, List<PackageModule> modules,
                          Path corpusDir) {
    public PackageSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(debianSource);
        Objects.requireNonNull(debianVersion);
        Objects.requireNonNull(prepare);
        Objects.requireNonNull(testCommand);
        Objects.requireNonNull(skipped);
        Objects.requireNonNull(corpusDir);
        pythons = List.copyOf(pythons);
        modules = List.copyOf(modules);
        if (modules.isEmpty()) {
            throw new IllegalArgumentException("package '" + name + "' has no module");
        }
    }

    /** True if the package is described as building on {@code majorMinor} ({@code "3.12"}). */
    public boolean buildsOn(String majorMinor) {
        return pythons.isEmpty() || pythons.contains(majorMinor);
    }

    /** The modules that build on {@code majorMinor}. */
    public List<PackageModule> modulesFor(String majorMinor) {
        return modules.stream().filter(m -> m.pythons().isEmpty() || m.pythons().contains(majorMinor)).toList();
    }
}
