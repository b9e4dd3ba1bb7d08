package heapify.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import heapify.lex.Lexing;
import heapify.source.SourceText;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Top-level items and balanced groups of the island parse. */
class IslandParserTest {
    static ParsedFile parse(String c) {
        return IslandParser.parse(Lexing.lex(SourceText.of(Path.of("t.c"), c)));
    }

    @Test
    void itemsByShape() {
        ParsedFile p = parse("""
                #include "Python.h"
                struct S { int a; };
                static int x = 1, y;
                static PyObject *f(PyObject *m) { return m; }
                Py_BEGIN_MACRO { }
                MACRO_WITHOUT_SEMICOLON(a)
                """);
        assertEquals(List.of(ItemKind.DECLARATION, ItemKind.DECLARATION, ItemKind.FUNCTION, ItemKind.OPAQUE,
                ItemKind.OPAQUE), p.items().stream().map(TopItem::kind).toList());
        assertTrue(p.parsed());
    }

    @Test
    void externCBlockContentsAreTopLevelItems() {
        // contract: #ifdef __cplusplus / extern "C" { ... } does not hide the file's definitions
        ParsedFile p = parse("""
                #ifdef __cplusplus
                extern "C" {
                #endif
                static int x;
                PyTypeObject T = { 0 };
                int f(void) { return 0; }
                #ifdef __cplusplus
                }
                #endif
                """);
        assertEquals(List.of(ItemKind.DECLARATION, ItemKind.DECLARATION, ItemKind.FUNCTION),
                p.items().stream().map(TopItem::kind).toList());
    }

    @Test
    void groupsNestAndKeepTokenIndexes() {
        ParsedFile p = parse("int a[2] = { {1, 2}, (3) };");
        TopItem item = p.items().get(0);
        Group init = (Group) item.nodes().get(4);
        assertEquals('{', init.bracket());
        assertEquals("{ {1, 2}, (3) }", Nodes.code(p.tokens(), init));
        assertEquals(3, init.children().size());
        assertEquals(List.of(List.of("{1, 2}"), List.of("(3)")), Nodes.splitCommas(p.tokens(), init.children())
                .stream().map(part -> part.stream().map(n -> Nodes.code(p.tokens(), n)).toList()).toList());
    }

    @Test
    void conditionalFramesRecordTheirChain() {
        ParsedFile p = parse("#if A\nint a;\n#elif B\nint b;\n#else\nint c;\n#endif\nint d;\n");
        assertEquals(List.of(0, 1, 2), p.frames().stream().map(Conditional::branch).toList());
        assertEquals(List.of("#if A", "#elif B", "#else"), p.frames().stream().map(Conditional::text).toList());
        assertEquals(List.of(1, 1, 1, 0), p.items().stream().map(i -> i.conditions().size()).toList());
    }

    @Test
    void unbalancedInputGivesNoItemsAndOneError() {
        ParsedFile p = parse("int f(void) {\n  return (1;\n}\n");
        assertEquals(List.of(), p.items());
        assertEquals(1, p.diagnostics().size());
        assertEquals("'(' closed by '}' at line 3", p.diagnostics().get(0).message());
    }

    @Test
    void oldStyleDefinitionIsOneFunctionItem() {
        // contract: "int f(a, b) int a; char *b; { }" is one FUNCTION, not two declarations and a block
        ParsedFile p = parse("int f(a, b) int a; char *b; { return a; }\nstatic int x;\n");
        assertEquals(List.of(ItemKind.FUNCTION, ItemKind.DECLARATION), p.items().stream().map(TopItem::kind).toList());
        assertEquals(11, p.items().get(0).nodes().size(), "int f (a, b) int a ; char * b ; { }");
    }

    @Test
    void conditionalWithoutEndifIsReported() {
        // contract: as gcc's "unterminated #if": one warning per open conditional, at its #if
        ParsedFile p = parse("int a;\n#ifdef X\n#if Y\nint b;\n#else\nint c;\n");
        assertEquals(List.of("2:1: warning: #ifdef without #endif [unmatched-directive]",
                "3:1: warning: #if without #endif [unmatched-directive]"),
                p.diagnostics().stream().map(d -> d.format(new heapify.source.LineMap(p.tokens().source().text()))
                        .substring("t.c:".length())).toList());
        assertTrue(p.parsed(), "a warning: the file is still parsed");
    }

    @Test
    void bracketsDeeperThanTheLimitAreAnErrorNotACrash() {
        // contract: 100 000 nested parentheses: one error at the first opener too deep, no StackOverflowError
        int n = 100_000;
        ParsedFile p = parse("int x = " + "(".repeat(n) + "1" + ")".repeat(n) + ";\n");
        assertEquals(List.of("1:265: error: brackets nest deeper than 256 levels (clang's default -fbracket-depth);"
                + " file not parsed [nesting-too-deep]"),
                p.diagnostics().stream().map(d -> d.format(new heapify.source.LineMap(p.tokens().source().text()))
                        .substring("t.c:".length())).toList());
        ParsedFile ok = parse("int x = " + "(".repeat(IslandParser.MAX_DEPTH) + "1" + ")".repeat(IslandParser.MAX_DEPTH)
                + ";\n");
        assertTrue(ok.parsed(), "256 levels still parse");
    }
}
