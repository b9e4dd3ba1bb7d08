package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import heapify.analysis.Statements;
import heapify.lex.Lexing;
import heapify.lex.TokenList;
import heapify.source.SourceText;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The clinic class lines a file's layout finds once for every pass: the same lines, in the same
 * order and at the same places, as {@link TypeBlockers#CLINIC_CLASS} finds in the text.
 */
class SourceLayoutClinicClassesTest {
    private static SourceLayout layout(String text) {
        TokenList tokens = Lexing.lex(SourceText.of(Path.of("m.c"), text));
        return new SourceLayout(text, tokens, new Statements(tokens));
    }

    @Test
    void findsEveryClassLineInTextOrder() {
        String text = """
                /*[clinic input]
                module m
                class m.Foo "FooObject *" "&Foo_Type"
                  class m.Bar "BarObject *"  "&Bar_Type"
                class m.Baz "BazObject *" "Baz_Type"
                [clinic start generated code]*/
                """;
        SourceLayout l = layout(text);
        List<SourceLayout.ClinicClass> found = l.clinicClasses();
        assertEquals(List.of("Foo_Type", "Bar_Type"), found.stream().map(SourceLayout.ClinicClass::type).toList());
        assertEquals(List.of("FooObject *", "BarObject *"),
                found.stream().map(SourceLayout.ClinicClass::object).toList());
        SourceLayout.ClinicClass bar = found.get(1);
        assertEquals("Bar_Type", text.substring(bar.typeStart(), bar.typeEnd()));
        assertEquals('&', text.charAt(bar.typeStart() - 1));
        assertSame(found, l.clinicClasses(), "found once, then shared");
    }

    @Test
    void aTextWithoutAnAddressInQuotesHasNone() {
        assertEquals(List.of(), layout("class m.Foo \"FooObject *\" \"Foo_Type\"\nstatic int x;\n").clinicClasses());
    }
}
