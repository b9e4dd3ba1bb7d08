package heapify.transform;

import heapify.analysis.ModuleAnalysis;
import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.lex.antlr.CLexer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names heapify gives to new C entities of one module: the state struct, its getter, and
 * every generated array, function and helper. Each is asked for by purpose; a purpose always
 * gets the same name, two purposes never share one, and no name collides with an identifier the
 * file's code or directives spell (contract clause 5).
 */
public final class NameRegistry {
    private final String base;
    private final String defName;
    /** The file's scans, made when first asked for and shared with the registries made from this one. */
    private final Scans scans;
    /** Names given so far, by purpose. */
    private final Map<String, String> given = new LinkedHashMap<>();
    /** The same names, for the check that a name is still free (a file with thousands of types asks per type). */
    private final Set<String> givenNames = new HashSet<>();

    NameRegistry(ModuleAnalysis analysis) {
        String mod = analysis.init().map(i -> i.moduleName()).orElse("module");
        this.base = mod.replaceFirst("^_+", "");
        this.defName = analysis.def().map(d -> d.cName()).orElse(base + "_module");
        this.scans = new Scans(analysis.tokens());
    }

    /** No names given yet, with {@code scanned}'s scans of the same file (they read every token). */
    NameRegistry(NameRegistry scanned) {
        this.base = scanned.base;
        this.defName = scanned.defName;
        this.scans = scanned.scans;
    }

    /**
     * Whether the file's code names {@code name} other than as a member ({@code x->st}, {@code x.st})
     * or a directive spells it: a parameter, local or macro of that name would collide with a
     * state pointer of that name.
     */
    private static boolean spellsVariable(TokenList tokens, String name) {
        Pattern word = Pattern.compile("\\b" + name + "\\b");
        int prev = -1;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isDirective() && word.matcher(t.text()).find()) {
                return true;
            }
            if (!t.isCode()) {
                continue;
            }
            if (t.type() == CLexer.IDENTIFIER && t.text().equals(name)
                    && (prev < 0 || (tokens.get(prev).type() != CLexer.DOT && tokens.get(prev).type() != CLexer.ARROW))) {
                return true;
            }
            prev = i;
        }
        return false;
    }

    /**
     * The name of the module state pointer in every function heapify gives one: {@code st},
     * unless the file names an {@code st} of its own (mercurial's osutil.c has
     * {@code makestat(const struct stat *st)}): then a fresh name.
     */
    public String stateVariable() {
        return scans.stSpelled() ? fresh("state variable", "st") : "st";
    }

    /**
     * What the registry reads of every token, read when first needed: a file left as it was asks
     * for no name, and each planning context made a registry (3 % of migrate Modules/ went into
     * these two walks). A file is planned on one thread, so no lock.
     */
    private static final class Scans {
        private final TokenList tokens;
        /** Every identifier the file's code and directives spell. */
        private Set<String> identifiers;
        /** Whether the file names an {@code st} of its own, not as a member. */
        private Boolean stSpelled;

        Scans(TokenList tokens) {
            this.tokens = tokens;
        }

        Set<String> identifiers() {
            if (identifiers == null) {
                identifiers = identifiersOf(tokens);
            }
            return identifiers;
        }

        boolean stSpelled() {
            if (stSpelled == null) {
                stSpelled = spellsVariable(tokens, "st");
            }
            return stSpelled;
        }
    }

    private static Set<String> identifiersOf(TokenList tokens) {
        Set<String> out = new HashSet<>();
        Matcher m = Pattern.compile("[A-Za-z_]\\w*").matcher("");
        for (Token t : tokens.all()) {
            if (t.type() == CLexer.IDENTIFIER) {
                out.add(t.text());
            } else if (t.isDirective()) {
                m.reset(t.text());
                while (m.find()) {
                    out.add(m.group());
                }
            }
        }
        return out;
    }

    /** The module's name without leading underscores: the stem of every generated name. */
    public String baseName() {
        return base;
    }

    public String stateType() {
        return fresh("state type", base + "_state");
    }

    public String getter() {
        return fresh("state getter", "get_" + base + "_state");
    }

    /** The C name of the module's {@code PyModuleDef}. */
    public String defName() {
        return defName;
    }

    /**
     * A new file-level name for {@code purpose}: {@code want} unless the file already spells it or
     * another purpose got it, else {@code want_heapify}, {@code want_heapify2}, ...
     */
    public String fresh(String purpose, String want) {
        String known = given.get(purpose);
        if (known != null) {
            return known;
        }
        String name = want;
        for (int i = 1; scans.identifiers().contains(name) || givenNames.contains(name); i++) {
            name = want + "_heapify" + (i == 1 ? "" : Integer.toString(i));
        }
        given.put(purpose, name);
        givenNames.add(name);
        return name;
    }
}
