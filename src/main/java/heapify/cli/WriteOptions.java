package heapify.cli;

import picocli.CommandLine.Option;

/** The flags of {@code migrate} that say what it may overwrite (the rules are {@link WriteTargets}'). */
public final class WriteOptions {
    @Option(names = "--force-read-only",
            description = "rewrite read-only files too (--in-place, or existing files under --output); "
                    + "they stay read-only")
    boolean forceReadOnly;
}
