package heapify.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a package table such as {@code corpus/public.tsv}: tab-separated, {@code #} lines are
 * comments, {@code -} is an empty field, and two kinds of rows:
 * <pre>
 * package  NAME     SOURCE=VERSION  PYTHONS  PREPARE  TEST  SKIPPED
 * module   PACKAGE  IMPORT-NAME     SO       SOURCES  MIGRATE  CFLAGS  LIBS  PYTHONS
 * </pre>
 * A module row belongs to the package row of the same name, before or after it. Space-separated
 * lists: PYTHONS ({@code 3.11 3.12}), SO, SOURCES, MIGRATE.
 */
public final class PackageTable {
    private PackageTable() {
    }

    /** A table that cannot be read or does not describe the package asked for; the message is one line. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    /** The package {@code name} of {@code table}. */
    public static PackageSpec read(Path table, String name) throws Invalid {
        Map<String, PackageSpec> all = readAll(table);
        PackageSpec p = all.get(name);
        if (p == null) {
            throw new Invalid(table + ": error: no package '" + name + "' (the table has " + String.join(", ",
                    all.keySet()) + ")");
        }
        return p;
    }

    /** Every package of {@code table}, in the order of their package rows. */
    public static Map<String, PackageSpec> readAll(Path table) throws Invalid {
        List<String> lines;
        try {
            lines = Files.readAllLines(table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Invalid(table + ": error: cannot read: " + e.getMessage());
        }
        Map<String, String[]> packages = new LinkedHashMap<>();
        Map<String, List<PackageModule>> modules = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String where = table + ":" + (i + 1) + ": error: ";
            switch (f[0]) {
                case "package" -> {
                    if (f.length != 7) {
                        throw new Invalid(where + "a package row has 7 fields, this one " + f.length);
                    }
                    if (packages.put(f[1], f) != null) {
                        throw new Invalid(where + "package '" + f[1] + "' again");
                    }
                }
                case "module" -> {
                    if (f.length != 9) {
                        throw new Invalid(where + "a module row has 9 fields, this one " + f.length);
                    }
                    try {
                        modules.computeIfAbsent(f[1], k -> new ArrayList<>()).add(new PackageModule(f[2],
                                words(f[3]), words(f[4]), words(f[5]), field(f[6]), field(f[7]), words(f[8])));
                    } catch (IllegalArgumentException e) {
                        throw new Invalid(where + e.getMessage());
                    }
                }
                default -> throw new Invalid(where + "a row is 'package' or 'module', not '" + f[0] + "'");
            }
        }
        for (String m : modules.keySet()) {
            if (!packages.containsKey(m)) {
                throw new Invalid(table + ": error: modules of '" + m + "' but no package row for it");
            }
        }
        Path dir = table.toAbsolutePath().normalize().getParent();
        Map<String, PackageSpec> out = new LinkedHashMap<>();
        for (String[] f : packages.values()) {
            String deb = field(f[2]);
            int eq = deb.indexOf('=');
            try {
                out.put(f[1], new PackageSpec(f[1], eq < 0 ? deb : deb.substring(0, eq), eq < 0 ? "" : deb.substring(eq + 1),
                        words(f[3]), field(f[4]), field(f[5]), field(f[6]), modules.getOrDefault(f[1], List.of()), dir));
            } catch (IllegalArgumentException e) {
                throw new Invalid(table + ": error: " + e.getMessage());
            }
        }
        return out;
    }

    private static String field(String f) {
        return f.strip().equals("-") ? "" : f.strip();
    }

    private static List<String> words(String f) {
        String s = field(f);
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }
}
