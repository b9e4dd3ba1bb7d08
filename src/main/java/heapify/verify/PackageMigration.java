package heapify.verify;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code heapify migrate --in-place} did to the files of one module of a package.
 *
 * @param module      the module's import name
 * @param exitCode    migrate's exit code (0 done or nothing to do, 1 not completely migrated or a
 *                    file rejected by the build check, 2 usage or I/O)
 * @param files       the files given to it, relative to the tree
 * @param changed     those it rewrote
 * @param diagnostics its diagnostic lines ({@code file:line:col: severity: message [rule-id]})
 * @param notes       its other stderr lines ({@code heapify: note: ...}, the batch summary)
 * @param typesBefore {@code PyTypeObject} definitions in the files before migration
 * @param typesAfter  those left after it
 */
public record PackageMigration(String module, int exitCode, List<String> files, List<String> changed,
                               List<String> diagnostics, List<String> notes, List<String> typesBefore,
                               List<String> typesAfter) {
    private static final java.util.regex.Pattern RULE = java.util.regex.Pattern.compile(
            "^.+?:\\d+:\\d+: (?:warning|error|note): .* \\[([a-z0-9.-]+)\\]$");

    public PackageMigration {
        Objects.requireNonNull(module);
        files = List.copyOf(files);
        changed = List.copyOf(changed);
        diagnostics = List.copyOf(diagnostics);
        notes = List.copyOf(notes);
        typesBefore = List.copyOf(typesBefore);
        typesAfter = List.copyOf(typesAfter);
    }

    /** True if heapify rewrote files and called the module done (exit 0): it then claims the facts. */
    public boolean claimsComplete() {
        return exitCode == 0 && !changed.isEmpty();
    }

    /** The rule id of a diagnostic line, or null when it carries none. */
    public static String ruleOf(String diagnosticLine) {
        java.util.regex.Matcher m = RULE.matcher(diagnosticLine);
        return m.matches() ? m.group(1) : null;
    }

    /** Diagnostic count by rule id, over {@code migrations}, sorted by id. */
    public static Map<String, Integer> byRule(List<PackageMigration> migrations) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (PackageMigration m : migrations) {
            for (String d : m.diagnostics()) {
                String rule = ruleOf(d);
                if (rule != null) {
                    out.merge(rule, 1, Integer::sum);
                }
            }
        }
        return out;
    }

    /** The names of the {@code PyTypeObject NAME = {...}} definitions in {@code text}. */
    public static List<String> typeDefinitions(String text) {
        List<String> out = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "(?m)^[ \\t]*(?:static[ \\t]+)?PyTypeObject[ \\t]+(\\w+)[ \\t]*=[ \\t\\r\\n]*\\{").matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
