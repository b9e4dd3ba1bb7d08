package heapify.model;

import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.lex.antlr.CLexer;
import heapify.parse.Group;
import heapify.parse.Node;
import heapify.parse.Nodes;
import heapify.parse.OldStyleDefinition;
import heapify.parse.ParsedFile;
import heapify.parse.TopItem;
import heapify.source.Diagnostic;
import heapify.source.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link FileModel} from an island parse: declarations become types, tables, module
 * definitions and globals; function definitions become {@link FunctionDef}s, and their
 * {@code static} locals become globals too (they are process-wide state all the same).
 */
public final class FileModelBuilder {
    /** 0L, 0UL, 0u: a zero of another integer type. */
    private static final Pattern INTEGER_ZERO = Pattern.compile("0(?:[uU]?[lL]{1,2}|[lL]{1,2}[uU]|[uU])");
    /** Layout used to name positional fields: the one the file is most likely written for. */
    public static final int DEFAULT_LAYOUT = 11;

    private static final Set<String> STORAGE_WORDS = Set.of("static", "extern", "const", "volatile",
            "register", "inline", "_Thread_local", "thread_local", "Py_LOCAL_INLINE", "Py_LOCAL", "unsigned",
            "signed", "struct", "union", "enum");

    private static final Pattern FUNCTION_POINTER_NAME = Pattern.compile("^\\(\\s*\\*\\s*(\\w+)\\s*\\)$");
    private static final Pattern CONST_POINTER = Pattern.compile("\\*\\s*const\\s*$");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_]\\w*");
    private static final Pattern UNUSED_PARAM = Pattern.compile("^(.*?)\\s*Py_UNUSED\\s*\\(\\s*(\\w+)\\s*\\)$");
    private static final Pattern NAMED_PARAM = Pattern.compile("^(.*?[\\s*])(\\w+)\\s*(\\[[^\\]]*\\])?$");

    private final TokenList tokens;
    private final ParsedFile parsed;
    /** Each object-like macro of the file by name; empty when it is defined more than once. */
    private Map<String, Optional<String>> objectMacros;
    private static final Pattern OBJECT_MACRO = Pattern.compile("(?s)#\\s*define\\s+([A-Za-z_]\\w*)(?![\\w(])(.*)");
    private final List<StaticType> types = new ArrayList<>();
    private final List<String> forwardTypes = new ArrayList<>();
    private final List<SubTable> subTables = new ArrayList<>();
    private final List<MemberTable> memberTables = new ArrayList<>();
    private final List<ModuleDef> moduleDefs = new ArrayList<>();
    private final List<InitFunction> inits = new ArrayList<>();
    private final List<FunctionDef> functions = new ArrayList<>();
    private final List<Global> globals = new ArrayList<>();
    private final List<SpecType> specTypes = new ArrayList<>();
    private final List<String> prototypes = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Set<String> exceptionNames;
    private final Set<String> initMacros;

    private FileModelBuilder(ParsedFile parsed, Set<String> initMacros) {
        this.initMacros = initMacros;
        this.parsed = parsed;
        this.tokens = parsed.tokens();
        this.exceptionNames = assignedFrom(parsed.tokens(), Set.of("PyErr_NewException", "PyErr_NewExceptionWithDoc"));
    }

    public static FileModel build(ParsedFile parsed) {
        return build(parsed, InitMacros.definedIn(parsed.tokens()));
    }

    /**
     * {@code initMacros}: the init macros ({@link InitMacros}) defined in the file and in the local
     * files it includes, which only the caller can read.
     */
    public static FileModel build(ParsedFile parsed, Set<String> initMacros) {
        FileModelBuilder b = new FileModelBuilder(parsed, initMacros);
        for (TopItem item : parsed.items()) {
            switch (item.kind()) {
                case DECLARATION -> b.declaration(item.nodes(), item.conditions(), "");
                case FUNCTION -> b.function(item);
                default -> {
                }
            }
        }
        List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        all.addAll(b.diagnostics);
        return new FileModel(parsed, b.types, b.forwardTypes, b.subTables, b.memberTables, b.moduleDefs, b.inits,
                b.functions, b.globals, b.specTypes, b.prototypes, all);
    }

    // ---- declarations -------------------------------------------------------------------

    /** A parsed declarator: name, type text (specifiers + stars), initializer group or node list. */
    private record Declarator(String name, String type, List<Node> init, boolean isFunction, boolean isArray) {
    }

    private void declaration(List<Node> nodes, List<Integer> conditions, String function) {
        List<Node> body = new ArrayList<>(nodes);
        if (!body.isEmpty() && Nodes.isLeaf(tokens, body.get(body.size() - 1), CLexer.SEMI)) {
            body.remove(body.size() - 1);
        }
        if (body.isEmpty()) {
            return;
        }
        if (macroDeclaration(body, conditions, function)) {
            return;
        }
        List<List<Node>> parts = Nodes.splitCommas(tokens, body);
        if (parts.isEmpty()) {
            return;
        }
        Declarator first = declarator(parts.get(0), null);
        if (first == null) {
            return;
        }
        String specifiers = specifiersOf(first.type());
        if (hasWord(specifiers, "typedef")) {
            return;
        }
        List<Declarator> decls = new ArrayList<>();
        decls.add(first);
        for (int i = 1; i < parts.size(); i++) {
            Declarator d = declarator(parts.get(i), specifiers);
            if (d != null) {
                decls.add(d);
            }
        }
        if (function.isEmpty()) {
            for (Declarator d : decls) {
                if (d.isFunction() && !prototypes.contains(d.name())) {
                    prototypes.add(d.name());
                }
            }
        }
        if (hasWord(specifiers, "extern")) {
            return;
        }
        for (Declarator d : decls) {
            if (!d.isFunction()) {
                variable(d, body, conditions, function);
            }
        }
    }

    /** {@code _Py_IDENTIFIER(x);}, {@code _Py_static_string(v, "x");}: safe identifier caches. */
    private boolean macroDeclaration(List<Node> body, List<Integer> conditions, String function) {
        if (body.size() != 2 || !(body.get(1) instanceof Group args) || !args.isParen()) {
            return false;
        }
        Token macro = Nodes.leafToken(tokens, body.get(0));
        if (macro == null || macro.type() != CLexer.IDENTIFIER) {
            return false;
        }
        List<List<Node>> a = Nodes.splitCommas(tokens, args.children());
        if (a.isEmpty()) {
            return false;
        }
        String arg0 = Nodes.code(tokens, a.get(0));
        String name = switch (macro.text()) {
            case "_Py_IDENTIFIER" -> "PyId_" + arg0;
            case "_Py_static_string" -> arg0;
            default -> null;
        };
        if (name == null) {
            return false;
        }
        globals.add(new Global(name, macro.text(), function, true, Nodes.code(tokens, args),
                GlobalCategory.SAFE, span(body)));
        return true;
    }

    /** The declared type text without the declarator's own stars. */
    private static String specifiersOf(String type) {
        int e = type.length();
        while (e > 0 && (type.charAt(e - 1) == '*' || Character.isWhitespace(type.charAt(e - 1)))) {
            e--;
        }
        return type.substring(0, e);
    }

    private Declarator declarator(List<Node> part, String inheritedSpecifiers) {
        int eq = -1;
        for (int i = 0; i < part.size(); i++) {
            if (Nodes.isLeaf(tokens, part.get(i), CLexer.ASSIGN)) {
                eq = i;
                break;
            }
        }
        List<Node> head = eq < 0 ? part : part.subList(0, eq);
        List<Node> init = eq < 0 ? List.of() : part.subList(eq + 1, part.size());
        int nameAt = -1;
        boolean isFunction = false;
        boolean isArray = false;
        for (int i = head.size() - 1; i >= 0; i--) {
            Node n = head.get(i);
            if (n instanceof Group g) {
                if (g.bracket() == '[') {
                    isArray = true;
                    continue;
                }
                if (g.isParen()) {
                    // "(*name)(args)" or "name(args)": a function pointer or a prototype
                    if (i > 0 && Nodes.isIdentifier(tokens, head.get(i - 1)) && !isMacroLike(head, i - 1)) {
                        isFunction = true;
                        continue;
                    }
                    String inner = Nodes.code(tokens, g);
                    Matcher m = FUNCTION_POINTER_NAME.matcher(inner);
                    if (m.find()) {
                        return new Declarator(m.group(1), Nodes.code(tokens, head.subList(0, i)) + " (*)",
                                init, false, false);
                    }
                    continue;
                }
                return null;
            }
            Token t = Nodes.leafToken(tokens, n);
            if (t.type() == CLexer.IDENTIFIER) {
                nameAt = i;
                break;
            }
            if (t.type() != CLexer.STAR) {
                return null;
            }
        }
        if (nameAt < 0) {
            return null;
        }
        String name = Nodes.leafToken(tokens, head.get(nameAt)).text();
        String type = Nodes.code(tokens, head.subList(0, nameAt));
        if (type.isEmpty() && inheritedSpecifiers == null) {
            return null; // "x = 1;" at top level is not a declaration we understand
        }
        if (inheritedSpecifiers != null) {
            type = (inheritedSpecifiers + " " + type).strip();
        }
        return new Declarator(name, type, init, isFunction, isArray);
    }

    /** An identifier followed by parens inside the specifiers, like {@code Py_EXPORTED_SYMBOL}-style macros. */
    private boolean isMacroLike(List<Node> head, int i) {
        String w = Nodes.leafToken(tokens, head.get(i)).text();
        return w.equals("PyAPI_DATA") || w.equals("Py_LOCAL") || w.equals("Py_LOCAL_INLINE");
    }

    private void variable(Declarator d, List<Node> whole, List<Integer> conditions, String function) {
        String type = d.type();
        String base = baseType(type);
        boolean pointer = type.contains("*") || type.endsWith("(*)");
        boolean isStatic = hasWord(type, "static");
        Group braces = d.init().size() == 1 && d.init().get(0) instanceof Group g && g.isBrace() ? g : null;
        Span defSpan = span(whole);
        if (!pointer && isStatic && braces != null && base.equals("PyModuleDef") && function.startsWith("PyInit_")) {
            // the module's definition, written inside its init function (pillow, pygame): one object
            // all the same, which multi-phase init moves to file scope
            moduleDefs.add(moduleDef(d.name(), braces, defSpan));
            globals.add(new Global(d.name(), type, function, true, "", GlobalCategory.MODULE_DEF, defSpan));
            return;
        }
        if (!pointer && function.isEmpty()) {
            if (base.equals("PyTypeObject")) {
                if (braces != null) {
                    types.add(typeObject(d, type, braces, defSpan, conditions));
                } else {
                    forwardTypes.add(d.name());
                    return; // the definition is the global
                }
                globals.add(new Global(d.name(), type, function, isStatic, "", GlobalCategory.TYPE, defSpan));
                return;
            }
            if (braces == null && base.equals("PyModuleDef") && d.init().isEmpty()) {
                return; // a forward declaration: the definition is the global
            }
            if (braces != null) {
                var sub = SubTableKind.ofCType(base);
                if (sub.isPresent()) {
                    subTables.add(subTable(sub.get(), d.name(), braces, defSpan));
                    return;
                }
                var member = MemberTableKind.ofCType(base);
                if (member.isPresent() && d.isArray()) {
                    memberTables.add(memberTable(member.get(), d.name(), braces, defSpan));
                    return;
                }
                if (base.equals("PyModuleDef")) {
                    ModuleDef def = moduleDef(d.name(), braces, defSpan);
                    moduleDefs.add(def);
                    globals.add(new Global(d.name(), type, function, isStatic, "", GlobalCategory.MODULE_DEF, defSpan));
                    return;
                }
                if (base.equals("PyType_Spec")) {
                    specTypes.add(new SpecType(d.name(), specName(braces), defSpan));
                    return;
                }
            }
        }
        if (!isStatic && !function.isEmpty()) {
            return; // an automatic local
        }
        String initText = Nodes.code(tokens, d.init());
        globals.add(new Global(d.name(), type, function, isStatic, initText,
                category(d.name(), type, base, pointer, d.isArray()), defSpan));
    }

    private GlobalCategory category(String name, String type, String base, boolean pointer, boolean array) {
        if (base.equals("PyTypeObject")) {
            return GlobalCategory.TYPE;
        }
        if (base.equals("_Py_Identifier") || base.equals("_PyArg_Parser")) {
            return GlobalCategory.SAFE;
        }
        if (MemberTableKind.ofCType(base).isPresent() || SubTableKind.ofCType(base).isPresent()
                || base.equals("PyType_Spec") || base.equals("PyStructSequence_Desc")
                || base.equals("PyStructSequence_Field")) {
            return GlobalCategory.SAFE;
        }
        if (base.equals("PyObject") && pointer) {
            return exceptionNames.contains(name) ? GlobalCategory.EXCEPTION : GlobalCategory.CACHED_OBJECT;
        }
        if (pointer && (base.startsWith("Py") && base.endsWith("Object")
                || base.endsWith("object") || base.endsWith("Object"))) {
            // CPython names object structs fooobject / FooObject: a pointer to one holds an object
            // (a free list, a cached instance)
            return GlobalCategory.CACHED_OBJECT;
        }
        if (isConstData(type, pointer)) {
            return GlobalCategory.SAFE;
        }
        return GlobalCategory.C_STATE;
    }

    /** {@code const T x}, {@code const T x[]}, {@code const T *const x}: read-only data. */
    private static boolean isConstData(String type, boolean pointer) {
        if (!hasWord(type, "const")) {
            return false;
        }
        if (!pointer) {
            return true;
        }
        return CONST_POINTER.matcher(type).find();
    }

    /** The type name in a declaration's type text: the last identifier that is not a qualifier. */
    static String baseType(String type) {
        String best = "";
        Matcher m = WORD.matcher(type);
        while (m.find()) {
            String w = m.group();
            if (!STORAGE_WORDS.contains(w) && !w.equals("Py_EXPORTED_SYMBOL") && !w.equals("PyAPI_DATA")) {
                best = w;
            }
        }
        return best;
    }

    /** True when {@code word} occurs in {@code text} as a whole C identifier. */
    static boolean hasWord(String text, String word) {
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            int end = i + word.length();
            if ((i == 0 || !isIdentChar(text.charAt(i - 1))) && (end == text.length() || !isIdentChar(text.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIdentChar(char c) {
        return c == '_' || c < 128 && Character.isLetterOrDigit(c);
    }

    /**
     * Names assigned from a call of one of {@code callees}: {@code name = callee(}, optionally with
     * a cast, {@code name = (PyObject *)callee(}. Token based, because a regex over the whole text
     * cost a tenth of the model's time.
     */
    private static Set<String> assignedFrom(TokenList tokens, Set<String> callees) {
        Set<String> names = new java.util.HashSet<>();
        int[] code = tokens.code();
        for (int k = 0; k + 1 < code.length; k++) {
            Token t = tokens.get(code[k]);
            if (t.type() != CLexer.IDENTIFIER || !callees.contains(t.text())
                    || tokens.get(code[k + 1]).type() != CLexer.LPAREN) {
                continue;
            }
            int j = k - 1;
            if (j >= 0 && tokens.get(code[j]).type() == CLexer.RPAREN) { // a cast
                while (j >= 0 && tokens.get(code[j]).type() != CLexer.LPAREN) {
                    j--;
                }
                j--;
            }
            if (j >= 1 && tokens.get(code[j]).type() == CLexer.ASSIGN
                    && tokens.get(code[j - 1]).type() == CLexer.IDENTIFIER) {
                names.add(tokens.get(code[j - 1]).text());
            }
        }
        return names;
    }

    // ---- initializers ----------------------------------------------------------------------

    /** Splits a brace initializer into elements, separating a leading object head macro. */
    List<InitElement> elements(Group braces, List<Integer> outer, List<String> problems, StringBuilder headOut) {
        List<InitElement> out = new ArrayList<>();
        List<List<Node>> parts = Nodes.splitCommas(tokens, braces.children());
        boolean first = true;
        for (List<Node> part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            List<Node> p = part;
            if (first && headOut != null && Nodes.isIdentifier(tokens, p.get(0)) && p.size() >= 2
                    && p.get(1) instanceof Group g && g.isParen()) {
                String macro = Nodes.leafToken(tokens, p.get(0)).text();
                if (macro.equals("PyVarObject_HEAD_INIT") || macro.equals("PyObject_HEAD_INIT")) {
                    headOut.append(Nodes.code(tokens, p.subList(0, 2)));
                    p = p.subList(2, p.size());
                    if (p.isEmpty()) {
                        first = false;
                        continue;
                    }
                }
            }
            first = false;
            int hidden = designatorInside(p);
            if (hidden > 0) {
                // "MY_FIELDS .tp_flags = x": a macro, written without a comma, that expands to fields
                problems.add("'" + Nodes.code(tokens, p.subList(0, hidden)) + "' before '."
                        + Nodes.leafToken(tokens, p.get(hidden + 1)).text() + "' is a macro heapify cannot expand");
            }
            out.add(element(p, outer));
        }
        return out;
    }

    /** Index of a {@code .field =} designator inside an element rather than at its start, or -1. */
    private int designatorInside(List<Node> p) {
        for (int i = 1; i + 2 < p.size(); i++) {
            if (Nodes.isLeaf(tokens, p.get(i), CLexer.DOT) && Nodes.isIdentifier(tokens, p.get(i + 1))
                    && Nodes.isLeaf(tokens, p.get(i + 2), CLexer.ASSIGN)) {
                return i;
            }
        }
        return -1;
    }

    private InitElement element(List<Node> p, List<Integer> outer) {
        String designator = "";
        List<Node> value = p;
        if (p.size() >= 3 && Nodes.isLeaf(tokens, p.get(0), CLexer.DOT) && Nodes.isIdentifier(tokens, p.get(1))
                && Nodes.isLeaf(tokens, p.get(2), CLexer.ASSIGN)) {
            designator = Nodes.leafToken(tokens, p.get(1)).text();
            value = p.subList(3, p.size());
        }
        int firstTok = p.get(0).first();
        List<Integer> conds = new ArrayList<>(parsed.conditionsOf(firstTok));
        conds.removeAll(outer);
        Span valueSpan = value.isEmpty() ? Span.at(tokens.get(p.get(p.size() - 1).last()).end()) : span(value);
        return new InitElement(designator, Nodes.code(tokens, value), valueSpan, span(p), conds,
                trailingComment(p.get(p.size() - 1).last()));
    }

    /** The first comment after token {@code last} on the same line (skipping a ',' and spaces). */
    private String trailingComment(int last) {
        for (int i = last + 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isComment()) {
                return t.text();
            }
            if (t.type() == CLexer.NEWLINE || (t.isCode() && t.type() != CLexer.COMMA) || t.isDirective()) {
                return "";
            }
        }
        return "";
    }

    /**
     * Names positional elements by a layout, following {@code #if} branches: each branch of a
     * conditional starts at the index the conditional started at, and the index after
     * {@code #endif} is where the branches ended; branches that end at different indexes are a
     * problem, reported rather than guessed.
     */
    Map<String, TypeField> mapFields(List<InitElement> elements, List<String> layout, List<String> problems) {
        checkBranchCounts(elements, problems);
        Map<String, TypeField> fields = new LinkedHashMap<>();
        Map<Integer, Integer> chainEntry = new java.util.HashMap<>();
        Map<Integer, Integer> chainEnd = new java.util.HashMap<>();
        List<Integer> active = new ArrayList<>();
        int index = 0;
        for (InitElement e : elements) {
            if (e.conditions().stream().anyMatch(f -> PythonTwoBranch.pythonTwoOnly(parsed, f))) {
                continue; // no target compiles it (audit's '#else .tp_compare = ...' of USE_RICH_COMPARISON)
            }
            // leave chains the element is no longer in
            for (int k = active.size() - 1; k >= 0; k--) {
                int frame = active.get(k);
                if (!e.conditions().contains(frame)) {
                    int chain = parsed.frames().get(frame).chainStart();
                    int end = chainEnd.getOrDefault(chain, index);
                    index = Math.max(index, end);
                    active.remove(k);
                }
            }
            for (int frame : e.conditions()) {
                if (!active.contains(frame)) {
                    var c = parsed.frames().get(frame);
                    if (c.branch() == 0 || !chainEntry.containsKey(c.chainStart())) {
                        chainEntry.put(c.chainStart(), index);
                    } else {
                        chainEnd.put(c.chainStart(), index);
                        index = chainEntry.get(c.chainStart());
                    }
                    active.add(frame);
                }
            }
            String name;
            if (e.isDesignated()) {
                name = e.designator();
                int at = layout.indexOf(name);
                index = at >= 0 ? at + 1 : index;
            } else if (index < layout.size()) {
                name = layout.get(index++);
            } else {
                problems.add("more initializer elements than fields");
                continue;
            }
            if (fields.containsKey(name) && e.conditions().isEmpty()) {
                problems.add("field '" + name + "' set twice");
            }
            // 0L, 0UL: a zero of another integer type is the same null slot or zero field as 0
            String value = INTEGER_ZERO.matcher(e.value()).matches() ? "0" : e.value();
            fields.putIfAbsent(name, new TypeField(name, value, e.span()));
        }
        return fields;
    }

    /**
     * Reports each conditional chain inside an initializer whose branches hold different numbers of
     * positional elements: the fields after it then depend on the condition. A chain without
     * {@code #else} has an implicit empty branch, so
     * <pre>
     * #ifdef HAVE_FOO
     *     foo_repr,
     * #endif
     *     foo_hash,
     * </pre>
     * is reported too: foo_hash is tp_hash only when HAVE_FOO is defined. An element counts for a
     * frame unless it sits in a later branch of a chain nested inside that frame (nested chains
     * contribute their first branch, and are checked on their own).
     */
    private void checkBranchCounts(List<InitElement> elements, List<String> problems) {
        Map<Integer, Map<Integer, Integer>> counts = new LinkedHashMap<>(); // chain -> branch -> count
        for (InitElement e : elements) {
            if (e.isDesignated()) {
                continue;
            }
            List<Integer> conds = e.conditions();
            for (int i = 0; i < conds.size(); i++) {
                boolean inLaterNestedBranch = false;
                for (int j = i + 1; j < conds.size(); j++) {
                    inLaterNestedBranch |= parsed.frames().get(conds.get(j)).branch() > 0;
                }
                if (!inLaterNestedBranch) {
                    var c = parsed.frames().get(conds.get(i));
                    counts.computeIfAbsent(c.chainStart(), k -> new java.util.TreeMap<>())
                            .merge(c.branch(), 1, Integer::sum);
                }
            }
        }
        for (var chain : counts.entrySet()) {
            Map<Integer, Integer> perBranch = new java.util.TreeMap<>(chain.getValue());
            boolean hasElse = false;
            String ifText = "";
            for (var f : parsed.frames()) {
                if (f.chainStart() == chain.getKey()) {
                    perBranch.putIfAbsent(f.branch(), 0);
                    hasElse |= heapify.parse.IslandParser.directiveKeyword(f.text()).equals("else");
                    if (f.branch() == 0) {
                        ifText = f.text();
                    }
                }
            }
            if (!hasElse) {
                perBranch.put(perBranch.size(), 0);
            }
            if (perBranch.values().stream().distinct().count() > 1) {
                problems.add("branches of '" + ifText + "' set different numbers of fields "
                        + perBranch.values() + (hasElse ? "" : " (no #else)"));
            }
        }
    }

    private StaticType typeObject(Declarator d, String type, Group braces, Span defSpan, List<Integer> conditions) {
        List<String> problems = new ArrayList<>();
        StringBuilder head = new StringBuilder();
        List<Integer> outer = parsed.conditionsOf(braces.open());
        List<InitElement> elements = elements(braces, outer, problems, head);
        boolean designated = elements.stream().anyMatch(InitElement::isDesignated);
        Map<String, TypeField> fields = mapFields(elements, TypeObjectLayout.typeFields(DEFAULT_LAYOUT), problems);
        String storage = hasWord(type, "static") ? "static"
                : type.contains("Py_EXPORTED_SYMBOL") ? "Py_EXPORTED_SYMBOL"
                : type.contains("PyAPI_DATA") ? "PyAPI_DATA" : "";
        TypeField name = fields.get("tp_name");
        TypeField flags = fields.get("tp_flags");
        return new StaticType(d.name(), name == null ? "" : name.value(), storage, designated, head.toString(),
                fields, elements, defSpan, span(List.of(braces)), conditions, problems,
                flags == null ? "" : objectMacro(flags.value()));
    }

    /**
     * {@code value} with its definition when it is one identifier that the file defines once as an
     * object-like macro; otherwise {@code value} itself.
     */
    private String objectMacro(String value) {
        if (!value.matches("[A-Za-z_]\\w*")) {
            return value;
        }
        if (objectMacros == null) {
            // once per file, not once per type: a generated file of 4000 types walked its tokens 4000 times
            objectMacros = new HashMap<>();
            for (Token t : tokens.directiveTokens()) {
                Matcher m = OBJECT_MACRO.matcher(t.text());
                if (m.matches()) {
                    // defined more than once (under #if): which one holds is unknown
                    objectMacros.merge(m.group(1), Optional.of(m.group(2)), (a, b) -> Optional.empty());
                }
            }
        }
        Optional<String> found = objectMacros.getOrDefault(value, Optional.empty());
        return found.map(body -> value + " " + body.replaceAll("\\\\\\R", " ")
                .replaceAll("/\\*.*?\\*/|//.*", "").strip()).orElse(value);
    }

    private SubTable subTable(SubTableKind kind, String name, Group braces, Span defSpan) {
        List<String> problems = new ArrayList<>();
        List<InitElement> elements = elements(braces, parsed.conditionsOf(braces.open()), problems, null);
        Map<String, TypeField> fields = mapFields(elements, TypeObjectLayout.subTableFields(kind, DEFAULT_LAYOUT),
                problems);
        return new SubTable(kind, name, fields, elements, defSpan, problems);
    }

    private MemberTable memberTable(MemberTableKind kind, String name, Group braces, Span defSpan) {
        List<TableEntry> entries = new ArrayList<>();
        for (Node n : braces.children()) {
            if (n instanceof Group g && g.isBrace()) {
                List<String> values = new ArrayList<>();
                for (List<Node> part : Nodes.splitCommas(tokens, g.children())) {
                    values.add(Nodes.code(tokens, part));
                }
                entries.add(new TableEntry(values, span(List.of(g))));
            } else if (Nodes.isIdentifier(tokens, n) && kind == MemberTableKind.METHODS) {
                // a macro entry, e.g. clinic's _ZONEINFO_ZONEINFO_FROM_FILE_METHODDEF
                entries.add(new TableEntry(List.of(Nodes.leafToken(tokens, n).text()), span(List.of(n))));
            }
        }
        return new MemberTable(kind, name, entries, defSpan, span(List.of(braces)));
    }

    private static final List<String> MODULE_DEF_FIELDS = List.of("m_name", "m_doc", "m_size", "m_methods",
            "m_slots", "m_traverse", "m_clear", "m_free");

    private ModuleDef moduleDef(String name, Group braces, Span defSpan) {
        List<String> problems = new ArrayList<>();
        StringBuilder head = new StringBuilder();
        List<InitElement> elements = elements(braces, parsed.conditionsOf(braces.open()), problems, null);
        // PyModuleDef_HEAD_INIT is a positional element of its own
        if (!elements.isEmpty() && elements.get(0).value().equals("PyModuleDef_HEAD_INIT")) {
            elements = elements.subList(1, elements.size());
        }
        Map<String, TypeField> fields = mapFields(elements, MODULE_DEF_FIELDS, problems);
        return new ModuleDef(name, fields, defSpan, span(List.of(braces)));
    }

    private String specName(Group braces) {
        List<InitElement> elements = elements(braces, parsed.conditionsOf(braces.open()), new ArrayList<>(), null);
        Map<String, TypeField> f = mapFields(elements, List.of("name", "basicsize", "itemsize", "flags", "slots"),
                new ArrayList<>());
        return f.containsKey("name") ? f.get("name").value() : "";
    }

    // ---- functions ---------------------------------------------------------------------------

    private void function(TopItem item) {
        java.util.Optional<PythonTwoInitHead> two = PythonTwoInitHead.read(parsed, item.nodes(), initMacros);
        if (two.isPresent()) {
            // PyInit_x(void) and a Python 2 initx(void) behind #if, one body: the Python 3 one
            pythonThreeInit(item, two.get());
            return;
        }
        if (PythonTwoBranch.contains(parsed, item.first())) {
            return; // never compiled for a target heapify has: it calls nothing, uses nothing
        }
        List<Node> nodes = item.nodes();
        Group body = (Group) nodes.get(nodes.size() - 1);
        int nameAt = -1;
        int oldStyle = OldStyleDefinition.parameterList(tokens, nodes);
        if (oldStyle > 0) {
            nameAt = oldStyle - 1; // K&R: the parameter declarations stand between the list and the body
        }
        for (int i = nodes.size() - 2; i > 0 && nameAt < 0; i--) {
            if (nodes.get(i) instanceof Group g && g.isParen() && Nodes.isIdentifier(tokens, nodes.get(i - 1))) {
                nameAt = i - 1;
            }
        }
        if (nameAt < 0) {
            return;
        }
        String name = Nodes.leafToken(tokens, nodes.get(nameAt)).text();
        Group params = (Group) nodes.get(nameAt + 1);
        String head = Nodes.code(tokens, nodes.subList(0, nameAt));
        if (nameAt == 0 && initMacros.contains(name) && params.children().size() == 1
                && Nodes.isIdentifier(tokens, params.children().get(0))) {
            // MODINIT_DEFINE(color) { ... }: the macro writes PyMODINIT_FUNC PyInit_color(void)
            name = "PyInit_" + Nodes.leafToken(tokens, params.children().get(0)).text();
            FunctionDef f = new FunctionDef(name, "PyMODINIT_FUNC", List.of(), false, span(nodes), body,
                    item.conditions());
            functions.add(f);
            inits.add(new InitFunction(name.substring("PyInit_".length()), f,
                    Nodes.code(tokens, body).contains("PyModuleDef_Init"),
                    Nodes.code(tokens, nodes.subList(0, 2))));
            staticLocals(body, name);
            return;
        }
        boolean isStatic = hasWord(head, "static") || hasWord(head, "Py_LOCAL_INLINE") || hasWord(head, "Py_LOCAL");
        List<Param> paramList = oldStyle > 0
                ? oldStyleParams(params, nodes.subList(oldStyle + 1, nodes.size() - 1)) : params(params);
        FunctionDef f = new FunctionDef(name, head, paramList, isStatic, span(nodes), body, item.conditions());
        functions.add(f);
        if (name.startsWith("PyInit_")) {
            boolean multi = Nodes.code(tokens, body).contains("PyModuleDef_Init");
            inits.add(new InitFunction(name.substring("PyInit_".length()), f, multi));
        }
        staticLocals(body, name);
    }

    /** The init function of a head split by #if, read as its Python 3 head (rule python2-entry-point). */
    private void pythonThreeInit(TopItem item, PythonTwoInitHead two) {
        List<Node> nodes = item.nodes();
        Group body = (Group) nodes.get(nodes.size() - 1);
        if (!two.macro().isEmpty()) {
            // #ifdef __SYMBIAN32__ / initx head / #else / MODINIT_DEFINE(x) / #endif: as rule init-macro reads it
            String name = "PyInit_" + Nodes.leafToken(tokens, two.params().children().get(0)).text();
            FunctionDef f = new FunctionDef(name, "PyMODINIT_FUNC", List.of(), false, span(nodes), body,
                    item.conditions());
            functions.add(f);
            inits.add(new InitFunction(name.substring("PyInit_".length()), f,
                    Nodes.code(tokens, body).contains("PyModuleDef_Init"), two.macro(), java.util.Optional.of(two)));
            staticLocals(body, name);
            return;
        }
        String name = Nodes.leafToken(tokens, nodes.get(two.nameAt())).text();
        List<Node> headNodes = new ArrayList<>();
        for (Node n : nodes.subList(0, two.nameAt())) {
            int frame = parsed.conditions()[n.first()];
            if (frame < 0 || !PythonTwoBranch.pythonTwoOnly(parsed, frame)) {
                headNodes.add(n);
            }
        }
        String head = Nodes.code(tokens, headNodes);
        boolean isStatic = hasWord(head, "static");
        FunctionDef f = new FunctionDef(name, head, params(two.params()), isStatic, span(nodes), body,
                item.conditions());
        functions.add(f);
        inits.add(new InitFunction(name.substring("PyInit_".length()), f,
                Nodes.code(tokens, body).contains("PyModuleDef_Init"), "", java.util.Optional.of(two)));
        staticLocals(body, name);
    }

    /**
     * The parameters of a K&amp;R definition: the names of the list, typed by the declarations
     * between the list and the body ({@code int} when a name is not declared, as C89 has it).
     */
    private List<Param> oldStyleParams(Group list, List<Node> declarations) {
        Map<String, String> types = new LinkedHashMap<>();
        int from = 0;
        for (int i = 0; i < declarations.size(); i++) {
            if (!Nodes.isLeaf(tokens, declarations.get(i), CLexer.SEMI)) {
                continue;
            }
            String specifiers = null;
            for (List<Node> part : Nodes.splitCommas(tokens, declarations.subList(from, i))) {
                String name = OldStyleDefinition.declaredName(tokens, part);
                Declarator d = declarator(part, specifiers);
                if (d != null && !d.isFunction() && d.name().equals(name)) {
                    types.put(name, d.type());
                    specifiers = specifiers == null ? specifiersOf(d.type()) : specifiers;
                } else if (name != null) {
                    // "int (*cb)(int)": the declaration without its name
                    types.put(name, Nodes.code(tokens, part).replaceFirst("\\b" + name + "\\b", "")
                            .replaceAll("\\s+", " ").strip());
                }
            }
            from = i + 1;
        }
        List<Param> out = new ArrayList<>();
        for (Node n : list.children()) {
            if (Nodes.isIdentifier(tokens, n)) {
                String name = Nodes.leafToken(tokens, n).text();
                out.add(new Param(types.getOrDefault(name, "int"), name));
            }
        }
        return out;
    }

    private List<Param> params(Group g) {
        List<Param> out = new ArrayList<>();
        for (List<Node> part : Nodes.splitCommas(tokens, g.children())) {
            String text = Nodes.code(tokens, part);
            if (text.equals("void") || text.isEmpty()) {
                continue;
            }
            Matcher unused = UNUSED_PARAM.matcher(text);
            if (unused.find()) {
                out.add(new Param(unused.group(1), unused.group(2)));
                continue;
            }
            Matcher m = NAMED_PARAM.matcher(text);
            if (m.find() && !m.group(1).isBlank()) {
                out.add(new Param(m.group(1).strip(), m.group(2)));
            } else {
                out.add(new Param(text, ""));
            }
        }
        return out;
    }

    /**
     * Finds {@code static} declarations and identifier macros at statement level inside a body and
     * its nested blocks. Iterative (a stack of blocks, each with its position and the start of
     * its current statement), so that the nesting depth of the body costs no Java stack.
     */
    private void staticLocals(Group body, String function) {
        record Frame(Group block, int[] at, int[] start) {
        }
        java.util.ArrayDeque<Frame> stack = new java.util.ArrayDeque<>();
        stack.push(new Frame(body, new int[] {0}, new int[] {0}));
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            List<Node> children = f.block().children();
            int i = f.at()[0];
            if (i == children.size()) {
                stack.pop();
                continue;
            }
            f.at()[0] = i + 1;
            Node n = children.get(i);
            if (n instanceof Group g) {
                // a brace group right after '=' is an initializer ("static T x = {...};"), not a block
                if (g.isBrace() && !(i > 0 && Nodes.isLeaf(tokens, children.get(i - 1), CLexer.ASSIGN))) {
                    f.start()[0] = i + 1;
                    stack.push(new Frame(g, new int[] {0}, new int[] {0}));
                }
                continue;
            }
            Token t = Nodes.leafToken(tokens, n);
            if (t.type() == CLexer.SEMI) {
                List<Node> stmt = children.subList(f.start()[0], i + 1);
                if (!stmt.isEmpty()) {
                    Token w = Nodes.leafToken(tokens, stmt.get(0));
                    if (w != null && (w.isIdentifier("static") || w.isIdentifier("_Py_IDENTIFIER")
                            || w.isIdentifier("_Py_static_string"))) {
                        declaration(stmt, parsed.conditionsOf(stmt.get(0).first()), function);
                    }
                }
                f.start()[0] = i + 1;
            } else if (t.type() == CLexer.PUNCT && t.text().equals(":")) {
                f.start()[0] = i + 1; // after a label or case
            }
        }
    }

    private Span span(List<Node> nodes) {
        return new Span(tokens.get(nodes.get(0).first()).start(), tokens.get(nodes.get(nodes.size() - 1).last()).end());
    }

}
