package heapify.model;

import heapify.parse.Group;
import heapify.source.Span;
import java.util.List;

/**
 * A top-level function definition: name, return-type and specifier text, parameters, the
 * whole definition's span and its body group. {@code isStatic} is true for file-local functions.
 */
public record FunctionDef(String name, String head, List<Param> params, boolean isStatic, Span span, Group body,
                          List<Integer> conditions) {
    public FunctionDef {
        params = List.copyOf(params);
        conditions = List.copyOf(conditions);
    }
}
