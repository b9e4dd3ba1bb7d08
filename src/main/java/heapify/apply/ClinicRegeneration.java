package heapify.apply;

import heapify.analysis.ClinicHeader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the tree's own Argument Clinic over a migrated module whose clinic input heapify changed
 * (rule 8: clinic output is regenerated, never patched), in a temporary copy: the module's text and
 * its {@code clinic/x.c.h}. The interpreter is {@code python3} on the PATH, or
 * {@code $HEAPIFY_CLINIC_PYTHON}. Outside clinic's checksums the module must come back as heapify
 * wrote it: clinic may change its own output and nothing else. What clinic wrote is kept under
 * {@code ~/.cache/heapify/clinic/}, keyed by the SHA-256 of clinic's own files and of both
 * inputs, so a second run over the same tree (a dry run, then {@code --in-place}) does not start
 * clinic again: clinic is deterministic, and a changed input or clinic is a new key.
 */
final class ClinicRegeneration {
    private static final long TIMEOUT_SECONDS = 120;

    /** The module and header texts as clinic wrote them, or why there are none ({@code failure}). */
    record Outcome(String module, String header, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private ClinicRegeneration() {
    }

    static Outcome run(String fileName, String module, Charset charset, ClinicHeader header) {
        Path cached = cacheEntry(fileName, module, charset, header);
        if (cached != null && Files.isRegularFile(cached.resolve("header"))) {
            try {
                return new Outcome(new String(Files.readAllBytes(cached.resolve("module")), charset),
                        new String(Files.readAllBytes(cached.resolve("header")), header.source().charset()), null);
            } catch (IOException e) {
                // unreadable entry: run clinic again
            }
        }
        Outcome o = runClinic(fileName, module, charset, header);
        if (o.ok() && cached != null) {
            store(cached, o.module().getBytes(charset), o.header().getBytes(header.source().charset()));
        }
        return o;
    }

    /** The cache folder for these inputs, or null when there is no home folder or clinic cannot be read. */
    private static Path cacheEntry(String fileName, String module, Charset charset, ClinicHeader header) {
        String home = System.getProperty("user.home");
        if (home == null || home.isEmpty()) {
            return null;
        }
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            try (Stream<Path> s = Files.list(header.clinic().getParent())) {
                for (Path p : s.filter(p -> p.toString().endsWith(".py")).sorted().toList()) {
                    sha.update(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                    sha.update(Files.readAllBytes(p));
                }
            }
            for (String part : List.of(fileName, header.name(), charset.name(), header.source().charset().name(),
                    System.getenv().getOrDefault("HEAPIFY_CLINIC_PYTHON", "python3"))) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            sha.update(module.getBytes(charset));
            sha.update((byte) 0);
            sha.update(header.source().text().getBytes(header.source().charset()));
            return Path.of(home, ".cache", "heapify", "clinic", java.util.HexFormat.of().formatHex(sha.digest()));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** Writes the entry through a temporary folder renamed into place, so a reader sees all of it or nothing. */
    private static void store(Path entry, byte[] module, byte[] header) {
        Path tmp = null;
        try {
            Files.createDirectories(entry.getParent());
            tmp = Files.createTempDirectory(entry.getParent(), ".tmp-");
            Files.write(tmp.resolve("module"), module);
            Files.write(tmp.resolve("header"), header);
            Files.move(tmp, entry, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            // no cache (read-only home, a racing run stored it first): the result stands
        } finally {
            TemporaryFolder.delete(tmp);
        }
    }

    private static Outcome runClinic(String fileName, String module, Charset charset, ClinicHeader header) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("heapify-clinic-");
            Path c = tmp.resolve(fileName);
            Path h = tmp.resolve(header.name()).normalize();
            if (!h.startsWith(tmp)) {
                return new Outcome(null, null, "'" + header.name() + "' is outside the module's folder");
            }
            Files.write(c, module.getBytes(charset));
            Files.createDirectories(h.getParent());
            Files.write(h, header.source().text().getBytes(header.source().charset()));
            String python = System.getenv().getOrDefault("HEAPIFY_CLINIC_PYTHON", "python3");
            Path log = tmp.resolve("clinic.log");
            Process p = new ProcessBuilder(List.of(python, header.clinic().toString(), c.toString()))
                    .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Outcome(null, null, "clinic did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                String out = Files.readString(log, StandardCharsets.UTF_8).strip().replace(tmp + "/", "");
                String[] lines = out.split("\\R");
                return new Outcome(null, null, "clinic exited " + p.exitValue() + ": " + lines[lines.length - 1]);
            }
            String newModule = new String(Files.readAllBytes(c), charset);
            String newHeader = new String(Files.readAllBytes(h), header.source().charset());
            if (!withoutChecksums(newModule).equals(withoutChecksums(module))) {
                return new Outcome(null, null, "clinic changed the module beyond its checksums");
            }
            return new Outcome(newModule, newHeader, null);
        } catch (IOException e) {
            return new Outcome(null, null, "cannot run clinic: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, null, "interrupted");
        } finally {
            TemporaryFolder.delete(tmp);
        }
    }

    private static String withoutChecksums(String text) {
        return text.replaceAll("output=[0-9a-f]+ input=[0-9a-f]+\\]\\*/", "]*/");
    }
}
