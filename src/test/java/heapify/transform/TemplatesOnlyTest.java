package heapify.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every C line heapify emits comes from a template (style.md, templates/): no string literal
 * under {@code heapify.transform} holds C of heapify's making. A literal counts as C when it has
 * C punctuation ({@code ->}, {@code ;}, a cast, {@code |} between flags, {@code st->}) and it is
 * not read-only use: a diagnostic or TODO text, an edit's reason, a pattern or a comparison
 * with the file's own text. {@link Fragment.Text} itself accepts only line breaks or one
 * identifier.
 */
class TemplatesOnlyTest {
    private static final Path TRANSFORM = Path.of(System.getProperty("heapify.root", "."),
            "src/main/java/heapify/transform");
    private static final Pattern LITERAL = Pattern.compile("\"((?:\\\\.|[^\"\\\\])*)\"");
    /** What makes a literal C text: an arrow, a statement end, a cast, or flags joined by '|'. */
    private static final Pattern C_TEXT = Pattern.compile("->|;|\\(\\s*\\w+\\s*\\*\\s*\\)|\\w\\s*\\|\\s*\\w|^\\s*\\|");
    /** Calls whose string arguments only read the file or describe a finding. */
    private static final Pattern READING = Pattern.compile("\\b(diagnose|todo|compile|matches|replaceAll|replaceFirst"
            + "|contains|equals|startsWith|endsWith|hasFlag|indexOf|matcher|split)\\s*\\(");

    @Test
    void noCTextInJavaStringLiterals() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(TRANSFORM)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String[] lines = withoutComments(Files.readString(f, StandardCharsets.UTF_8)).split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    Matcher m = LITERAL.matcher(lines[i]);
                    while (m.find()) {
                        if (C_TEXT.matcher(m.group(1)).find() && !readOnly(lines, i, m.start())) {
                            found.add(f.getFileName() + ":" + (i + 1) + ": \"" + m.group(1) + "\"");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found, "C built in Java strings; emit it through a template");
    }

    @Test
    void theCheckFindsCText() {
        // contract: the guard can fail: a statement built in Java is C text, a diagnostic is not
        String[] code = {"        parts.add(new StatementView(\"Py_DECREF(tp);\"));",
                "        ctx.diagnose(Severity.WARNING, \"x\", 0, \"'a' -> 'b'; left static\");"};
        Matcher first = LITERAL.matcher(code[0]);
        assertTrue(first.find() && C_TEXT.matcher(first.group(1)).find() && !readOnly(code, 0, first.start()));
        Matcher second = LITERAL.matcher(code[1]);
        second.find();
        second.find();
        assertTrue(readOnly(code, 1, second.start()));
    }

    @Test
    void literalTextIsLineBreaksOrOneIdentifier() {
        // contract: Fragment.Text cannot carry C: only line endings or a renamed token
        assertEquals("\r\n\r\n", ((Fragment.Text) Fragment.lineBreaks("\r\n", 2)).text());
        assertEquals("PyModule_AddObjectRef", ((Fragment.Text) Fragment.identifier("PyModule_AddObjectRef")).text());
        assertThrows(IllegalArgumentException.class, () -> Fragment.identifier("return 0;"));
        assertThrows(IllegalArgumentException.class, () -> new Fragment.Text("st->Foo_Type"));
    }

    /**
     * The literal is an argument of a reading call or a diagnostic on its statement's first
     * line or the lines before it in the same statement, or part of an "id|message" blocker.
     */
    private static boolean readOnly(String[] lines, int line, int column) {
        for (int i = line; i >= 0 && i > line - 6; i--) {
            String text = i == line ? lines[i].substring(0, column) : lines[i];
            if (READING.matcher(text).find() || BLOCKER.matcher(lines[i]).find() || lines[i].contains("Severity.")
                    || MESSAGE.matcher(lines[i]).find()) {
                return true;
            }
            if (i < line && (lines[i].strip().endsWith(";") || lines[i].strip().endsWith("{"))) {
                return false;
            }
        }
        return false;
    }

    /** A message assembled before its diagnose call: {@code String why = "...";}. */
    private static final Pattern MESSAGE = Pattern.compile("^\\s*String (why|message|reason) =");

    /** TypeBlockers' "rule-id|message" strings: a finding's message, split before diagnose. */
    private static final Pattern BLOCKER = Pattern.compile("\"[a-z0-9.]+(-[a-z0-9.]+)+\\|");

    private static String withoutComments(String java) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < java.length()) {
            if (java.startsWith("/*", i)) {
                int end = java.indexOf("*/", i + 2);
                String c = java.substring(i, end < 0 ? java.length() : end + 2);
                out.append(c.replaceAll("[^\n]", " "));
                i += c.length();
            } else if (java.startsWith("//", i)) {
                int end = java.indexOf('\n', i);
                i = end < 0 ? java.length() : end;
            } else if (java.charAt(i) == '"') {
                int j = i + 1;
                while (j < java.length() && java.charAt(j) != '"') {
                    j += java.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(java, i, Math.min(j + 1, java.length()));
                i = j + 1;
            } else {
                out.append(java.charAt(i++));
            }
        }
        return out.toString();
    }
}
