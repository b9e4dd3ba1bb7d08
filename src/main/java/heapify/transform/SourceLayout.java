package heapify.transform;

import heapify.analysis.Statements;
import heapify.analysis.Stmt;
import heapify.lex.TokenList;
import heapify.lex.antlr.CLexer;
import heapify.model.FunctionDef;
import heapify.source.Span;
import java.util.List;

/**
 * Where things are in one file's text, for placing edits: line starts, indentation, the span
 * a deletion takes (whole lines when the construct stands alone), statement spans and code, and
 * neighbouring code tokens. It only reads the original text; it decides nothing.
 */
public final class SourceLayout {
    private final String text;
    private final TokenList tokens;
    private final Statements statements;
    /** The file's indentation unit: a tab or four spaces, whichever more lines start with. */
    private final String indentUnit;
    /** Found on first use: every file's layout is asked, few files have any (one scan of the tokens). */
    private List<Span> clinicRegions;
    /** Found on first use, like {@link #clinicRegions}. */
    private List<ClinicClass> clinicClasses;

    SourceLayout(String text, TokenList tokens, Statements statements) {
        this.text = text;
        this.tokens = tokens;
        this.statements = statements;
        this.indentUnit = heapify.source.SourceText.indentUnit(text);
    }

    /**
     * Argument Clinic's regions, as spans from the start of a {@code [clinic input]} comment to the
     * end of the {@code [clinic end generated code: ...]} comment after it: clinic checksums the
     * text between them, so nothing may be inserted or changed there.
     */
    public List<Span> clinicRegions() {
        if (clinicRegions == null) {
            clinicRegions = List.copyOf(findClinicRegions());
        }
        return clinicRegions;
    }

    private List<Span> findClinicRegions() {
        List<Span> out = new java.util.ArrayList<>();
        int open = -1;
        for (heapify.lex.Token t : tokens.all()) {
            if (t.type() != CLexer.BLOCK_COMMENT) {
                continue;
            }
            if (t.text().startsWith("/*[clinic input]")) {
                open = t.start();
            } else if (open >= 0 && t.text().startsWith("/*[clinic end generated code")) {
                out.add(new Span(open, t.end()));
                open = -1;
            }
        }
        return out;
    }

    /**
     * An Argument Clinic class line naming a type object's address ({@link TypeBlockers#CLINIC_CLASS}):
     * its object type as written, the type's name and where that name is.
     */
    record ClinicClass(String object, String type, int typeStart, int typeEnd) {
    }

    /**
     * The file's clinic class lines, in text order. Found once per file and shared by the passes:
     * the regex, tried at every line start of the text, had been run by the clinic decision, by the
     * clinic-regenerate check and once per clinic impl function of every pass. A text without
     * {@code "&} has none (every match holds it), and is not scanned.
     */
    List<ClinicClass> clinicClasses() {
        if (clinicClasses == null) {
            List<ClinicClass> out = new java.util.ArrayList<>();
            if (text.contains("\"&")) {
                java.util.regex.Matcher m = TypeBlockers.CLINIC_CLASS.matcher(text);
                while (m.find()) {
                    out.add(new ClinicClass(m.group("object"), m.group("type"), m.start("type"), m.end("type")));
                }
            }
            clinicClasses = List.copyOf(out);
        }
        return clinicClasses;
    }

    /** An insertion point moved before the clinic region that holds it, if one does. */
    public int outsideClinic(int offset) {
        for (Span r : clinicRegions()) {
            if (r.start() < offset && offset < r.end()) {
                return lineStart(r.start());
            }
        }
        return offset;
    }

    private static final java.util.regex.Pattern CONDITIONAL =
            java.util.regex.Pattern.compile("^\\s*#\\s*(if|ifdef|ifndef|endif)\\b");

    /**
     * An insertion point moved before the outermost {@code #if}/{@code #ifdef}/{@code #ifndef}
     * whose region holds it, if one does: what is inserted there is then compiled whichever branch
     * the build takes (mercurial's osutil.c got its state struct inside {@code #ifdef _WIN32},
     * before its first user, and did not build on Linux).
     */
    public int outsideConditionals(int offset) {
        java.util.Deque<Integer> open = new java.util.ArrayDeque<>();
        for (heapify.lex.Token t : tokens.all()) {
            if (t.start() >= offset) {
                break;
            }
            if (!t.isDirective()) {
                continue;
            }
            java.util.regex.Matcher m = CONDITIONAL.matcher(t.text());
            if (!m.find()) {
                continue;
            }
            if (m.group(1).equals("endif")) {
                open.pollLast();
            } else {
                open.addLast(t.start());
            }
        }
        return open.isEmpty() ? offset : lineStart(open.peekFirst());
    }

    public int lineStart(int offset) {
        int i = offset;
        while (i > 0 && text.charAt(i - 1) != '\n') {
            i--;
        }
        return i;
    }

    /** Offset just after the line break ending the line that holds {@code offset}. */
    public int nextLineStart(int offset) {
        int i = offset;
        while (i < text.length() && text.charAt(i) != '\n') {
            i++;
        }
        return Math.min(i + 1, text.length());
    }

    public String indentAt(int offset) {
        int s = lineStart(offset);
        int e = s;
        while (e < text.length() && (text.charAt(e) == ' ' || text.charAt(e) == '\t')) {
            e++;
        }
        return text.substring(s, e);
    }

    /**
     * The span to delete for a construct: whole lines when only blanks precede it on its first
     * line and only blanks (or a comment) follow it on its last; else the span itself.
     */
    public Span deletionSpan(Span s) {
        int ls = lineStart(s.start());
        if (!text.substring(ls, s.start()).isBlank()) {
            return s;
        }
        int le = nextLineStart(s.end());
        if (!onlyCommentsAfter(s.end())) {
            return s;
        }
        // a construct alone between blank lines: take one blank line with it, not leave two
        if (ls > 0 && text.substring(lineStart(ls - 1), ls).isBlank() && le < text.length()) {
            int after = nextLineStart(le);
            if (text.substring(le, after).isBlank() && after > le) {
                return new Span(ls, after);
            }
        }
        return new Span(ls, le);
    }

    /**
     * Whether the rest of the line from {@code offset} holds only white space and comments that
     * end on it, as the lexer reads them: in {@code /}{@code * a /}{@code * b *}{@code / c *}{@code /}
     * the comment ends at its first star-slash and {@code c} is code (a regex from the first
     * opener to the last star-slash took it for a comment, and deleting a global took the start
     * of the next declaration with it). {@code offset} is a token boundary, as a construct's end is.
     */
    public boolean onlyCommentsAfter(int offset) {
        int le = nextLineStart(offset);
        if (text.substring(offset, le).isBlank()) {
            return true;
        }
        int i = tokens.indexAt(offset);
        if (i < 0) {
            return false;
        }
        for (; i < tokens.size() && tokens.get(i).start() < le; i++) {
            heapify.lex.Token t = tokens.get(i);
            if (t.isCode() || t.isDirective() || t.isComment() && t.end() > le) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #deletionSpan} of a construct, less the lines of the non-conditional preprocessor
     * directives inside it: a {@code #define} written inside an initializer stays where it is, and
     * edits inside it (a macro's new state parameter) do not collide with the deletion.
     */
    public List<Span> deletionSpansKeepingDirectives(Span s) {
        Span whole = deletionSpan(s);
        List<Span> out = new java.util.ArrayList<>();
        int from = whole.start();
        for (heapify.lex.Token t : tokens.all()) {
            if (!t.isDirective() || t.start() < s.start() || t.end() > s.end()
                    || heapify.parse.IslandParser.directiveKeyword(t.text()).matches("if|ifdef|ifndef|elif|else|endif")) {
                continue; // conditional lines go with the construct, as before
            }
            int keepStart = lineStart(t.start());
            if (keepStart > from) {
                out.add(new Span(from, keepStart));
            }
            from = Math.max(from, nextLineStart(t.end()));
        }
        // with directives kept, the blank line after the construct stays to set them apart
        int end = out.isEmpty() ? whole.end() : Math.min(whole.end(), Math.max(s.end(), nextLineStart(s.end())));
        if (end > from) {
            out.add(new Span(from, end));
        }
        return out;
    }

    public Span tokenSpan(int from, int to) {
        return tokens.span(from, to);
    }

    public Span spanOf(Stmt s) {
        return tokens.span(s.first(), s.last());
    }

    public String code(Stmt s) {
        return statements.code(s);
    }

    /** Offset where a statement inserted at the top of a body goes: the start of the line after '{'. */
    public int bodyInsertionPoint(FunctionDef f) {
        return nextLineStart(tokens.get(f.body().open()).start());
    }

    /**
     * Offset where a statement inserted before a body's other statements goes: the line of its
     * first statement after the leading declarations (so C89 compilers and
     * {@code -Wdeclaration-after-statement} accept it), else the top of the body. A directive among
     * those declarations keeps the top: the line after them may be under its condition.
     */
    public int statementInsertionPoint(FunctionDef f) {
        List<Stmt> stmts = statements.of(f.body());
        int k = 0;
        while (k < stmts.size() && isDeclaration(stmts.get(k))) {
            k++;
        }
        if (k == 0 || k == stmts.size()) {
            return bodyInsertionPoint(f);
        }
        int first = stmts.get(k).first();
        for (int i = f.body().open() + 1; i < first; i++) {
            if (tokens.get(i).isDirective()) {
                return bodyInsertionPoint(f);
            }
        }
        // after the blank line that ends the declarations, before a comment on the first statement
        int at = nextLineStart(tokens.get(stmts.get(k - 1).last()).end());
        while (at < tokens.get(first).start() && text.substring(at, nextLineStart(at)).isBlank()) {
            at = nextLineStart(at);
        }
        return Math.min(at, lineStart(tokens.get(first).start()));
    }

    private static final java.util.Set<String> DECLARATION_WORDS = java.util.Set.of("auto", "char", "const",
            "double", "enum", "extern", "float", "int", "long", "register", "short", "signed", "static",
            "struct", "union", "unsigned", "void", "volatile", "_Bool");

    /** A declaration statement: a type word first, or {@code T *...name} followed by '=', ';', '[' or ','. */
    private boolean isDeclaration(Stmt s) {
        if (s.kind() != Stmt.Kind.SIMPLE) {
            return false;
        }
        List<heapify.lex.Token> code = new java.util.ArrayList<>();
        for (int i = s.first(); i <= s.last() && code.size() < 16; i++) {
            if (tokens.get(i).isCode()) {
                code.add(tokens.get(i));
            }
        }
        if (code.isEmpty() || code.get(0).type() != CLexer.IDENTIFIER) {
            return false;
        }
        if (DECLARATION_WORDS.contains(code.get(0).text())) {
            return true;
        }
        int i = 1;
        while (i < code.size() && code.get(i).type() == CLexer.STAR) {
            i++;
        }
        if (i + 1 >= code.size() || code.get(i).type() != CLexer.IDENTIFIER) {
            return false;
        }
        int next = code.get(i + 1).type();
        return next == CLexer.ASSIGN || next == CLexer.SEMI || next == CLexer.LBRACKET || next == CLexer.COMMA;
    }

    /** Token index of a body's first statement (its closing brace when empty). */
    public int statementsStart(FunctionDef f) {
        List<Stmt> stmts = statements.of(f.body());
        return stmts.isEmpty() ? f.body().close() : stmts.get(0).first();
    }

    /** Indentation of a body's statements: that of its first statement, else one unit more than '{'. */
    public String bodyIndent(FunctionDef f) {
        List<Stmt> stmts = statements.of(f.body());
        if (!stmts.isEmpty()) {
            return indentAt(tokens.get(stmts.get(0).first()).start());
        }
        return indentAt(tokens.get(f.body().open()).start()) + indentUnit;
    }

    /** The span of a definition plus the ';' right after it. */
    public Span withSemicolon(Span s) {
        int i = s.end();
        while (i < text.length() && Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '\n') {
            i++;
        }
        return i < text.length() && text.charAt(i) == ';' ? new Span(s.start(), i + 1) : s;
    }

    /** The previous code token index before {@code i}, or -1. */
    public int prevCode(int i) {
        return tokens.prevCode(i);
    }

    public int nextCode(int i) {
        return tokens.nextCode(i);
    }

    /**
     * The identifier names a struct member: after {@code .} or {@code ->}, or the member argument
     * of {@code offsetof(T, name)} (socketmodule.c's {@code offsetof(PySocketSockObject, sock_type)}
     * names a field that shares its name with the type).
     */
    public boolean isMemberAccess(int identIndex) {
        int p = prevCode(identIndex);
        if (p < 0) {
            return false;
        }
        int kind = tokens.get(p).type();
        return kind == CLexer.DOT || kind == CLexer.ARROW || kind == CLexer.COMMA && isOffsetofMember(p);
    }

    /**
     * The identifier is declared as a member of a struct or union: the innermost brace around
     * it opens the body of a {@code struct} or {@code union} (tagged or not), and a {@code ;}, a
     * {@code ,} or an array's {@code [} follows ({@code int sock_type;} in the instance struct of
     * the type {@code sock_type}).
     */
    public boolean isMemberDeclaration(int identIndex) {
        int n = nextCode(identIndex);
        int after = n < 0 ? -1 : tokens.get(n).type();
        if (after != CLexer.SEMI && after != CLexer.COMMA && after != CLexer.LBRACKET) {
            return false;
        }
        int depth = 0;
        for (int i = prevCode(identIndex); i >= 0; i = prevCode(i)) {
            String t = tokens.get(i).text();
            if (t.equals("}")) {
                depth++;
            } else if (t.equals("{") && depth-- == 0) {
                int p = prevCode(i);
                if (p >= 0 && tokens.get(p).type() == CLexer.IDENTIFIER && !isAggregateKeyword(p)) {
                    p = prevCode(p); // the tag
                }
                return p >= 0 && isAggregateKeyword(p);
            }
        }
        return false;
    }

    private boolean isAggregateKeyword(int i) {
        String t = tokens.get(i).text();
        return t.equals("struct") || t.equals("union");
    }

    /** The comma at {@code comma} separates {@code offsetof(}'s type from its member. */
    private boolean isOffsetofMember(int comma) {
        int i = prevCode(comma);
        while (i >= 0 && tokens.get(i).type() == CLexer.IDENTIFIER || i >= 0 && tokens.get(i).text().equals("struct")) {
            i = prevCode(i);
        }
        if (i < 0 || tokens.get(i).type() != CLexer.LPAREN || i == prevCode(comma)) {
            return false;
        }
        int name = prevCode(i);
        return name >= 0 && tokens.get(name).text().equals("offsetof");
    }
}
