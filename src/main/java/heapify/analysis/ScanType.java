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

    /** True when the head names a metatype other than {@code PyType_Type} (NULL and 0 mean the default). */
    public boolean hasCustomMetatype() {
        return isCustomMetatype(metatype);
    }

    /**
     * True when a head's metatype argument is not the default. {@code DEFERRED_ADDRESS(&PyType_Type)}
     * (xxsubtype) is the plain metatype behind a portability macro.
     */
    public static boolean isCustomMetatype(String metatype) {
        String bare = metatype.replace(" ", "").replaceAll("^DEFERRED_ADDRESS\\((.*)\\)$", "$1");
        return !bare.isEmpty() && !bare.equals("NULL") && !bare.equals("0") && !bare.equals("&PyType_Type");
    }

    public boolean isStatic() {
        return storage.equals("static");
    }
}
