package heapify.model;

import heapify.source.Span;

/** A {@code PyType_Spec} already in the file: a type that is (or will be) a heap type. */
public record SpecType(String cName, String name, Span definition) {
}
