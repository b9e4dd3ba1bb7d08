package heapify.model;

import heapify.source.Span;

/**
 * A variable with static storage: at file level ({@code function} is "") or a {@code static}
 * local of a function. {@code type} is the declared type text (specifiers and pointer stars),
 * {@code initializer} the initializer text ("" when none).
 */
public record Global(String name, String type, String function, boolean isStatic, String initializer,
                     GlobalCategory category, Span span) {
}
