package heapify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the pipeline one-way (style.md section 1, after Spoon's SpoonArchitectureEnforcerTest): reads
 * every Java file under {@code src/main/java} and fails when a stage refers to a later stage, by an
 * import or by a qualified name in code, or when a package is not in {@link #STAGES}.
 */
class ArchitectureTest {
    /** Packages in pipeline order; a package may use its own stage and earlier ones. */
    static final List<String> STAGES = List.of("source", "lex", "parse", "model", "analysis", "transform",
            "render", "apply", "verify", "cli");
    /** Subpackages that belong to a stage. */
    static final Map<String, String> SUBPACKAGES = Map.of("heapify.lex.antlr", "lex");

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern REFERENCE = Pattern.compile("\\bheapify\\.([a-z]\\w*(?:\\.\\w+)*)");

    /** The stage of a package, or null when it is not in the list. */
    static String stage(String pkg) {
        if (SUBPACKAGES.containsKey(pkg)) {
            return SUBPACKAGES.get(pkg);
        }
        if (!pkg.startsWith("heapify.")) {
            return null;
        }
        String s = pkg.substring("heapify.".length());
        return STAGES.contains(s) ? s : null;
    }

    /** The code of a Java file without comments and string literals (a Javadoc link is no dependency). */
    static String code(String java) {
        return java.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ")
                .replaceAll("\"(?:[^\"\\\\\\n]|\\\\.)*\"", "\"\"");
    }

    /** Violations in one file: "file: stage 'a' uses later stage 'b' (heapify.b.X)" or unknown packages. */
    static List<String> violations(String file, String java) {
        List<String> out = new ArrayList<>();
        String code = code(java);
        Matcher pm = PACKAGE.matcher(code);
        if (!pm.find()) {
            out.add(file + ": no package declaration");
            return out;
        }
        String pkg = pm.group(1);
        String own = stage(pkg);
        if (own == null) {
            out.add(file + ": package '" + pkg + "' is not in the architecture's list");
            return out;
        }
        Matcher m = REFERENCE.matcher(code.substring(pm.end()));
        while (m.find()) {
            String ref = m.group(1);
            // the longest known package prefix of the reference (heapify.lex.antlr.CLexer -> heapify.lex.antlr)
            String[] parts = ref.split("\\.");
            String target = null;
            for (int n = parts.length; n >= 1 && target == null; n--) {
                target = stage("heapify." + String.join(".", List.of(parts).subList(0, n)));
            }
            if (target == null) {
                out.add(file + ": refers to 'heapify." + ref + "', which is in no known stage");
            } else if (STAGES.indexOf(target) > STAGES.indexOf(own)) {
                out.add(file + ": stage '" + own + "' uses later stage '" + target + "' (heapify." + ref + ")");
            }
        }
        return out;
    }

    @Test
    void stagesOnlyUseEarlierStages() throws IOException {
        // contract: data flows down the pipeline; cli (and verify) may use everything before them
        Path main = Path.of(System.getProperty("heapify.root", ".")).resolve("src/main/java");
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.walk(main)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                files++;
                violations.addAll(violations(main.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        assertTrue(files > 20, "found only " + files + " Java files under " + main);
        assertEquals(List.of(), violations);
    }

    @Test
    void theCheckItselfCatchesViolations() {
        // contract: the rule can fail: a later-stage import, a qualified reference, an unknown package
        assertEquals(List.of("A.java: stage 'model' uses later stage 'transform' (heapify.transform.Plan)"),
                violations("A.java", "package heapify.model;\nimport heapify.transform.Plan;\n"));
        assertEquals(List.of("B.java: stage 'lex' uses later stage 'parse' (heapify.parse.Group)"),
                violations("B.java", "package heapify.lex.antlr;\nclass B { heapify.parse.Group g; }\n"));
        assertEquals(List.of("C.java: package 'heapify.scan' is not in the architecture's list"),
                violations("C.java", "package heapify.scan;\n"));
        assertEquals(List.of(), violations("D.java", "package heapify.cli;\nimport heapify.apply.Edit;\n"
                + "import static heapify.lex.antlr.CLexer.IDENTIFIER;\n/** {@link heapify.verify.X} */\n"));
        assertEquals(List.of(), violations("E.java", "package heapify.parse;\n// see heapify.cli.Main\n"
                + "class E { String s = \"heapify.cli\"; heapify.source.Span x; }\n"));
    }
}
