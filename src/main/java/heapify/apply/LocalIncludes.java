package heapify.apply;

import heapify.analysis.IncludedState;
import heapify.lex.Lexing;
import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.model.FileModelBuilder;
import heapify.parse.IslandParser;
import heapify.parse.ParsedFile;
import heapify.source.SourceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local files a module includes with {@code #include "name"}, found beside it (and, in turn,
 * beside them), with the process-wide state each holds. Generated Argument Clinic output
 * ({@code clinic/*.c.h}) holds only per-call parser tables and is left out; files that are not
 * there, or do not parse, add nothing.
 */
final class LocalIncludes {
    private static final Pattern INCLUDE = Pattern.compile("^\\s*#\\s*include\\s*\"([^\"]+)\"");
    private static final int MAX_FILES = 64;

    private LocalIncludes() {
    }

    /**
     * What one included file holds, read once per run and shared by every module that includes
     * it (CPython's Modules/ includes the same headers from many files). Keyed by the name as
     * written, the path, its size and modification time, so a file rewritten meanwhile is read again.
     */
    static final class Cache {
        private record Key(String name, Path path, long size, long modified) {
        }

        /** {@code state} null when the file does not parse or holds nothing; {@code includes} as written. */
        private record Entry(IncludedState state, List<String> includes, boolean parsed) {
        }

        private final Map<Key, java.util.concurrent.CompletableFuture<Entry>> entries = new ConcurrentHashMap<>();

        private Entry get(String name, Path p) {
            Key key;
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                key = new Key(name, p, a.size(), a.lastModifiedTime().toMillis());
            } catch (IOException e) {
                return null;
            }
            // a file being read on another thread (a prefetch, or a module including it too) is
            // waited for, not read twice; one that failed there, or cannot be read, is read here
            // again, as if nobody had tried before
            java.util.concurrent.CompletableFuture<Entry> mine = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.CompletableFuture<Entry> known = entries.putIfAbsent(key, mine);
            if (known != null) {
                try {
                    Entry e = known.join();
                    if (e != null) {
                        return e;
                    }
                } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                    // failed on the other thread: fails here again, in this module's migration
                }
                return load(name, p);
            }
            try {
                Entry e = load(name, p);
                if (e == null) {
                    entries.remove(key, mine);
                }
                mine.complete(e);
                return e;
            } catch (RuntimeException | Error e) {
                entries.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
        }

        /**
         * Reads ahead the large files that {@code modules} include directly ({@code #include "x"}
         * lines of their text, {@code minBytes} or more, largest first), so that a module that
         * includes 2 MB of tables does not leave one thread reading them at the end of a run while
         * the others are idle. Only the cache fills: a file that fails here is read again, and
         * fails, for the module that includes it.
         */
        public void prefetch(List<Path> modules, long minBytes) {
            Map<Path, String> big = new java.util.HashMap<>();
            Map<Path, Long> size = new java.util.HashMap<>();
            for (Path m : modules) {
                Path dir = m.toAbsolutePath().getParent();
                String text;
                try {
                    text = Files.readString(m, java.nio.charset.StandardCharsets.ISO_8859_1);
                } catch (IOException | RuntimeException e) {
                    continue;
                }
                for (String name : includeLines(text)) {
                    Path p = Path.of(dir.toString()).resolve(name).normalize(); // as of() resolves it
                    try {
                        long n = Files.size(p);
                        if (!name.startsWith("clinic/") && n >= minBytes && Files.isRegularFile(p)) {
                            big.putIfAbsent(p, name);
                            size.put(p, n);
                        }
                    } catch (IOException | RuntimeException e) {
                        // not there: nothing to read ahead
                    }
                }
            }
            List<Path> order = new ArrayList<>(big.keySet());
            order.sort(java.util.Comparator.comparing((Path p) -> -size.get(p)).thenComparing(p -> p));
            for (Path p : order) {
                try {
                    get(big.get(p), p);
                } catch (RuntimeException | StackOverflowError e) {
                    // the module's own migration meets it again and reports it
                }
            }
        }

        /**
         * The names of the {@code #include "name"} lines of a text (those the multi-line regex
         * {@code ^[ \t]*#[ \t]*include[ \t]*"([^"]+)"} finds at a line break), found from each
         * {@code include} back to its line start: that regex, tried at every line of every module,
         * was a tenth of the read-ahead thread's time. Only a hint of what to read first: what a
         * module includes is its tokens' business ({@link #includesOf}).
         */
        static List<String> includeLines(String text) {
            List<String> out = new ArrayList<>();
            for (int at = text.indexOf("include"); at >= 0; at = text.indexOf("include", at + 1)) {
                int i = blanksBefore(text, at) - 1;
                if (i < 0 || text.charAt(i) != '#') {
                    continue;
                }
                int start = blanksBefore(text, i);
                if (start > 0 && text.charAt(start - 1) != '\n' && text.charAt(start - 1) != '\r') {
                    continue;
                }
                int open = at + "include".length();
                while (open < text.length() && (text.charAt(open) == ' ' || text.charAt(open) == '\t')) {
                    open++;
                }
                int close = open < text.length() && text.charAt(open) == '"' ? text.indexOf('"', open + 1) : -1;
                if (close > open + 1) {
                    out.add(text.substring(open + 1, close));
                }
            }
            return out;
        }

        /** The start of the spaces and tabs that end right before {@code at}. */
        private static int blanksBefore(String text, int at) {
            int i = at;
            while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
                i--;
            }
            return i;
        }

        private static Entry load(String name, Path p) {
            if (!(SourceReader.read(p) instanceof SourceReader.Read read)) {
                return null;
            }
            if (holdsNothing(read.source().text())) {
                return new Entry(null, List.of(), true);
            }
            TokenList toks = Lexing.lex(read.source());
            ParsedFile parsed = IslandParser.parse(toks);
            if (!parsed.parsed()) {
                return new Entry(null, List.of(), false);
            }
            IncludedState state = IncludedState.of(name, FileModelBuilder.build(parsed));
            return new Entry(state.isEmpty() && state.functions().isEmpty() && state.initMacros().isEmpty()
                    && state.capsuleMacros().isEmpty() && !state.capsuleImport() ? null : state, includesOf(toks), true);
        }
    }

    /**
     * Whether the bytes of a header show, without lexing it, that it adds nothing: no
     * {@code IncludedState} fact and no include to follow, as the full read would find. Each
     * fact needs a word or a char the text then lacks: a prototype, a function (and so a
     * function-level static), an init macro or a {@code PyTypeObject *} need {@code (} or
     * {@code PyTypeObject}; a static type {@code PyTypeObject} or {@code tp_name}; the capsule
     * facts {@code PyCapsule_}; a nested include {@code include}; a file-level static global that
     * is kept needs {@code static} not followed by {@code const} (one with {@code const} in its
     * type is dropped). A line splice could hide any of them, so a backslash reads in full.
     * Whether such a file parses changes nothing: unparsed, it adds nothing either. Tables of
     * constants ({@code unicodename_db.h}, 2.3 MB and 1.4 M tokens; the CJK mappings) pass.
     */
    static boolean holdsNothing(String text) {
        if (text.indexOf('(') >= 0 || text.indexOf('\\') >= 0 || text.contains("include")
                || text.contains("PyTypeObject") || text.contains("tp_name") || text.contains("PyCapsule_")) {
            return false;
        }
        for (int at = text.indexOf("static"); at >= 0; at = text.indexOf("static", at + 1)) {
            int end = at + "static".length();
            if (at > 0 && isWordChar(text.charAt(at - 1)) || end < text.length() && isWordChar(text.charAt(end))) {
                continue; // part of another word
            }
            int i = end;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i == end || !text.startsWith("const", i)
                    || i + 5 < text.length() && isWordChar(text.charAt(i + 5))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWordChar(char c) {
        return c == '_' || c == '$' || Character.isLetterOrDigit(c);
    }

    static List<IncludedState> of(Path file, TokenList tokens) {
        return of(file, tokens, new Cache());
    }

    static List<IncludedState> of(Path file, TokenList tokens, Cache cache) {
        List<IncludedState> out = new ArrayList<>();
        if (file == null || file.getParent() == null && !Files.isRegularFile(file)) {
            return out;
        }
        Path dir = file.toAbsolutePath().getParent();
        Set<Path> seen = new LinkedHashSet<>();
        seen.add(file.toAbsolutePath().normalize());
        Deque<String[]> work = new ArrayDeque<>(); // {name as written, folder it is relative to}
        for (String name : includesOf(tokens)) {
            work.add(new String[] {name, dir.toString()});
        }
        while (!work.isEmpty() && seen.size() < MAX_FILES) {
            String[] next = work.removeFirst();
            String name = next[0];
            Path p = Path.of(next[1]).resolve(name).normalize();
            if (name.startsWith("clinic/") || !Files.isRegularFile(p) || !seen.add(p)) {
                continue;
            }
            Cache.Entry e = cache.get(name, p);
            if (e == null || !e.parsed()) {
                continue;
            }
            if (e.state() != null) {
                out.add(e.state());
            }
            for (String inner : e.includes()) {
                work.add(new String[] {inner, p.getParent().toString()});
            }
        }
        return out;
    }

    /**
     * The Argument Clinic output the file includes ({@code #include "clinic/x.c.h"} beside it), as
     * read now, with the tree's clinic that regenerates it. Not cached: it is read for the one
     * module that includes it, and may be rewritten with it.
     */
    static List<heapify.analysis.ClinicHeader> clinicHeaders(Path file, TokenList tokens) {
        List<heapify.analysis.ClinicHeader> out = new ArrayList<>();
        if (file == null || file.toAbsolutePath().getParent() == null) {
            return out;
        }
        Path dir = file.toAbsolutePath().getParent();
        for (String name : includesOf(tokens)) {
            Path p = dir.resolve(name).normalize();
            if (name.startsWith("clinic/") && Files.isRegularFile(p)
                    && SourceReader.read(p) instanceof SourceReader.Read read) {
                out.add(new heapify.analysis.ClinicHeader(name, read.source(), clinicTool(dir)));
            }
        }
        return out;
    }

    /** The tree's {@code Tools/clinic/clinic.py}, in the module's folder or up to four folders above it, or null. */
    private static Path clinicTool(Path dir) {
        Path d = dir;
        for (int i = 0; i < 5 && d != null; i++, d = d.getParent()) {
            Path tool = d.resolve("Tools/clinic/clinic.py");
            if (Files.isRegularFile(tool)) {
                return tool;
            }
        }
        return null;
    }

    private static List<String> includesOf(TokenList tokens) {
        List<String> out = new ArrayList<>();
        for (Token t : tokens.directiveTokens()) {
            if (!t.isDirective()) {
                continue; // most tokens: no matcher for them
            }
            Matcher m = INCLUDE.matcher(t.text());
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
