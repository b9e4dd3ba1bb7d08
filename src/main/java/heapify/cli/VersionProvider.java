package heapify.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The version every heapify command prints for {@code --version}: {@code heapify} and each
 * subcommand name it, so {@code heapify migrate --version} answers as {@code heapify --version} does.
 */
public final class VersionProvider implements IVersionProvider {
    /** The one place the version is written. */
    public static final String VERSION = "heapify 0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {VERSION};
    }
}
