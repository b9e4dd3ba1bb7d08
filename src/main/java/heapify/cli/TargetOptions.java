package heapify.cli;

import heapify.transform.Options;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --target} flag commands share: the oldest CPython the migrated output supports. */
public final class TargetOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--target", paramLabel = "3.X", defaultValue = "3.11",
            description = "oldest CPython the output supports, 3.9 to 3.14 (default: ${DEFAULT-VALUE}); "
                    + "newer-only features get PY_VERSION_HEX guards")
    String target;

    /** The target as written, {@code "3.X"}. */
    public String version() {
        minor();
        return target;
    }

    /** The target's minor version, checked against the versions heapify knows. */
    public int minor() {
        // "3.9" or "3.14": no leading zero, so that "3.09" is not quietly taken for 3.9
        if (target.matches("3\\.(0|[1-9]\\d?)")) {
            int minor = Integer.parseInt(target.substring(2));
            if (minor >= Options.OLDEST && minor <= Options.NEWEST) {
                return minor;
            }
        }
        throw new ParameterException(mixee.commandLine(), "--target must be 3.9 to 3.14, not '" + target + "'");
    }
}
