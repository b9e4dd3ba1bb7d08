package heapify.analysis;

import heapify.model.MemberTable;
import heapify.model.TableEntry;

/**
 * One way a function is used: its kind, the C name of the type it belongs to ("" for module
 * functions and helpers), the slot or field ({@code tp_repr}, {@code nb_add}) or method name,
 * and for table entries the table and entry (method flags are entry value 2).
 */
public record FunctionRole(FunctionKind kind, String type, String slot, MemberTable table, TableEntry entry) {
    public String methodFlags() {
        return entry == null ? "" : entry.value(2);
    }
}
