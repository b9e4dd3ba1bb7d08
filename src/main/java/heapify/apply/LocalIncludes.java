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

        private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

        private Entry get(String name, Path p) {
            Key key;
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                key = new Key(name, p, a.size(), a.lastModifiedTime().toMillis());
            } catch (IOException e) {
                return null;
            }
            Entry e = entries.get(key);
            if (e == null) {
                e = load(name, p);
                if (e == null) {
                    return null;
                }
                Entry raced = entries.putIfAbsent(key, e);
                e = raced != null ? raced : e;
            }
            return e;
        }

        private static Entry load(String name, Path p) {
            if (!(SourceReader.read(p) instanceof SourceReader.Read read)) {
                return null;
            }
            TokenList toks = Lexing.lex(read.source());
            ParsedFile parsed = IslandParser.parse(toks);
            if (!parsed.parsed()) {
                return new Entry(null, List.of(), false);
            }
            IncludedState state = IncludedState.of(name, FileModelBuilder.build(parsed));
            return new Entry(state.isEmpty() ? null : state, includesOf(toks), true);
        }
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
        for (Token t : tokens.all()) {
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
