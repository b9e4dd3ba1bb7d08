package heapify.apply;

import heapify.analysis.ModuleAnalysis;
import heapify.lex.Lexing;
import heapify.lex.TokenList;
import heapify.model.FileModelBuilder;
import heapify.parse.IslandParser;
import heapify.parse.ParsedFile;
import heapify.source.SourceReader;
import heapify.transform.ModuleUnit;
import heapify.transform.Options;
import heapify.transform.UnitTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rule module-unit: the files of one module made of several C files, grouped and planned
 * together before any of them is edited. A folder is one module when exactly one of its C files
 * defines a {@code PyInit_} function; a {@code PyTypeObject X} defined without {@code static} in
 * another of its C files and declared {@code extern PyTypeObject X;} in one of its headers
 * migrates when nothing but that header and the init file's exec names it, both files include
 * the header, both are inputs of the run and the init file has no static state of its own;
 * otherwise it stays, and the reason names the files that use it. Decided once per folder and
 * run, from the files as they were before the run wrote any of them.
 */
final class ModuleUnits {
    private static final Pattern SOURCE = Pattern.compile(".*\\.(c|h|cc|cpp|cxx|hh|hpp|inc)");
    private static final Pattern INIT = Pattern.compile("(?m)^[ \\t]*(?:PyMODINIT_FUNC\\s+)?PyInit_\\w+\\s*\\(\\s*(?:void)?\\s*\\)\\s*\\{");
    private static final Pattern EXTERN = Pattern.compile("(?m)^[ \\t]*extern[ \\t]+PyTypeObject[ \\t]+(\\w+)[ \\t]*;");
    private static final Pattern DEFINITION = Pattern.compile("(?m)^PyTypeObject[ \\t]+(\\w+)[ \\t]*=");
    private static final Pattern ANY_DEFINITION = Pattern.compile("(?m)^[ \\t]*(?:static[ \\t]+)?PyTypeObject[ \\t]+(\\w+)[ \\t]*=");
    private static final Pattern CLINIC_CLASS = Pattern.compile("(?m)^class[ \\t]+[\\w.]+[ \\t]+\"[^\"]*\"[ \\t]+\"&(\\w+)\"");
    private static final int MAX_FILES = 200;
    private static final long MAX_BYTES = 16L << 20;

    /** One module's decision, per file name in its folder. */
    private record Unit(Map<Path, ModuleUnit> byFile) {
    }

    private final Map<Path, Unit> byFolder = new ConcurrentHashMap<>();
    private final Set<Path> inputs;
    private final Options options;
    private final LocalIncludes.Cache includes;

    /** {@code inputs}: the files of this run; a module migrates as one unit only when all its files are among them. */
    ModuleUnits(Set<Path> inputs, Options options, LocalIncludes.Cache includes) {
        Set<Path> normal = new LinkedHashSet<>();
        for (Path p : inputs) {
            normal.add(p.toAbsolutePath().normalize());
        }
        this.inputs = Set.copyOf(normal);
        this.options = options;
        this.includes = includes;
    }

    /** What the module of {@code file} decides for it; {@link ModuleUnit#NONE} when it is no such module's file. */
    ModuleUnit of(Path file) {
        if (file == null || file.toAbsolutePath().getParent() == null) {
            return ModuleUnit.NONE;
        }
        Path self = file.toAbsolutePath().normalize();
        Unit u = byFolder.computeIfAbsent(self.getParent(), this::group);
        return u.byFile().getOrDefault(self, ModuleUnit.NONE);
    }

    private Unit group(Path folder) {
        Map<Path, String> texts = new TreeMap<>();
        try (Stream<Path> s = Files.walk(folder, 2)) {
            // the folder's own files and its clinic output; a subfolder is another library's
            List<Path> files = s.filter(p -> SOURCE.matcher(p.getFileName().toString()).matches()
                    && (p.getParent().equals(folder) || p.getParent().getFileName().toString().equals("clinic"))
                    && Files.isRegularFile(p)).map(p -> p.toAbsolutePath().normalize()).limit(MAX_FILES + 1L).toList();
            if (files.size() > MAX_FILES) {
                return new Unit(Map.of());
            }
            long bytes = 0;
            for (Path p : files) {
                bytes += Files.size(p);
                if (bytes > MAX_BYTES) {
                    return new Unit(Map.of());
                }
                texts.put(p, Files.readString(p, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException | RuntimeException e) {
            return new Unit(Map.of()); // the per-file diagnostics stay as they are
        }
        Map<String, Path> externs = new LinkedHashMap<>();
        Map<String, Path> definitions = new LinkedHashMap<>();
        List<Path> inits = new ArrayList<>();
        for (var e : texts.entrySet()) {
            boolean c = e.getKey().getFileName().toString().endsWith(".c") && e.getKey().getParent().equals(folder);
            if (c && INIT.matcher(e.getValue()).find()) {
                inits.add(e.getKey());
            }
            for (Matcher m = EXTERN.matcher(e.getValue()); m.find(); ) {
                if (!e.getKey().getFileName().toString().endsWith(".c") && e.getKey().getParent().equals(folder)) {
                    externs.putIfAbsent(m.group(1), e.getKey());
                }
            }
            for (Matcher m = DEFINITION.matcher(e.getValue()); c && m.find(); ) {
                definitions.putIfAbsent(m.group(1), e.getKey());
            }
        }
        definitions.keySet().retainAll(externs.keySet());
        if (definitions.isEmpty()) {
            return new Unit(Map.of());
        }
        // the module's init file includes the header that declares its types; other init files
        // of the folder are other modules (_multiprocessing's posixshmem.c)
        Set<Path> declaring = new LinkedHashSet<>();
        for (String x : definitions.keySet()) {
            declaring.add(externs.get(x));
        }
        List<Path> moduleInits = new ArrayList<>();
        for (Path i : inits) {
            if (declaring.stream().anyMatch(h -> includes(texts.get(i), name(folder, h), i, h))) {
                moduleInits.add(i);
            }
        }
        inits = moduleInits;
        Path init = inits.size() == 1 ? inits.get(0) : null;
        Map<String, String> kept = new LinkedHashMap<>();
        Map<String, Path> migrating = new LinkedHashMap<>();
        ModuleAnalysis initAnalysis = init != null ? analysis(init) : null;
        String host = init == null ? null : initAnalysis == null ? "heapify cannot read '" + name(folder, init) + "'"
                : UnitTypes.hostBlocker(initAnalysis, LocalIncludes.of(init, initAnalysis.tokens(), includes), options);
        for (var d : definitions.entrySet()) {
            String x = d.getKey();
            Path def = d.getValue();
            Path header = externs.get(x);
            if (def.equals(init)) {
                continue; // a type of the init file itself: its own rules (type-exported-in-header)
            }
            String why = blocker(folder, texts, inits, def, header, x);
            if (why == null && host != null) {
                why = "its module's init file '" + name(folder, init) + "' cannot create it: " + host;
            }
            if (why == null) {
                String t = UnitTypes.typeBlocker(initAnalysis, x);
                why = t == null ? null : "'" + name(folder, init) + "' cannot create it: " + t;
            }
            if (why == null && (!inputs.contains(def) || !inputs.contains(init))) {
                why = "its module is migrated as one unit only when '" + name(folder, init) + "' and '"
                        + name(folder, def) + "' are migrated in the same run (give heapify their folder)";
            }
            if (why == null) {
                migrating.put(x, def);
            } else {
                kept.put(x, why);
            }
        }
        if (migrating.keySet().stream().map(externs::get).distinct().count() > 1) {
            for (String x : migrating.keySet()) {
                kept.put(x, "its module declares its types in several headers, and heapify rewrites one");
            }
            migrating.clear();
        }
        // each defining file as it would be planned: every type it exports must convert, under
        // the conditions of its creation in exec
        Map<Path, List<String>> byDefinition = new LinkedHashMap<>();
        Map<String, String> tpNames = new LinkedHashMap<>();
        migrating.forEach((x, d) -> byDefinition.computeIfAbsent(d, k -> new ArrayList<>()).add(x));
        for (var d : byDefinition.entrySet()) {
            Map<String, String> why = definitionBlockers(d.getKey(), d.getValue(), initAnalysis, initName(folder, init),
                    tpNames);
            why.forEach((x, w) -> {
                migrating.remove(x);
                kept.put(x, w);
            });
        }
        // a file exports its specs only when every type object it defines migrates
        for (var d : new ArrayList<>(migrating.entrySet())) {
            for (Matcher m = ANY_DEFINITION.matcher(texts.get(d.getValue())); m.find(); ) {
                if (!migrating.containsKey(m.group(1))) {
                    migrating.remove(d.getKey());
                    kept.put(d.getKey(), "'" + name(folder, d.getValue()) + "' also defines '" + m.group(1)
                            + "', which stays static, and heapify migrates a file's types together");
                    break;
                }
            }
        }
        Map<Path, ModuleUnit> byFile = new LinkedHashMap<>();
        String exec = initAnalysis != null && initAnalysis.exec().isPresent() ? initAnalysis.exec().get().name() : "";
        String initName = init == null ? "" : name(folder, init);
        Map<Path, Set<String>> exported = new LinkedHashMap<>();
        Map<Path, Map<String, String>> keptBy = new LinkedHashMap<>();
        Map<String, String> created = new TreeMap<>();
        Set<Path> headers = new LinkedHashSet<>();
        for (var d : definitions.entrySet()) {
            String x = d.getKey();
            if (d.getValue().equals(init)) {
                continue;
            }
            if (migrating.containsKey(x)) {
                exported.computeIfAbsent(d.getValue(), k -> new LinkedHashSet<>()).add(x);
                created.put(x, tpNames.getOrDefault(x, ""));
                headers.add(externs.get(x));
            } else {
                keptBy.computeIfAbsent(d.getValue(), k -> new LinkedHashMap<>()).put(x, kept.get(x));
            }
        }
        Set<Path> files = new LinkedHashSet<>(exported.keySet());
        files.addAll(keptBy.keySet());
        for (Path f : files) {
            String header = "";
            for (String x : exported.getOrDefault(f, Set.of())) {
                header = name(folder, externs.get(x));
            }
            for (String x : keptBy.getOrDefault(f, Map.of()).keySet()) {
                header = header.isEmpty() ? name(folder, externs.get(x)) : header;
            }
            byFile.put(f, new ModuleUnit(exported.getOrDefault(f, Set.of()), Map.of(), keptBy.getOrDefault(f, Map.of()),
                    initName, header, exec));
        }
        if (!created.isEmpty()) {
            String header = headers.size() == 1 ? name(folder, headers.iterator().next()) : "its headers";
            ModuleUnit mine = byFile.getOrDefault(init, ModuleUnit.NONE);
            byFile.put(init, new ModuleUnit(mine.exported(), created, mine.kept(), initName, header, exec));
        }
        return new Unit(byFile);
    }

    /** Why {@code x}, defined in {@code def} and declared in {@code header}, cannot migrate with its module, or null. */
    private static String blocker(Path folder, Map<Path, String> texts, List<Path> inits, Path def, Path header,
                                  String x) {
        if (inits.isEmpty()) {
            return "no file of its folder with a PyInit_ function includes '" + name(folder, header) + "'";
        }
        if (inits.size() > 1) {
            return inits.size() + " files of its folder with a PyInit_ function (" + names(folder, inits)
                    + ") include its module's headers, so heapify does not know which module it belongs to";
        }
        Path init = inits.get(0);
        List<Path> users = new ArrayList<>();
        for (var e : texts.entrySet()) {
            Path p = e.getKey();
            if (!p.equals(def) && !p.equals(init) && !p.equals(header) && count(e.getValue(), x) > 0) {
                users.add(p);
            }
        }
        if (!users.isEmpty()) {
            return "other files of the module name it (" + names(folder, users) + "), and heapify does not yet "
                    + "reach the module state from them";
        }
        if (count(texts.get(header), x) != 1) {
            return "'" + name(folder, header) + "' names it outside its extern declaration (line "
                    + lastLine(texts.get(header), x) + "), and heapify rewrites only the declaration";
        }
        String own = texts.get(def);
        int clinic = 0;
        for (Matcher m = CLINIC_CLASS.matcher(own); m.find(); ) {
            clinic += m.group(1).equals(x) ? 1 : 0;
        }
        if (count(own, x) != 1 + clinic) {
            return "'" + name(folder, def) + "' uses it outside its definition (line " + useLine(own, x)
                    + "), and heapify does not yet reach the module state across files";
        }
        if (count(texts.get(init), x) == 0) {
            return "'" + name(folder, init) + "' does not add it to the module";
        }
        String include = name(folder, header);
        if (!includes(texts.get(init), include, init, header) || !includes(own, include, def, header)) {
            return "'" + name(folder, init) + "' and '" + name(folder, def) + "' do not both include '" + include
                    + "'";
        }
        for (String name : List.of(ModuleUnit.specName(x), ModuleUnit.slotsName(x))) {
            for (String text : texts.values()) {
                if (count(text, name) > 0) {
                    return "a file of the module already names '" + name + "'";
                }
            }
        }
        return null;
    }

    private static boolean includes(String text, String name, Path from, Path header) {
        Matcher m = Pattern.compile("(?m)^[ \\t]*#[ \\t]*include[ \\t]*\"([^\"]+)\"").matcher(text);
        while (m.find()) {
            if (from.getParent().resolve(m.group(1)).normalize().equals(header)) {
                return true;
            }
        }
        return false;
    }

    private static String initName(Path folder, Path init) {
        return init == null ? "" : name(folder, init);
    }

    /**
     * Why each of {@code types}, defined in {@code def}, would not convert to an exported spec
     * there: the file planned as its migration will plan it (an initializer heapify cannot read,
     * a condition other than its creation's in exec); {@code tpNames} gets their tp_name.
     */
    private Map<String, String> definitionBlockers(Path def, List<String> types, ModuleAnalysis init, String initName,
                                                   Map<String, String> tpNames) {
        Map<String, String> out = new LinkedHashMap<>();
        heapify.model.FileModel model = model(def);
        if (model == null) {
            types.forEach(x -> out.put(x, "heapify cannot read its file"));
            return out;
        }
        ModuleAnalysis analysis = ModuleAnalysis.of(model, Set.copyOf(types));
        for (String x : types) {
            for (heapify.model.StaticType t : analysis.model().types()) {
                if (t.cName().equals(x) && !t.tpName().isEmpty()) {
                    tpNames.put(x, t.tpName());
                    List<String> own = UnitTypes.typeConditions(analysis, t);
                    if (!own.equals(UnitTypes.addConditions(init, x))) {
                        out.put(x, "it is defined under preprocessor conditions " + own + " other than those of "
                                + "its creation in '" + initName + "' " + UnitTypes.addConditions(init, x));
                    }
                }
            }
        }
        ModuleUnit probe = new ModuleUnit(Set.copyOf(types), Map.of(), Map.of(), initName, "", "");
        var plan = heapify.transform.Migration.plan(analysis, LocalIncludes.of(def, analysis.tokens(), includes),
                LocalIncludes.clinicHeaders(def, analysis.tokens()), options, def, probe);
        for (String x : types) {
            boolean converted = plan.edits().stream().anyMatch(e -> e.reason().equals("type " + x + " to spec"));
            if (!converted && !out.containsKey(x)) {
                String why = "'" + def.getFileName() + "' cannot convert it";
                for (heapify.source.Diagnostic d : plan.diagnostics()) {
                    if (d.severity() != heapify.source.Severity.NOTE && d.message().contains("'" + x + "'")) {
                        why = d.message() + " [" + d.ruleId() + "]";
                        break;
                    }
                }
                out.put(x, why);
            }
        }
        return out;
    }

    private ModuleAnalysis analysis(Path file) {
        heapify.model.FileModel model = model(file);
        return model == null ? null : ModuleAnalysis.of(model);
    }

    private static heapify.model.FileModel model(Path file) {
        if (!(SourceReader.read(file) instanceof SourceReader.Read ok)) {
            return null;
        }
        try {
            TokenList tokens = Lexing.lex(ok.source());
            ParsedFile parsed = IslandParser.parse(tokens);
            return parsed.parsed() ? FileModelBuilder.build(parsed) : null;
        } catch (RuntimeException | StackOverflowError e) {
            return null; // its own migration reports it
        }
    }

    /** How often {@code name} appears in {@code text} as a word. */
    private static int count(String text, String name) {
        int n = 0;
        for (int i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
            int end = i + name.length();
            if ((i == 0 || !identifierChar(text.charAt(i - 1)))
                    && (end == text.length() || !identifierChar(text.charAt(end)))) {
                n++;
            }
        }
        return n;
    }

    /** The line of the first word {@code name} in {@code text} outside its definition and clinic class lines. */
    private static int useLine(String text, String name) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (count(l, name) > 0 && !l.startsWith("PyTypeObject ") && !CLINIC_CLASS.matcher(l).find()) {
                return i + 1;
            }
        }
        return 1;
    }

    /** The line of the last word {@code name} in {@code text}. */
    private static int lastLine(String text, String name) {
        int at = -1;
        for (int i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
            int end = i + name.length();
            if ((i == 0 || !identifierChar(text.charAt(i - 1)))
                    && (end == text.length() || !identifierChar(text.charAt(end)))) {
                at = i;
            }
        }
        return 1 + (int) text.substring(0, Math.max(at, 0)).chars().filter(c -> c == '\n').count();
    }

    private static boolean identifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String name(Path folder, Path p) {
        return folder.relativize(p).toString().replace('\\', '/');
    }

    private static String names(Path folder, List<Path> paths) {
        List<String> out = new ArrayList<>();
        for (Path p : paths) {
            out.add(name(folder, p));
        }
        return String.join(", ", out);
    }
}
