package heapify.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The static type objects still defined in a built module: data symbols whose size equals
 * {@code sizeof(PyTypeObject)} for the interpreter built against.
 *
 * @param typeObjectSize {@code sizeof(PyTypeObject)} in bytes
 * @param symbols        names of the matching symbols
 */
public record StaticTypes(long typeObjectSize, List<String> symbols) {
    /** The number of static type objects. */
    public int count() {
        return symbols.size();
    }

    /**
     * Picks from {@code nm -S --defined-only} output the data symbols (types d, D, b, B) of size
     * {@code typeObjectSize}. Lines look like {@code 0000000000004060 0000000000000198 d Box_Type}.
     */
    public static StaticTypes fromNm(String nmOutput, long typeObjectSize) {
        List<String> found = new ArrayList<>();
        for (String line : nmOutput.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 4 || !f[2].matches("[dDbB]")) {
                continue;
            }
            try {
                if (Long.parseLong(f[1], 16) == typeObjectSize) {
                    found.add(f[3]);
                }
            } catch (NumberFormatException e) {
                /* not a sized symbol line */
            }
        }
        return new StaticTypes(typeObjectSize, List.copyOf(found));
    }
}
