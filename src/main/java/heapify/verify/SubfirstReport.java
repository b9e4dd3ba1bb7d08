package heapify.verify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the "tests after a subinterpreter" hook ({@code subfirst_usercustomize.py}) did in the
 * processes of one test run: how many processes imported the modules in a legacy subinterpreter and
 * destroyed it before their tests, which modules were imported there, and what failed.
 *
 * @param roundTrips     processes that created, used and destroyed the subinterpreter
 * @param subImported    modules imported in at least one subinterpreter
 * @param subFailures    module to the first error of its import in a subinterpreter
 * @param otherFailures  subinterpreters that could not be created or run (first few messages)
 */
public record SubfirstReport(int roundTrips, Set<String> subImported, Map<String, String> subFailures,
                             List<String> otherFailures) {
    public SubfirstReport {
        subImported = Set.copyOf(subImported);
        subFailures = Map.copyOf(subFailures);
        otherFailures = List.copyOf(otherFailures);
    }

    /** Parses the hook's report lines. */
    public static SubfirstReport parse(String report) {
        int trips = 0;
        Set<String> ok = new TreeSet<>();
        Map<String, String> failed = new LinkedHashMap<>();
        java.util.ArrayList<String> other = new java.util.ArrayList<>();
        for (String line : report.split("\n")) {
            String[] f = line.strip().split(" ", 4);
            if (f.length < 2) {
                continue;
            }
            switch (f[1]) {
                case "destroyed" -> trips++;
                case "sub-import-ok" -> {
                    if (f.length > 2) {
                        ok.add(f[2]);
                    }
                }
                case "sub-import-failed" -> {
                    if (f.length > 3) {
                        failed.putIfAbsent(f[2], f[3]);
                    }
                }
                case "sub-failed" -> {
                    if (other.size() < 3) {
                        other.add(line.strip().substring(f[0].length() + 1));
                    }
                }
                default -> { /* main-import-failed: the module is not importable in that process */ }
            }
        }
        return new SubfirstReport(trips, ok, failed, other);
    }
}
