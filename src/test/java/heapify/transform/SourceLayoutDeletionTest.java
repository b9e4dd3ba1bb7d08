package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.analysis.Statements;
import heapify.lex.Lexing;
import heapify.lex.TokenList;
import heapify.source.SourceText;
import heapify.source.Span;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the deletion of a construct takes with it: its whole line when the rest of the line is
 * only comments, as the compiler reads them, and only the construct when code follows it.
 */
class SourceLayoutDeletionTest {
    private static SourceLayout layout(String text) {
        TokenList tokens = Lexing.lex(SourceText.of(Path.of("m.c"), text));
        return new SourceLayout(text, tokens, new Statements(tokens));
    }

    private static Span of(String text, String construct) {
        int at = text.indexOf(construct);
        return new Span(at, at + construct.length());
    }

    @Test
    void aTrailingCommentGoesWithItsLine() {
        String text = "static PyObject *a;\t/* the error */\nstatic PyObject *b;\n";
        Span d = layout(text).deletionSpan(of(text, "static PyObject *a;"));
        assertEquals("static PyObject *a;\t/* the error */\n", text.substring(d.start(), d.end()));
    }

    @Test
    void codeBetweenTwoCommentEndsStaysWhereItIs() {
        // the first star-slash closes the comment: "b.c */" is code of the next declaration
        String text = "static PyObject *a;\t/* x /* y */b.c */\nstatic PyObject *b;\n";
        Span d = layout(text).deletionSpan(of(text, "static PyObject *a;"));
        assertEquals("static PyObject *a;", text.substring(d.start(), d.end()));
    }

    /** Whether deleting {@code static PyObject *a;} takes its line, when {@code rest} follows it on the line. */
    private static boolean takesItsLine(String rest) {
        String text = "static PyObject *a;" + rest + "static PyObject *b;\n";
        Span d = layout(text).deletionSpan(of(text, "static PyObject *a;"));
        return d.end() == text.indexOf("static PyObject *b;");
    }

    @Test
    void eachCommentEndsAtItsFirstStarSlash() {
        assertTrue(takesItsLine(" /* a */ /* b */ // c\n"));
        assertTrue(takesItsLine("\t/* a ** b */\r\n"));
        assertTrue(takesItsLine("  \n"));
        assertFalse(takesItsLine(" /* a /* b */ c */\n"));
        assertFalse(takesItsLine(" /* a */ x;\n"));
        assertFalse(takesItsLine(" /* unterminated\n"));
        assertFalse(takesItsLine(" /* a comment\n that goes on */\n"), "a comment that ends on a later line");
    }
}
