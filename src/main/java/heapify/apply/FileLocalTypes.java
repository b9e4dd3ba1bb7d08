package heapify.apply;

import heapify.model.FileModel;
import heapify.model.StaticType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * Types defined without {@code static} that no other file can be naming: no other C file or
 * header under the module's folder, and no local header it includes (in turn), mentions them.
 * pywatchman's {@code bserObjectType} is one: a one-file module whose author left out
 * {@code static}. Such a type is migrated like a static one; the search is textual, so a name in a
 * comment or a string keeps the type as it was, and a folder too large to read keeps every type.
 */
final class FileLocalTypes {
    private static final int MAX_FILES = 2000;
    private static final long MAX_BYTES = 64L << 20;

    private FileLocalTypes() {
    }

    static Set<String> of(Path file, FileModel model) {
        Set<String> names = new LinkedHashSet<>();
        for (StaticType t : model.types()) {
            if (!t.isStatic() && t.storage().isEmpty()) {
                names.add(t.cName());
            }
        }
        if (names.isEmpty() || file == null || !Files.isRegularFile(file)) {
            return Set.of();
        }
        Path self = file.toAbsolutePath().normalize();
        Set<Path> others = new LinkedHashSet<>();
        try (Stream<Path> s = Files.walk(self.getParent())) {
            s.filter(p -> SourceWords.SOURCE.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .map(p -> p.toAbsolutePath().normalize()).limit(MAX_FILES + 1L).forEach(others::add);
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
        others.addAll(includedFiles(self, model.source().text()));
        others.remove(self);
        if (others.size() > MAX_FILES) {
            return Set.of();
        }
        long bytes = 0;
        for (Path p : others) {
            String text;
            try {
                bytes += Files.size(p);
                if (bytes > MAX_BYTES) {
                    return Set.of();
                }
                text = Files.readString(p, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return Set.of(); // unreadable: it may name any of them
            }
            names.removeIf(n -> namesWord(text, n));
            if (names.isEmpty()) {
                return Set.of();
            }
        }
        return Set.copyOf(names);
    }

    /** The local files {@code #include "..."} reaches from the file, resolved beside each includer. */
    private static Set<Path> includedFiles(Path file, String text) {
        Set<Path> seen = new LinkedHashSet<>();
        Deque<Path> work = new ArrayDeque<>(List.of(file));
        String current = text;
        while (!work.isEmpty() && seen.size() <= MAX_FILES) {
            Path p = work.removeFirst();
            try {
                String t = current != null ? current : Files.readString(p, StandardCharsets.ISO_8859_1);
                current = null;
                Matcher m = SourceWords.LOCAL_INCLUDE.matcher(t);
                while (m.find()) {
                    Path inc = p.getParent().resolve(m.group(1)).toAbsolutePath().normalize();
                    if (Files.isRegularFile(inc) && seen.add(inc)) {
                        work.add(inc);
                    }
                }
            } catch (IOException | RuntimeException e) {
                seen.add(p); // searched as it is: unreadable keeps every type
            }
        }
        return seen;
    }

    private static boolean namesWord(String text, String name) {
        return SourceWords.next(text, name, 0) >= 0;
    }
}
