package heapify.apply;

import heapify.lex.Lexing;
import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.lex.antlr.CLexer;
import heapify.source.LineMap;
import heapify.source.SourceReader;
import heapify.transform.CapsuleUse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rule capsule-per-module: the places that import a C API capsule, looked for in the {@code .c}
 * files of the folders of a run's files (a run of several files), and what each keeps of it. A capsule whose consumers all
 * read it into a local and hold a reference to what they keep of it ({@code _ssl.c} copies
 * {@code Sock_Type} into its module state and increfs it) can be made by each module object; one
 * that any consumer keeps in a static ({@code datetime.h}'s {@code PyDateTime_IMPORT} fills the
 * process-wide {@code PyDateTimeAPI}) must stay one per process. Read once per run, on first use.
 */
final class CapsuleConsumers {
    private static final String IMPORT = "PyCapsule_Import";
    /** Import macros of public headers, which the tree does not hold. */
    private static final Map<String, MacroImport> PUBLIC = Map.of("PyDateTime_IMPORT",
            new MacroImport("PyDateTime_CAPSULE_NAME", "datetime.h", "PyDateTimeAPI"));
    private static final Pattern DEFINE = Pattern.compile("(?s)#\\s*define\\s+(\\w+)(?:\\([^)]*\\))?(.*)");
    /** An import in a macro body, group 1 the variable it stores the pointer in, group 2 the name. */
    private static final Pattern MACRO_IMPORT = Pattern.compile(
            "(?s)(?:(\\w+)\\s*=\\s*(?:\\([^()]*\\)\\s*)?)?PyCapsule_Import\\s*\\(\\s*([^,()]+?)\\s*,");
    private static final Set<String> REF = Set.of("Py_INCREF", "Py_XINCREF");
    private static final Set<String> NEW_REF = Set.of("Py_NewRef", "Py_XNewRef");
    private static final long MAX_BYTES = 64L << 20;

    /** A macro that imports the capsule {@code name}, defined in {@code header}, storing it in {@code stores} ("" when it is an expression). */
    record MacroImport(String name, String header, String stores) {
    }

    private final Set<Path> folders = new TreeSet<>();
    private volatile CapsuleUse use;

    /**
     * {@code inputs}: the run's files. A run of one file sees no consumer: its module's other
     * files are not part of it, and what lies beside it need not be (a folder of unrelated files).
     */
    CapsuleConsumers(Set<Path> inputs) {
        for (Path p : inputs.size() < 2 ? Set.<Path>of() : inputs) {
            Path parent = p.toAbsolutePath().normalize().getParent();
            if (parent != null) {
                folders.add(parent);
            }
        }
    }

    CapsuleUse use() {
        CapsuleUse u = use;
        if (u == null) {
            synchronized (this) {
                u = use;
                if (u == null) {
                    u = read();
                    use = u;
                }
            }
        }
        return u;
    }

    private CapsuleUse read() {
        Map<String, List<CapsuleUse.Consumer>> byName = new TreeMap<>();
        Map<String, Set<String>> headers = new TreeMap<>();
        Map<Path, Map<String, MacroImport>> headerMacros = new LinkedHashMap<>();
        long bytes = 0;
        for (Path folder : folders) {
            List<Path> files;
            try (Stream<Path> s = Files.list(folder)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".c") && Files.isRegularFile(p)).sorted()
                        .toList();
            } catch (IOException | RuntimeException e) {
                continue;
            }
            for (Path c : files) {
                String text;
                try {
                    bytes += Files.size(c);
                    if (bytes > MAX_BYTES) {
                        return CapsuleUse.NONE; // a tree this large: no capsule is judged per module
                    }
                    text = Files.readString(c, StandardCharsets.ISO_8859_1);
                } catch (IOException | RuntimeException e) {
                    continue;
                }
                Map<String, MacroImport> macros = new LinkedHashMap<>();
                PUBLIC.forEach((m, i) -> {
                    if (text.contains(m)) {
                        macros.put(m, i);
                    }
                });
                for (MatchResult m : SourceWords.lineMatches(SourceWords.LOCAL_INCLUDE, text, "include")) {
                    Path h = folder.resolve(m.group(1)).normalize();
                    macros.putAll(headerMacros.computeIfAbsent(h, CapsuleConsumers::macrosOf));
                }
                // the exporter includes its header too: its own capsule is no other module's
                macros.values().forEach(i -> headers.computeIfAbsent(i.name(), k -> new TreeSet<>()).add(i.header()));
                macros.keySet().removeIf(m -> SourceWords.next(text, m, 0) < 0);
                if (macros.isEmpty() && !text.contains(IMPORT)) {
                    continue;
                }
                if (!(SourceReader.read(c) instanceof SourceReader.Read read)) {
                    continue;
                }
                TokenList toks = Lexing.lex(read.source());
                sites(c.getFileName().toString(), toks, macros).forEach((name, list) ->
                        byName.computeIfAbsent(name, k -> new ArrayList<>()).addAll(list));
            }
        }
        return new CapsuleUse(byName, headers);
    }

    /** The import macros a local header defines. */
    private static Map<String, MacroImport> macrosOf(Path header) {
        Map<String, MacroImport> out = new LinkedHashMap<>();
        String text;
        try {
            if (!Files.isRegularFile(header) || Files.size(header) > MAX_BYTES) {
                return out;
            }
            text = Files.readString(header, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return out;
        }
        if (!text.contains(IMPORT) || !(SourceReader.read(header) instanceof SourceReader.Read read)) {
            return out;
        }
        for (Token t : Lexing.lex(read.source()).directiveTokens()) {
            Matcher d = DEFINE.matcher(t.text());
            if (!d.matches()) {
                continue;
            }
            Matcher i = MACRO_IMPORT.matcher(d.group(2).replaceAll("\\\\\\R", " "));
            if (i.find()) {
                out.put(d.group(1), new MacroImport(i.group(2), header.getFileName().toString(),
                        i.group(1) == null ? "" : i.group(1)));
            }
        }
        return out;
    }

    /** The consumers in one lexed file, by capsule name. */
    static Map<String, List<CapsuleUse.Consumer>> sites(String file, TokenList toks, Map<String, MacroImport> macros) {
        Map<String, List<CapsuleUse.Consumer>> out = new TreeMap<>();
        int[] code = toks.code();
        LineMap lines = new LineMap(toks.source().text());
        for (int k = 0; k < code.length; k++) {
            Token t = toks.get(code[k]);
            if (t.type() != CLexer.IDENTIFIER) {
                continue;
            }
            MacroImport macro = macros.get(t.text());
            String name;
            if (macro != null) {
                name = macro.name();
            } else if (t.text().equals(IMPORT) && k + 1 < code.length && toks.get(code[k + 1]).isPunct("(")) {
                name = CapsuleUse.argument(toks, code[k + 1], 0);
            } else {
                continue;
            }
            Site site = new Site(toks, code, k, lines);
            String keeps = macro != null && !macro.stores().isEmpty()
                    ? "keeps it in the static '" + macro.stores() + "' that '" + macro.header() + "' declares ("
                    + t.text() + ")" : site.keeps();
            out.computeIfAbsent(name, x -> new ArrayList<>()).add(new CapsuleUse.Consumer(file,
                    lines.line(t.start()), site.function(), keeps));
        }
        return out;
    }

    /** One import call at code position {@code at}: the statement and the function around it. */
    private static final class Site {
        private final TokenList toks;
        private final int[] code;
        private final int at;
        private final LineMap lines;
        /** Code positions of the function body's braces, -1 when at file level. */
        private int bodyOpen = -1;
        private int bodyClose = -1;

        Site(TokenList toks, int[] code, int at, LineMap lines) {
            this.toks = toks;
            this.lines = lines;
            this.code = code;
            this.at = at;
            int depth = 0;
            for (int k = at - 1; k >= 0; k--) {
                Token t = tok(k);
                if (t.isPunct("}")) {
                    depth++;
                } else if (t.isPunct("{")) {
                    if (depth == 0) {
                        bodyOpen = k; // the outermost brace before the call is the function's
                    } else {
                        depth--;
                    }
                }
            }
            if (bodyOpen >= 0) {
                depth = 0;
                for (int k = bodyOpen; k < code.length; k++) {
                    Token t = tok(k);
                    depth += t.isPunct("{") ? 1 : t.isPunct("}") ? -1 : 0;
                    if (depth == 0) {
                        bodyClose = k;
                        break;
                    }
                }
            }
        }

        private Token tok(int k) {
            return toks.get(code[k]);
        }

        String function() {
            if (bodyOpen < 1 || !tok(bodyOpen - 1).isPunct(")")) {
                return "";
            }
            int depth = 0;
            for (int k = bodyOpen - 1; k > 0; k--) {
                depth += tok(k).isPunct(")") ? 1 : tok(k).isPunct("(") ? -1 : 0;
                if (depth == 0) {
                    return tok(k - 1).type() == CLexer.IDENTIFIER ? tok(k - 1).text() : "";
                }
            }
            return "";
        }

        /** What outlives the call of what the import returns, or "". */
        String keeps() {
            if (bodyOpen < 0 || bodyClose < 0) {
                return "imports it outside a function heapify can read";
            }
            int start = statementStart(at);
            List<String> lhs = assignedTo(start, at);
            if (lhs == null) {
                return tok(start).isIdentifier("return") ? "returns it to its caller" : "";
            }
            String variable = lhs.get(lhs.size() - 1);
            boolean declaration = lhs.size() > 1 && !lhs.contains("->") && !lhs.contains(".");
            if (lhs.contains("static")) {
                return "keeps it in the static '" + variable + "'";
            }
            if (lhs.size() == 1 && !declaredIn(variable, bodyOpen, start)) {
                return "keeps it in the static '" + variable + "'";
            }
            if (!declaration && lhs.size() > 1) {
                return "keeps it in '" + String.join("", lhs) + "'";
            }
            return uses(variable, at);
        }

        /** Every later use of the local {@code v} reads the capsule and keeps nothing without a reference. */
        private String uses(String v, int from) {
            for (int k = from + 1; k < bodyClose; k++) {
                if (tok(k).type() != CLexer.IDENTIFIER || !tok(k).text().equals(v) || tok(k - 1).isPunct("->")
                        || tok(k - 1).isPunct(".")) {
                    continue;
                }
                Token next = tok(k + 1);
                Token prev = tok(k - 1);
                if (next.isPunct("->") && k + 2 < bodyClose) {
                    String kept = member(k, tok(k + 2).text());
                    if (!kept.isEmpty()) {
                        return kept;
                    }
                } else if (!(Set.of("==", "!=", "&&", "||", "?").contains(next.text())
                        || Set.of("==", "!=").contains(prev.text())
                        || next.isPunct(")") && (prev.isPunct("(") || prev.isPunct("!")))) {
                    return "passes the pointer '" + v + "' on (line " + line(k) + ")";
                }
            }
            return "";
        }

        /** What the read {@code v->field} at {@code k} keeps without a reference, or "". */
        private String member(int k, String field) {
            int start = statementStart(k);
            List<String> lhs = assignedTo(start, k);
            if (lhs == null) {
                return tok(start).isIdentifier("return") ? "returns its '" + field + "' to its caller" : "";
            }
            String target = String.join("", lhs);
            boolean wrapped = k >= 2 && tok(k - 1).isPunct("(") && NEW_REF.contains(tok(k - 2).text());
            if (lhs.size() == 1 && !declaredIn(lhs.get(0), bodyOpen, start)) {
                return "keeps its '" + field + "' in the static '" + target + "'";
            }
            if (lhs.size() == 1 || !lhs.contains("->") && !lhs.contains(".")) {
                return "copies its '" + field + "' into the local '" + lhs.get(lhs.size() - 1) + "'";
            }
            if (wrapped || increfed(target, k)) {
                return "";
            }
            return "keeps its '" + field + "' in '" + target + "' without a reference";
        }

        /** {@code Py_INCREF(target)} follows in the function. */
        private boolean increfed(String target, int from) {
            for (int k = from; k + 1 < bodyClose; k++) {
                if (REF.contains(tok(k).text()) && tok(k + 1).isPunct("(")) {
                    StringBuilder b = new StringBuilder();
                    int i = k + 2;
                    while (i < bodyClose && !tok(i).isPunct(")")) {
                        b.append(tok(i++).text());
                    }
                    if (b.toString().equals(target)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** {@code v} is declared between the body's brace and {@code before}: a type word, '*'s, then v. */
        private boolean declaredIn(String v, int open, int before) {
            for (int k = open + 1; k < before; k++) {
                if (tok(k).type() == CLexer.IDENTIFIER && tok(k).text().equals(v)
                        && (tok(k - 1).type() == CLexer.IDENTIFIER || tok(k - 1).isPunct("*"))
                        && !tok(k - 1).isIdentifier("return") && Set.of(";", "=", ",", "[").contains(tok(k + 1).text())) {
                    return true;
                }
            }
            return false;
        }

        /** The first code position of the statement holding {@code k}. */
        private int statementStart(int k) {
            int depth = 0;
            for (int i = k - 1; i >= bodyOpen; i--) {
                Token t = tok(i);
                if (t.isPunct(")")) {
                    depth++;
                } else if (t.isPunct("(")) {
                    if (depth == 0) {
                        return i + 1; // inside a condition: the expression starts after its '('
                    }
                    depth--;
                } else if (depth == 0 && (t.isPunct(";") || t.isPunct("{") || t.isPunct("}"))) {
                    return i + 1;
                }
            }
            return bodyOpen + 1;
        }

        /** The tokens left of the last '=' between {@code start} and {@code k}, or null when there is none. */
        private List<String> assignedTo(int start, int k) {
            int assign = -1;
            for (int i = start; i < k; i++) {
                if (tok(i).isPunct("=")) {
                    assign = i;
                }
            }
            return assign < 0 ? null : texts(start, assign);
        }

        private List<String> texts(int from, int to) {
            List<String> out = new ArrayList<>();
            for (int k = from; k < to; k++) {
                out.add(tok(k).text());
            }
            return out;
        }

        private int line(int k) {
            return lines.line(tok(k).start());
        }
    }
}
