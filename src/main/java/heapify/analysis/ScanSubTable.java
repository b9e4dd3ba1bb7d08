package heapify.analysis;

import java.util.List;

/** A {@code tp_as_*} protocol table ({@code PyNumberMethods}, ...) with the fields it sets. */
public record ScanSubTable(String cName, String cType, ScanPosition position, List<String> fieldsSet,
                           List<String> problems) {
    public ScanSubTable {
        fieldsSet = List.copyOf(fieldsSet);
        problems = List.copyOf(problems);
    }
}
