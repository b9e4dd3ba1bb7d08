package heapify.apply;

import heapify.analysis.IncludedState;
import heapify.lex.Lexing;
import heapify.lex.Token;
import heapify.lex.TokenList;
import heapify.model.FileModelBuilder;
import heapify.parse.IslandParser;
import heapify.parse.ParsedFile;
import heapify.source.SourceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

    static List<IncludedState> of(Path file, TokenList tokens) {
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
            if (!(SourceReader.read(p) instanceof SourceReader.Read read)) {
                continue;
            }
            TokenList toks = Lexing.lex(read.source());
            ParsedFile parsed = IslandParser.parse(toks);
            if (!parsed.parsed()) {
                continue;
            }
            IncludedState state = IncludedState.of(name, FileModelBuilder.build(parsed));
            if (!state.isEmpty()) {
                out.add(state);
            }
            for (String inner : includesOf(toks)) {
                work.add(new String[] {inner, p.getParent().toString()});
            }
        }
        return out;
    }

    private static List<String> includesOf(TokenList tokens) {
        List<String> out = new ArrayList<>();
        for (Token t : tokens.all()) {
            Matcher m = INCLUDE.matcher(t.text());
            if (t.isDirective() && m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
