package heapify.verify;

import java.util.List;
import java.util.Objects;

/**
 * One extension module of a {@link PackageSpec}: what is compiled into it, where the {@code .so}
 * goes so that the package imports it, and which of its files heapify migrates.
 *
 * @param name    the import name, such as {@code PIL._imaging}
 * @param so      where the built module goes, relative to the tree and without suffix
 *                ({@code src/PIL/_imaging}); further entries are copies of it
 * @param sources the C files compiled into it, relative to the tree: words for bash, so globs
 *                expand; a word {@code !file} leaves that file out of what the globs gave
 * @param migrate the files {@code heapify migrate} rewrites, relative to the tree (globs expand)
 * @param cflags  flags before the sources, as bash text ({@code $(pkg-config --cflags x)} works)
 * @param libs    flags after the sources, as bash text
 * @param pythons the minor versions ({@code 3.11}) it builds on; empty for every one of the package
 */
public record PackageModule(String name, List<String> so, List<String> sources, List<String> migrate,
                            String cflags, String libs, List<String> pythons) {
    public PackageModule {
        Objects.requireNonNull(name);
        Objects.requireNonNull(cflags);
        Objects.requireNonNull(libs);
        so = List.copyOf(so);
        sources = List.copyOf(sources);
        migrate = List.copyOf(migrate);
        pythons = List.copyOf(pythons);
        if (!name.matches("[A-Za-z_]\\w*(\\.[A-Za-z_]\\w*)*")) {
            throw new IllegalArgumentException("not an import name: '" + name + "'");
        }
        if (so.isEmpty() || sources.isEmpty()) {
            throw new IllegalArgumentException(name + ": no .so path or no sources");
        }
    }

    /** The last part of the import name: {@code _imaging} for {@code PIL._imaging}. */
    public String baseName() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /**
     * The folder, relative to the tree, that must be on {@code sys.path} for {@link #name()} to
     * import from {@code so.get(0)}: {@code src} for {@code PIL._imaging} at {@code src/PIL/_imaging}.
     * Empty for the tree itself.
     */
    public String importRoot() {
        String[] parts = so.get(0).split("/");
        int depth = name.split("\\.").length;
        if (parts.length < depth) {
            return "";
        }
        return String.join("/", java.util.Arrays.asList(parts).subList(0, parts.length - depth));
    }
}
