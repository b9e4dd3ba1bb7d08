package heapify.cli;

import heapify.source.SourceReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * The files below a folder argument, for {@code scan} and {@code migrate}. Symbolic links to
 * folders are followed, the folder argument itself included (a link to a folder given as argument
 * is walked like the folder); a link that leads back to a folder above it is not followed again.
 * Whether a file reached through a link may be written is {@link WriteTargets}' decision.
 */
final class SourceTree {
    private SourceTree() {
    }

    /** Every non-folder below {@code dir} whose name passes {@code name}, sorted by path. */
    static List<Path> files(Path dir, Predicate<String> name) throws IOException {
        List<Path> out = new ArrayList<>();
        IOException[] failure = {null};
        // walkFileTree keeps its own stack: the depth of the tree costs no Java stack
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (!attrs.isDirectory() && file.getFileName() != null
                                && name.test(file.getFileName().toString())) {
                            out.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        if (e instanceof FileSystemLoopException) {
                            return FileVisitResult.CONTINUE; // reached again through a link: walked once
                        }
                        failure[0] = e;
                        return FileVisitResult.TERMINATE;
                    }
                });
        if (failure[0] != null) {
            throw failure[0];
        }
        out.sort(null);
        return out;
    }

    /**
     * The modules below a folder: regular {@code .c} files that contain {@code PyInit_} or
     * {@code PyTypeObject} (a type in a file without PyInit_ is reported, never skipped in
     * silence), sorted. A file over the size limit is listed without being read, so that migrate
     * says why it skips it.
     */
    static List<Path> modules(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : files(dir, n -> n.endsWith(".c"))) {
            if (Files.isRegularFile(p) && (Files.size(p) > SourceReader.MAX_BYTES || mentionsPyInit(p))) {
                out.add(p);
            }
        }
        return out;
    }

    /** True when the file's first {@link SourceReader#MAX_BYTES} bytes contain "PyInit_" or "PyTypeObject". */
    private static boolean mentionsPyInit(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] bytes = in.readNBytes((int) SourceReader.MAX_BYTES);
            // the bytes searched as they are (ISO-8859-1 maps each byte to one char): no String of
            // every .c file of the tree on the main thread before the first file is migrated
            return contains(bytes, PY_INIT) || contains(bytes, PY_TYPE_OBJECT);
        }
    }

    private static final byte[] PY_INIT = "PyInit_".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] PY_TYPE_OBJECT = "PyTypeObject".getBytes(StandardCharsets.ISO_8859_1);

    /** True when {@code word} occurs in {@code bytes}. */
    static boolean contains(byte[] bytes, byte[] word) {
        byte first = word[0];
        for (int i = 0, last = bytes.length - word.length; i <= last; i++) {
            if (bytes[i] != first) {
                continue;
            }
            int k = 1;
            while (k < word.length && bytes[i + k] == word[k]) {
                k++;
            }
            if (k == word.length) {
                return true;
            }
        }
        return false;
    }
}
