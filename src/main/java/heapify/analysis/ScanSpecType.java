package heapify.analysis;

/** A {@code PyType_Spec} already in the file: {@code name} is its name text as written. */
public record ScanSpecType(String cName, String name, ScanPosition position) {
}
