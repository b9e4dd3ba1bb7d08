package heapify.parse;

/**
 * One branch of a preprocessor conditional: the directive token that opens it ({@code #if},
 * {@code #ifdef}, {@code #ifndef}, {@code #elif} or {@code #else}), the {@code #if} that starts
 * its chain, and the enclosing frame (-1 at file level). Branch number 0 is the {@code #if} itself.
 */
public record Conditional(int directive, int chainStart, int branch, int parent, String text) {
}
