package heapify.analysis;

import java.util.List;

/**
 * A {@code PyTypeObject} definition as scan reports it. {@code storage} is "static", "" (a plain
 * non-static definition) or the export macro; {@code metatype} is the first argument of the
 * head macro ("" when there is none); {@code base}, {@code tpNew}, {@code dictOffset} and
 * {@code weaklistOffset} are the value texts ("" when not set); {@code fieldsSet} lists the fields
 * the initializer sets to something other than 0/NULL, in layout order of appearance.
 */
public record ScanType(String cName, String tpName, ScanPosition position, String storage, boolean designated,
                       String metatype, List<String> fieldsSet, String base, boolean gc, String tpNew,
                       String dictOffset, String weaklistOffset, List<ScanBlocker> blockers) {
    public ScanType {
        fieldsSet = List.copyOf(fieldsSet);
        blockers = List.copyOf(blockers);
    }

    public boolean isStatic() {
        return storage.equals("static");
    }
}
