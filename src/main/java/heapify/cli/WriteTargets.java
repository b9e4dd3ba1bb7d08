package heapify.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.DosFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where {@code migrate} may write, decided before anything is written.
 *
 * <ul>
 * <li>{@code --output DIR} stops the whole run (exit 2, nothing written) when DIR lies inside a
 *     folder given as input (the next run would migrate the copies and nest one level deeper),
 *     when two inputs would be written to one file ({@code a/x.c b/x.c}: only the last would be
 *     kept), or when a copy would overwrite an input.</li>
 * <li>{@code --in-place} writes a file reached through a symbolic link (the file is a link, or
 *     a folder on its way is) at the link's target, so the link stays a link; but only when the
 *     target lies under a path given as argument: a folder argument covers everything under its
 *     real path, a file argument covers that file as named. Otherwise the file is refused.</li>
 * <li>A file that exists and is read-only is not rewritten unless {@code --force-read-only}
 *     says so (a rename replaces a read-only file as easily as any other).</li>
 * </ul>
 * One real file reached twice (named twice, or through a link and directly) is migrated once.
 */
final class WriteTargets {
    /** One file to migrate and the path argument it was found under. */
    record Input(Path root, Path file) {
        Input {
            Objects.requireNonNull(root);
            Objects.requireNonNull(file);
        }
    }

    /** What to do with a result: write it at {@code path}, or refuse with a reason. */
    sealed interface Decision permits Write, Refuse {
    }

    record Write(Path path) implements Decision {
    }

    record Refuse(String reason) implements Decision {
    }

    private final List<Path> folders = new ArrayList<>(); // real paths of the folder arguments
    private final List<Path> files = new ArrayList<>();   // file arguments: real folder, own name
    private final Path output;
    private final boolean forceReadOnly;

    WriteTargets(List<Path> arguments, Path output, boolean forceReadOnly) {
        for (Path a : arguments) {
            if (Files.isDirectory(a)) {
                folders.add(real(a));
            } else if (a.toAbsolutePath().normalize().getFileName() != null) {
                Path abs = a.toAbsolutePath().normalize();
                files.add(real(abs.getParent()).resolve(abs.getFileName()));
            }
        }
        this.output = output;
        this.forceReadOnly = forceReadOnly;
    }

    /**
     * The inputs without repeats of one real file, in their order; of the names of one file, the
     * one that is not a symbolic link is kept. Under {@code --output} two names of one file are two
     * copies, so there only a repeat of the same copy is dropped.
     */
    List<Input> distinct(List<Input> inputs) {
        Map<String, Input> seen = new LinkedHashMap<>();
        for (Input in : inputs) {
            String key = real(in.file()) + (output == null ? "" : "\0" + real(destination(in)));
            Input old = seen.get(key);
            if (old == null || (Files.isSymbolicLink(old.file()) && !Files.isSymbolicLink(in.file()))) {
                seen.put(key, in);
            }
        }
        return List.copyOf(seen.values());
    }

    /** Where {@code --output} puts an input: its path below its folder argument, or its name. */
    Path destination(Input in) {
        Path rel = Files.isDirectory(in.root()) ? in.root().relativize(in.file()) : in.file().getFileName();
        return output.resolve(rel);
    }

    /** Why {@code --output} must not write any of these inputs, or null when it may write them all. */
    String outputRefusal(List<Input> inputs) {
        Path out = real(output);
        String shown = "--output '" + output + "'";
        for (Path a : folders) {
            if (out.startsWith(a)) {
                return shown + " lies inside the input folder '" + argumentFor(a, inputs) + "'; nothing written";
            }
        }
        Map<Path, Input> sources = new LinkedHashMap<>();
        for (Input in : inputs) {
            sources.putIfAbsent(real(in.file()), in);
        }
        Map<Path, Input> written = new LinkedHashMap<>();
        for (Input in : inputs) {
            Path dest = real(destination(in));
            Input other = written.putIfAbsent(dest, in);
            if (other != null && !real(other.file()).equals(real(in.file()))) {
                return shown + " would write '" + MigrateCommand.display(destination(in)) + "' for both '"
                        + MigrateCommand.display(other.file()) + "' and '"
                        + MigrateCommand.display(in.file()) + "'; nothing written";
            }
            Input overwritten = sources.get(dest);
            if (overwritten != null) {
                return shown + " would overwrite the input '" + MigrateCommand.display(overwritten.file())
                        + "'; nothing written";
            }
        }
        return null;
    }

    /** The folder argument whose real path is {@code real}, as the user wrote it (for messages). */
    private Path argumentFor(Path realFolder, List<Input> inputs) {
        for (Input in : inputs) {
            if (Files.isDirectory(in.root()) && real(in.root()).equals(realFolder)) {
                return in.root();
            }
        }
        return realFolder;
    }

    /** For {@code --in-place}: the real file to write for {@code file}, or why it is refused. */
    Decision inPlace(Path file) {
        Path target = real(file);
        boolean covered = files.contains(target) || folders.stream().anyMatch(target::startsWith);
        if (!covered) {
            return new Refuse("resolves through a symbolic link to '" + MigrateCommand.display(target)
                    + "', outside the paths given; not written (name the target to migrate it)");
        }
        return writable(target);
    }

    /**
     * For a file the module includes and heapify changes with it ({@code clinic/x.c.h}), named
     * {@code name} in {@code file}: in place, where it lies (below the module's own folder, through
     * no link out of it); for {@code --output}, beside the module's copy.
     */
    Decision included(Input in, String name, boolean inPlace) {
        Path header = in.file().toAbsolutePath().getParent().resolve(name).normalize();
        if (!real(header).startsWith(real(in.file()).getParent())) {
            return new Refuse("'" + name + "' resolves outside the folder of '" + MigrateCommand.display(in.file())
                    + "'; neither is written");
        }
        return inPlace ? writable(real(header)) : writable(destination(in).resolveSibling(name).normalize());
    }

    /** For {@code --output}: the copy's path, or why an existing file there is not replaced. */
    Decision copy(Input in) {
        return writable(destination(in));
    }

    private Decision writable(Path target) {
        if (!forceReadOnly && Files.exists(target) && isReadOnly(target)) {
            return new Refuse("file is read-only; not rewritten (--force-read-only rewrites it)");
        }
        return new Write(target);
    }

    /**
     * Read-only: not writable for this user, or without the owner's write bit. The second test
     * matters for root, whom {@code access(2)} lets write any file.
     */
    static boolean isReadOnly(Path p) {
        if (!Files.isWritable(p)) {
            return true;
        }
        try {
            return !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_WRITE);
        } catch (UnsupportedOperationException e) {
            try {
                return Files.readAttributes(p, DosFileAttributes.class).isReadOnly();
            } catch (IOException | UnsupportedOperationException e2) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The real path of {@code p}: symbolic links resolved for the part that exists, the rest
     * (a folder {@code --output} will create) appended as written.
     */
    static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }
}
