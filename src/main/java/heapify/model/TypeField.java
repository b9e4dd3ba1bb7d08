package heapify.model;

import heapify.source.Span;

/**
 * One field set by a type or sub-table initializer: the field name ({@code tp_dealloc}, or
 * {@code nb_add} in a sub-table), its value text as written (comments and line breaks inside
 * collapsed; an integer zero with a suffix, {@code 0L}, as {@code 0}), and the span of the value
 * in the file.
 */
public record TypeField(String name, String value, Span span) {
}
