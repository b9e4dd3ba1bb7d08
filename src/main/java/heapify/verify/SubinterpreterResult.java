package heapify.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the subinterpreter probe saw: whether the module imported in the main interpreter and in
 * the subinterpreter, the {@code id()} of every type in the module's namespace in each, and the
 * unittest result inside the subinterpreter.
 *
 * @param mode          {@code legacy} (shared GIL) or {@code isolated} (own GIL, 3.12+)
 * @param mainImported  the module imported in the main interpreter
 * @param subImported   the module imported in the subinterpreter
 * @param subImportError the exception line when it did not ({@code ImportError: ...}), else empty
 * @param mainTypes     attribute name to type id, main interpreter
 * @param subTypes      attribute name to type id, subinterpreter
 * @param testsRun      tests the script ran inside the subinterpreter, -1 if it did not run
 * @param testsPassed   true if the script's suite was successful inside the subinterpreter
 * @param hostOk        true if the host exited 0 (both probes ran, interpreters created/ended)
 * @param process       the host run, with its output files
 */
public record SubinterpreterResult(String mode, boolean mainImported, boolean subImported, String subImportError,
                                   Map<String, Long> mainTypes, Map<String, Long> subTypes, int testsRun,
                                   boolean testsPassed, boolean hostOk, ProcessResult process) {
    /** Types present in both interpreters under the same name with the same id. */
    public List<String> sharedTypes() {
        List<String> shared = new ArrayList<>();
        mainTypes.forEach((name, id) -> {
            if (Objects.equals(subTypes.get(name), id)) {
                shared.add(name);
            }
        });
        return shared;
    }

    /** True if both imported, some type exists, and every type is the same object in both (static types). */
    public boolean allTypesShared() {
        return mainImported && subImported && !mainTypes.isEmpty() && sharedTypes().size() == mainTypes.size()
                && mainTypes.keySet().equals(subTypes.keySet());
    }

    /** True if both imported, the same type names exist in both, and none is the same object. */
    public boolean noTypeShared() {
        return mainImported && subImported && mainTypes.keySet().equals(subTypes.keySet())
                && sharedTypes().isEmpty();
    }

    /** Parses the probe's report lines (see {@code subinterp_probe.py}). */
    public static SubinterpreterResult parse(String mode, String report, boolean hostOk, ProcessResult process) {
        boolean mainImported = false;
        boolean subImported = false;
        String subError = "";
        Map<String, Long> main = new LinkedHashMap<>();
        Map<String, Long> sub = new LinkedHashMap<>();
        int testsRun = -1;
        boolean testsPassed = false;
        for (String line : report.split("\n")) {
            String[] f = line.trim().split(" ", 3);
            if (f.length < 2) {
                continue;
            }
            boolean isMain = f[0].equals("main");
            switch (f[1]) {
                case "import-ok" -> {
                    if (isMain) {
                        mainImported = true;
                    } else {
                        subImported = true;
                    }
                }
                case "import-failed" -> {
                    if (!isMain) {
                        subError = f.length > 2 ? f[2] : "";
                    }
                }
                case "type" -> {
                    String[] t = f.length > 2 ? f[2].split(" ") : new String[0];
                    if (t.length >= 2) {
                        (isMain ? main : sub).put(t[0], Long.parseLong(t[1]));
                    }
                }
                case "tests" -> {
                    if (!isMain && f.length > 2) {
                        for (String kv : f[2].split(" ")) {
                            if (kv.startsWith("run=")) {
                                testsRun = Integer.parseInt(kv.substring(4));
                            } else if (kv.equals("ok=1")) {
                                testsPassed = true;
                            }
                        }
                    }
                }
                case "tests-crashed" -> testsRun = 0;
                default -> { /* unknown line: ignored */ }
            }
        }
        return new SubinterpreterResult(mode, mainImported, subImported, subError, Map.copyOf(main),
                Map.copyOf(sub), testsRun, testsPassed, hostOk, process);
    }
}
