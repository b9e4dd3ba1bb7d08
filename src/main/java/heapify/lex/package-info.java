/**
 * The lossless lexer: {@link heapify.lex.Lexing#lex} runs the ANTLR lexer
 * ({@code heapify.lex.antlr.CLexer}, generated from {@code src/main/antlr4}) over a
 * {@link heapify.source.SourceText} and gives a {@link heapify.lex.TokenList}.
 *
 * <p>In: decoded source text. Out: every token with its type, channel, text and UTF-16 start
 * offset; whitespace, comments and preprocessor lines on hidden channels; unterminated comments
 * and strings as tokens plus error diagnostics. Invariant: the token texts concatenate to the
 * source text exactly (checked on every lex: tokens must tile the input).
 */
package heapify.lex;
