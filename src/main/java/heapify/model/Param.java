package heapify.model;

/** One parameter of a function definition: its type text and its name ("" when unnamed). */
public record Param(String type, String name) {
    /** Whether the parameter is declared {@code PyObject *}, however spaced. */
    public boolean isObjectPointer() {
        return type.replaceAll("\\s+", "").equals("PyObject*");
    }
}
