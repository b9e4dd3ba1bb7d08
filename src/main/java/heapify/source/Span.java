package heapify.source;

/** A half-open range [start, end) of UTF-16 offsets into a decoded {@link SourceText}. */
public record Span(int start, int end) implements Comparable<Span> {
    public Span {
        if (start < 0 || start > end) {
            throw new IllegalArgumentException(start + ".." + end);
        }
    }

    public static Span at(int offset) {
        return new Span(offset, offset);
    }

    public int length() {
        return end - start;
    }

    public boolean isEmpty() {
        return start == end;
    }

    public boolean contains(Span other) {
        return start <= other.start && other.end <= end;
    }

    public boolean overlaps(Span other) {
        return start < other.end && other.start < end;
    }

    @Override
    public int compareTo(Span o) {
        return start != o.start ? Integer.compare(start, o.start) : Integer.compare(end, o.end);
    }
}
