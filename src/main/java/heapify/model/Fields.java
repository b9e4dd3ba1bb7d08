package heapify.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Copies of field maps that keep the order the initializer set them in. {@code Map.copyOf}
 * iterates in an order that changes from one JVM run to the next, and transformers and analyses
 * iterate these maps: with two blockers on one type, which one was reported (and which TODO was
 * written) changed between runs.
 */
final class Fields {
    private Fields() {
    }

    /** An unmodifiable copy in the iteration order of {@code fields}; no null keys or values. */
    static Map<String, TypeField> copyOf(Map<String, TypeField> fields) {
        Map<String, TypeField> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
        return Collections.unmodifiableMap(copy);
    }
}
