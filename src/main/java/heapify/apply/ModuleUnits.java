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
import java.util.regex.MatchResult;
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
 * otherwise it stays, and the reason names the files that use it. A type that a function of
 * another file sets up for the init (mercurial's manifest_module_init) stays, with the reason its
 * module gives (a single-phase m_size -1 init shares every type among interpreters); an init file
 * one folder up that includes the header through an include path (python-zstandard's zstd.c) is
 * named as such. Decided once per folder and run, from the files as they were before the run
 * wrote any of them.
 */
final class ModuleUnits {
    private static final Pattern INIT = Pattern.compile("(?m)^[ \\t]*(?:PyMODINIT_FUNC\\s+)?PyInit_\\w+\\s*\\(\\s*(?:void)?\\s*\\)\\s*\\{");
    private static final Pattern EXTERN = Pattern.compile(
            "(?m)^[ \\t]*extern[ \\t]+(?:Py_EXPORTED_SYMBOL[ \\t]+)?PyTypeObject[ \\t]+(\\w+)[ \\t]*;");
    private static final Pattern DEFINITION = Pattern.compile("(?m)^(?:Py_EXPORTED_SYMBOL[ \\t]+)?PyTypeObject[ \\t]+(\\w+)[ \\t]*=");
    private static final Pattern EXPORTED = Pattern.compile("(?m)^Py_EXPORTED_SYMBOL[ \\t]+PyTypeObject[ \\t]+(\\w+)");
    private static final Pattern ANY_DEFINITION = Pattern.compile("(?m)^[ \\t]*(?:static[ \\t]+)?PyTypeObject[ \\t]+(\\w+)[ \\t]*=");
    private static final Pattern CLINIC_CLASS = Pattern.compile("(?m)^class[ \\t]+[\\w.]+[ \\t]+\"[^\"]*\"[ \\t]+\"&(\\w+)\"");
    /** The parameters of a clinic __init__ parser, where self is in scope. */
    private static final String INIT_PARSER = "(PyObject *self, PyObject *args, PyObject *kwargs)";
    /** The rules that leave a single-phase init as it is, and its module single-phase. */
    private static final Set<String> SINGLE_PHASE = Set.of("init-calls-other-file", "exec-writes-shared-state",
            "module-created-elsewhere", "state-find-module", "capsule-exports-type");
    private static final int MAX_FILES = 200;
    private static final long MAX_BYTES = 16L << 20;

    /** One module's decision, per file name in its folder. */
    private record Unit(Map<Path, ModuleUnit> byFile) {
    }

    private final Map<Path, Unit> byFolder = new ConcurrentHashMap<>();
    /** Per init file: why every interpreter shares its module's types ("" when they need not). */
    private final Map<Path, String> hostReasons = new ConcurrentHashMap<>();
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
            List<Path> files = s.filter(p -> SourceWords.SOURCE.matcher(p.getFileName().toString()).matches()
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
            // each regex tried where its words are, not at every char of the folder's 14 MB
            // (CPython's Modules/): a tenth of a whole-tree run, on one thread while the other waited
            if (c && definesInit(e.getValue())) {
                inits.add(e.getKey());
            }
            if (!e.getKey().getFileName().toString().endsWith(".c") && e.getKey().getParent().equals(folder)) {
                for (MatchResult m : SourceWords.lineMatches(EXTERN, e.getValue(), "PyTypeObject")) {
                    externs.putIfAbsent(m.group(1), e.getKey());
                }
            }
            for (MatchResult m : c ? SourceWords.lineMatches(DEFINITION, e.getValue(), "PyTypeObject")
                    : List.<MatchResult>of()) {
                definitions.putIfAbsent(m.group(1), e.getKey());
            }
        }
        // types of files without PyInit_ that no header declares: static ones, or extern ones
        // declared elsewhere; named with the init file that calls a function of theirs
        Map<Path, Map<String, String>> setUp = calledTypes(folder, texts, inits, externs.keySet());
        definitions.keySet().retainAll(externs.keySet());
        definitions.values().removeIf(inits::contains); // a type of an init file: its own rules
        if (definitions.isEmpty() && setUp.isEmpty()) {
            return new Unit(Map.of());
        }
        // a type's module is the init file that includes the header declaring it; the folder's
        // other init files are other modules (_multiprocessing's posixshmem.c, mercurial's cext)
        Map<String, Path> initOf = new LinkedHashMap<>();
        Map<String, String> kept = new LinkedHashMap<>();
        Map<String, Path> migrating = new LinkedHashMap<>();
        Map<Path, ModuleAnalysis> analyses = new LinkedHashMap<>();
        Map<Path, String> hosts = new LinkedHashMap<>();
        Map<String, heapify.transform.UnitState> inState = new LinkedHashMap<>();
        // the instance structs of the functions of each file that read a type from the state
        Map<String, Map<Path, Set<String>>> reach = new LinkedHashMap<>();
        for (var d : definitions.entrySet()) {
            String x = d.getKey();
            Path def = d.getValue();
            Path header = externs.get(x);
            List<Path> mine = new ArrayList<>();
            for (Path i : inits) {
                if (includes(texts.get(i), name(folder, header), i, header)) {
                    mine.add(i);
                }
            }
            Path init = mine.size() == 1 ? mine.get(0) : null;
            String why = blocker(folder, texts, mine, def, header, x, p -> foreign(folder, p, x, reach,
                    analyses), reach);
            Caller caller = init == null ? caller(texts, inits, def, x) : null;
            if (caller != null) {
                why = "no file of its folder with a PyInit_ function includes '" + name(folder, header) + "'; it is "
                        + "set up by " + caller.says(folder) + ", and " + setUpBlocker(folder, caller, def);
            } else if (mine.isEmpty()) {
                // zstd's c-ext/*.c: the init file one folder up includes their header through -I
                Map<Path, String> outer = outerInits(folder, header);
                Caller above = outer.isEmpty() ? null : caller(outer, List.copyOf(outer.keySet()), def, x);
                if (above != null) {
                    why = "its module's init file '" + name(folder, above.init()) + "', in another folder, includes '"
                            + name(folder, header) + "' through an include path; it is set up by "
                            + above.says(folder) + ", and " + setUpBlocker(folder, above, def);
                }
            }
            ModuleAnalysis initAnalysis = init == null ? null : analyses.computeIfAbsent(init, this::analysis);
            if (init != null) {
                initOf.put(x, init);
                if (!hosts.containsKey(init)) {
                    hosts.put(init, initAnalysis == null ? "heapify cannot read it"
                            : UnitTypes.hostBlocker(initAnalysis, LocalIncludes.of(init, initAnalysis.tokens(),
                            includes), options));
                }
            }
            if (why == null && hosts.get(init) != null) {
                why = "its module's init file '" + name(folder, init) + "' cannot create it: " + hosts.get(init);
            }
            heapify.transform.UnitState state = initAnalysis == null ? null : heapify.transform.UnitState.find(
                    initAnalysis, texts.get(header), UnitTypes.loopStart(initAnalysis, x));
            if (why == null) {
                String t = UnitTypes.typeBlocker(initAnalysis, x, state);
                why = t == null ? null : "'" + name(folder, init) + "' cannot create it: " + t;
            }
            if (why == null && (UnitTypes.namedByModuleFunctions(initAnalysis, x)
                    || !UnitTypes.subclasses(initAnalysis, x).isEmpty() || reach.containsKey(x))) {
                // it joins the module's state: the creation's lines must fit in 79 columns
                int width = UnitTypes.stateCreateWidth(initAnalysis, x, state);
                if (width > 79) {
                    why = "'" + name(folder, init) + "' would create it into '" + state.local() + "->" + x
                            + "' on lines of up to " + width + " columns, and heapify keeps to 79";
                } else if (UnitTypes.stateUseWidth(initAnalysis, x) > 79) {
                    why = "a module function of '" + name(folder, init) + "' names it on a line that reading '"
                            + "state->" + x + "' would take to " + UnitTypes.stateUseWidth(initAnalysis, x)
                            + " columns, and heapify keeps to 79";
                } else if (UnitTypes.namesStateLocal(initAnalysis, x, state)) {
                    why = "a module function of '" + name(folder, init) + "' that names it already names "
                            + "'state', the local heapify would give it";
                } else {
                    inState.put(x, state);
                }
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
        // one header per init file is rewritten
        Map<Path, Set<Path>> headersOf = new LinkedHashMap<>();
        migrating.keySet().forEach(x -> headersOf.computeIfAbsent(initOf.get(x), k -> new LinkedHashSet<>())
                .add(externs.get(x)));
        for (String x : new ArrayList<>(migrating.keySet())) {
            if (headersOf.get(initOf.get(x)).size() > 1) {
                migrating.remove(x);
                kept.put(x, "its module declares its types in several headers, and heapify rewrites one");
            }
        }
        // each defining file as it would be planned: every type it exports must convert, under
        // the conditions of its creation in exec
        Map<Path, List<String>> byDefinition = new LinkedHashMap<>();
        Map<String, String> tpNames = new LinkedHashMap<>();
        migrating.forEach((x, d) -> byDefinition.computeIfAbsent(d, k -> new ArrayList<>()).add(x));
        for (var d : byDefinition.entrySet()) {
            Map<String, String> why = definitionBlockers(d.getKey(), d.getValue(), analyses, initOf, folder,
                    tpNames, reach);
            why.forEach((x, w) -> {
                migrating.remove(x);
                kept.put(x, w);
            });
        }
        // a file exports its specs only when every type object it defines migrates
        for (var d : new ArrayList<>(migrating.entrySet())) {
            for (MatchResult m : SourceWords.lineMatches(ANY_DEFINITION, texts.get(d.getValue()), "PyTypeObject")) {
                // an extern type that stays is left as it is, with its reason; a static one would
                // be planned by the file's own migration
                boolean stays = kept.containsKey(m.group(1)) && !m.group(0).contains("static");
                if (!migrating.containsKey(m.group(1)) && !stays) {
                    migrating.remove(d.getKey());
                    kept.put(d.getKey(), "'" + name(folder, d.getValue()) + "' also defines '" + m.group(1)
                            + "', which stays static, and heapify migrates a file's types together");
                    break;
                }
            }
        }
        // a single-phase init creates a type with the base it sets, which must stay static or
        // join the module's state (created first)
        for (var d : new ArrayList<>(migrating.entrySet())) {
            ModuleAnalysis init = analyses.get(initOf.get(d.getKey()));
            String base = init == null ? "" : UnitTypes.base(init, d.getKey());
            if (migrating.containsKey(base) && !inState.containsKey(base)) {
                migrating.remove(d.getKey());
                kept.put(d.getKey(), "its base '" + base + "' migrates too, and heapify creates a type of a "
                        + "single-phase init only on a static base");
            }
        }
        // the array a single-phase init adds its types from keeps one (C has no empty initializer)
        Map<String, List<String>> byArray = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (String x : migrating.keySet()) {
            ModuleAnalysis init = analyses.get(initOf.get(x));
            Map.Entry<String, Integer> a = init == null ? null : UnitTypes.array(init, x);
            if (a != null) {
                String key = initOf.get(x) + ":" + a.getKey();
                byArray.computeIfAbsent(key, k -> new ArrayList<>()).add(x);
                sizes.put(key, a.getValue());
            }
        }
        byArray.forEach((key, xs) -> {
            if (xs.size() >= sizes.get(key)) {
                for (String x : xs) {
                    migrating.remove(x);
                    kept.put(x, "every type of the array '" + key.substring(key.lastIndexOf(':') + 1) + "' it is "
                            + "added from would migrate, and heapify leaves no array empty");
                }
            }
        });
        // a base the init sets for other types migrates only with all of them (a static type
        // cannot have a heap base); one that stays may make its own base stay
        keepBasesOfKept(migrating, kept, analyses, initOf);
        // a base of a type an earlier run created (its spec's base argument): not rewritten yet
        for (String x : new ArrayList<>(migrating.keySet())) {
            ModuleAnalysis init = analyses.get(initOf.get(x));
            int line = init == null ? -1 : UnitTypes.createdOnLine(init, x);
            if (line >= 0) {
                migrating.remove(x);
                kept.put(x, "'" + name(folder, initOf.get(x)) + "' creates a type on it (line " + line + "), and "
                        + "heapify does not yet rewrite that base to a created type");
            }
        }
        // a type read by methods of other types: each of those types migrates, and the header can
        // give them the accessor from their instance's type
        Map<Path, String> byDef = new LinkedHashMap<>();
        for (boolean changed = true; changed; ) {
            changed = false;
            for (String x : new ArrayList<>(migrating.keySet())) {
                if (!reach.containsKey(x)) {
                    continue;
                }
                Path init = initOf.get(x);
                String why = inState.containsKey(x) ? null : "methods of other types would read it from the module's "
                        + "state, which it does not join";
                if (why == null && options.below(11)) {
                    why = "methods of other types would find the module's state with PyType_GetModuleByDef, "
                            + "which is new in Python 3.11 (the target is 3." + options.targetMinor() + ")";
                }
                if (why == null) {
                    why = byDef.computeIfAbsent(init, i -> accessor(folder, texts, analyses.get(i),
                            texts.get(externs.get(x)), inState.get(x)));
                    why = why.startsWith("!") ? why.substring(1) : null;
                }
                for (var e : reach.get(x).entrySet()) {
                    ModuleAnalysis a = analyses.computeIfAbsent(e.getKey(), this::analysis);
                    String wide = why != null || a == null ? null
                            : heapify.transform.UnitReach.macroWidth(a, x, byDef.get(init));
                    if (wide != null) {
                        why = "'" + name(folder, e.getKey()) + "' " + wide;
                    }
                    for (String struct : e.getValue()) {
                        Set<String> types = a == null ? Set.of() : heapify.transform.UnitReach.typesOf(a, struct);
                        // a struct only heap types of an earlier run have (a rerun) serves as one of a type that migrates
                        if (why == null && (types.isEmpty() ? a == null || !heapify.transform.UnitReach.ofSpec(a,
                                struct) : !migrating.keySet().containsAll(types))) {
                            why = "'" + name(folder, e.getKey()) + "' names it in a function of '" + struct
                                    + " *', which only a type that migrates could give the module's state";
                        }
                    }
                }
                if (why != null) {
                    migrating.remove(x);
                    kept.put(x, why);
                    changed = true;
                }
            }
            if (changed) {
                keepBasesOfKept(migrating, kept, analyses, initOf);
            }
        }
        noteStaticSubclasses(kept, definitions, analyses, folder);
        Map<Path, Set<String>> reachedBy = new LinkedHashMap<>();
        reach.forEach((x, files) -> {
            if (migrating.containsKey(x)) {
                files.keySet().forEach(f -> reachedBy.computeIfAbsent(f, k -> new java.util.TreeSet<>()).add(x));
            }
        });
        Map<Path, Set<String>> exported = new LinkedHashMap<>();
        Map<Path, Map<String, String>> keptBy = new LinkedHashMap<>();
        Map<Path, Map<String, String>> created = new LinkedHashMap<>();
        Map<Path, Path> initOfFile = new LinkedHashMap<>();
        for (var d : definitions.entrySet()) {
            String x = d.getKey();
            Path init = initOf.get(x);
            if (init != null) {
                initOfFile.putIfAbsent(d.getValue(), init);
            }
            if (migrating.containsKey(x)) {
                exported.computeIfAbsent(d.getValue(), k -> new LinkedHashSet<>()).add(x);
                created.computeIfAbsent(init, k -> new TreeMap<>()).put(x, tpNames.getOrDefault(x, ""));
            } else {
                String module = init == null ? "" : " for the module of '" + name(folder, init) + "'";
                keptBy.computeIfAbsent(d.getValue(), k -> new LinkedHashMap<>()).put(x, "declared extern in '"
                        + name(folder, externs.get(x)) + "'" + module + "; left static: " + kept.get(x));
            }
        }
        setUp.forEach((f, types) -> keptBy.computeIfAbsent(f, k -> new LinkedHashMap<>()).putAll(types));
        Map<Path, ModuleUnit> byFile = new LinkedHashMap<>();
        Set<Path> files = new LinkedHashSet<>(exported.keySet());
        files.addAll(keptBy.keySet());
        for (Path f : files) {
            Path init = initOfFile.get(f);
            String header = exported.getOrDefault(f, Set.of()).stream().map(x -> name(folder, externs.get(x)))
                    .findFirst().orElse("");
            Set<String> reached = reachedBy.getOrDefault(f, Set.of());
            heapify.transform.UnitState st = reached.isEmpty() ? null : inState.get(reached.iterator().next());
            byFile.put(f, new ModuleUnit(exported.getOrDefault(f, Set.of()), Map.of(), keptBy.getOrDefault(f,
                    Map.of()), init == null ? "" : name(folder, init), header, exec(analyses.get(init)), Set.of(), st,
                    reached, st == null ? "" : byDef.getOrDefault(init, ""), ""));
        }
        // an init file whose module keeps types of other files hosts them too, so that a rerun,
        // which creates none, names its state-find-module the same way
        for (var d : definitions.entrySet()) {
            Path init = initOf.get(d.getKey());
            if (init != null && !created.containsKey(init) && !byFile.containsKey(init)) {
                byFile.put(init, new ModuleUnit(Set.of(), Map.of(), Map.of(), name(folder, init),
                        name(folder, externs.get(d.getKey())), exec(analyses.get(init))));
            }
        }
        created.forEach((init, types) -> {
            Set<String> joining = new LinkedHashSet<>(types.keySet());
            joining.retainAll(inState.keySet());
            heapify.transform.UnitState state = joining.isEmpty() ? null : inState.get(joining.iterator().next());
            Path h = headersOf.get(init).iterator().next();
            String accessor = byDef.getOrDefault(init, "");
            boolean reached = joining.stream().anyMatch(x -> reach.containsKey(x));
            // the header gets the accessor once: a rerun finds it there
            String moduleDef = !reached || accessor.isEmpty() || accessor.startsWith("!")
                    || Pattern.compile("(?m)^" + Pattern.quote(accessor) + "\\(").matcher(texts.get(h)).find()
                    ? "" : analyses.get(init).def().get().cName();
            byFile.put(init, new ModuleUnit(Set.of(), types, Map.of(), name(folder, init), name(folder, h),
                    exec(analyses.get(init)), joining, state, Set.of(), accessor, moduleDef));
        });
        return new Unit(byFile);
    }

    /**
     * A kept type that another kept type of the module names as {@code tp_base} in its initializer
     * would stay for that alone (a static type cannot derive from a heap type): its reason says so
     * too, so that fixing the first reason is not mistaken for enough.
     */
    private void noteStaticSubclasses(Map<String, String> kept, Map<String, Path> definitions,
                                      Map<Path, ModuleAnalysis> analyses, Path folder) {
        for (String sub : new ArrayList<>(kept.keySet())) {
            Path d = definitions.get(sub);
            ModuleAnalysis a = d == null ? null : analyses.computeIfAbsent(d, this::analysis);
            if (a == null) {
                continue;
            }
            for (heapify.model.StaticType t : a.model().types()) {
                String base = t.value("tp_base").replaceAll("\\s+", "");
                if (t.cName().equals(sub) && base.startsWith("&") && kept.containsKey(base.substring(1))
                        && !kept.get(base.substring(1)).contains("'" + sub + "'")) {
                    kept.put(base.substring(1), kept.get(base.substring(1)) + "; and '" + sub + "' ('"
                            + name(folder, d) + "'), which stays static, derives from it");
                }
            }
        }
    }

    /** A base the init sets for other types migrates only with all of them; one that stays may make its own base stay. */
    private static void keepBasesOfKept(Map<String, Path> migrating, Map<String, String> kept,
                                        Map<Path, ModuleAnalysis> analyses, Map<String, Path> initOf) {
        for (boolean changed = true; changed; ) {
            changed = false;
            for (String x : new ArrayList<>(migrating.keySet())) {
                ModuleAnalysis init = analyses.get(initOf.get(x));
                for (String sub : init == null ? List.<String>of() : UnitTypes.subclasses(init, x)) {
                    if (!migrating.containsKey(sub)) {
                        migrating.remove(x);
                        kept.put(x, "the single-phase init file sets it as the base of '" + sub + "', which "
                                + "stays static");
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

    /**
     * The type objects of each C file without PyInit_ that a function of it sets up, called by an
     * init file of the folder (mercurial's manifest.c, whose manifest_module_init parsers.c calls),
     * and not declared extern in a header of the folder: each with why it stays.
     */
    private Map<Path, Map<String, String>> calledTypes(Path folder, Map<Path, String> texts, List<Path> inits,
                                                       Set<String> declared) {
        Map<Path, Map<String, String>> out = new LinkedHashMap<>();
        for (var e : texts.entrySet()) {
            Path f = e.getKey();
            if (!f.getFileName().toString().endsWith(".c") || !f.getParent().equals(folder) || inits.contains(f)
                    || !e.getValue().contains("PyTypeObject")) {
                continue;
            }
            for (MatchResult m : SourceWords.lineMatches(ANY_DEFINITION, e.getValue(), "PyTypeObject")) {
                Caller caller = declared.contains(m.group(1)) ? null : caller(texts, inits, f, m.group(1));
                if (caller != null) {
                    out.computeIfAbsent(f, k -> new LinkedHashMap<>()).put(m.group(1), "set up by "
                            + caller.says(folder) + "; left static: " + setUpBlocker(folder, caller, f));
                }
            }
        }
        return out;
    }

    /**
     * A function with external linkage of a C file without PyInit_ that an init file names:
     * {@code called} when a function of the init file calls it, else it only names it (pillow's
     * _imaging.c, whose method table holds PyImaging_BitDecoderNew).
     */
    private record Caller(String function, Path init, boolean called) {
        String says(Path folder) {
            return "'" + function + "', which " + (called ? "the init of '" + name(folder, init) + "' calls"
                    : "'" + name(folder, init) + "' names");
        }
    }

    /** Whether a function of {@code init} calls {@code function} ({@code function(} in its body). */
    private static boolean calls(Path init, String function) {
        heapify.model.FileModel model = model(init);
        if (model == null) {
            return true; // as before: named is taken for called
        }
        Pattern call = Pattern.compile("\\b" + Pattern.quote(function) + "\\s*\\(");
        String text = model.source().text();
        for (heapify.model.FunctionDef fn : model.functions()) {
            if (!fn.name().equals(function)
                    && call.matcher(text.substring(fn.span().start(), fn.span().end())).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The function of {@code file} with external linkage that an init file names and that sets
     * {@code type} up: the first that readies it ({@code PyType_Ready(&type)}) if any does, else the
     * first that names it, else the first; or null.
     */
    private static Caller caller(Map<Path, String> texts, List<Path> inits, Path file, String type) {
        heapify.model.FileModel model = model(file);
        if (model == null) {
            return null;
        }
        Pattern ready = Pattern.compile("\\bPyType_Ready\\s*\\(\\s*(?:\\(\\s*PyTypeObject\\s*\\*\\s*\\)\\s*)?&\\s*"
                + Pattern.quote(type) + "\\b");
        Caller first = null;
        Caller naming = null;
        Caller readying = null;
        for (heapify.model.FunctionDef fn : model.functions()) {
            for (Path i : inits) {
                if (readying == null && !fn.isStatic() && count(texts.get(i), fn.name()) > 0) {
                    Caller found = new Caller(fn.name(), i, true);
                    String body = model.source().text().substring(fn.span().start(), fn.span().end());
                    readying = ready.matcher(body).find() ? found : null;
                    naming = naming == null && count(body, type) > 0 ? found : naming;
                    first = first == null ? found : first;
                }
            }
        }
        Caller c = readying != null ? readying : naming != null ? naming : first;
        return c == null || calls(c.init(), c.function()) ? c : new Caller(c.function(), c.init(), false);
    }

    /**
     * Why a type that {@code c}'s function sets up in {@code file} stays static: the facts of its
     * module's init file when they share it between interpreters anyway, else what heapify rewrites.
     */
    private String setUpBlocker(Path folder, Caller c, Path file) {
        String shared = hostReasons.computeIfAbsent(c.init(), this::sharedByInterpreters);
        if (!shared.isEmpty()) {
            return "its module " + shared;
        }
        heapify.model.FileModel model = model(file);
        boolean adds = model != null && model.function(c.function()).map(fn -> model.source().text()
                .substring(fn.span().start(), fn.span().end()).contains("PyModule_Add")).orElse(false);
        return "'" + c.function() + "' " + (adds ? "readies it and adds it to the module it is given"
                : "readies it when it is called") + " in '" + name(folder, file) + "', while heapify creates a type "
                + "of another file only where its module's init file adds it";
    }

    /**
     * "stays single-phase with m_size -1 ...": why every interpreter shares the module of
     * {@code init}'s types, whatever they are made of; "" when it does not.
     */
    private String sharedByInterpreters(Path init) {
        ModuleAnalysis a = analysis(init);
        if (a == null || a.init().isEmpty() || a.init().get().multiPhase() || a.def().isEmpty()
                || !a.def().get().value("m_size").equals("-1")) {
            return "";
        }
        var plan = heapify.transform.Migration.plan(a, LocalIncludes.of(init, a.tokens(), includes),
                LocalIncludes.clinicHeaders(init, a.tokens()), options, init);
        for (heapify.source.Diagnostic d : plan.diagnostics()) {
            if (d.severity() == heapify.source.Severity.WARNING && SINGLE_PHASE.contains(d.ruleId())) {
                String f = a.init().get().function().name();
                return "stays single-phase with m_size -1 (rule " + d.ruleId() + " on '" + init.getFileName()
                        + "'), so Python runs '" + f + "' once per process and gives every later interpreter a copy "
                        + "of the module's dict: a type created from a spec there would still be one object that "
                        + "all interpreters share, as this static one is";
            }
        }
        return "";
    }

    /**
     * The C files with a PyInit_ function in the folder above {@code folder} that include
     * {@code header}'s name where no file of that name is beside them (an include path finds it),
     * with their text; empty when there is none, or when the folder above has one of that name.
     */
    private static Map<Path, String> outerInits(Path folder, Path header) {
        Map<Path, String> out = new TreeMap<>();
        Path up = folder.getParent();
        String name = header.getFileName().toString();
        if (up == null || Files.exists(up.resolve(name))) {
            return out;
        }
        try (Stream<Path> s = Files.list(up)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".c") && Files.isRegularFile(p))
                    .map(p -> p.toAbsolutePath().normalize()).sorted().limit(MAX_FILES).toList()) {
                String text = Files.readString(p, StandardCharsets.ISO_8859_1);
                boolean included = false;
                for (Matcher m = SourceWords.LOCAL_INCLUDE.matcher(text); m.find() && !included; ) {
                    included = m.group(1).equals(name);
                }
                // its init read as its migration reads it (zstd.c's PYTHON_ZSTD_VISIBILITY PyMODINIT_FUNC)
                heapify.model.FileModel model = included && text.contains("PyInit_") ? model(p) : null;
                if (model != null && ModuleAnalysis.of(model).init().isPresent()) {
                    out.put(p, text);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    private static String exec(ModuleAnalysis init) {
        return init != null && init.exec().isPresent() ? init.exec().get().name() : "";
    }

    /** Why {@code x}, defined in {@code def} and declared in {@code header}, cannot migrate with its module, or null. */
    private static String blocker(Path folder, Map<Path, String> texts, List<Path> inits, Path def, Path header,
                                  String x, java.util.function.Function<Path, String> foreign,
                                  Map<String, Map<Path, Set<String>>> reach) {
        if (inits.isEmpty()) {
            return "no file of its folder with a PyInit_ function includes '" + name(folder, header) + "'";
        }
        if (inits.size() > 1) {
            return inits.size() + " files of its folder with a PyInit_ function (" + names(folder, inits)
                    + ") include '" + name(folder, header) + "', so heapify does not know which module it belongs to";
        }
        Path init = inits.get(0);
        for (Matcher m = EXPORTED.matcher(texts.get(def)); m.find(); ) {
            if (m.group(1).equals(x)) {
                return "'" + name(folder, def) + "' exports it from the shared object (Py_EXPORTED_SYMBOL), so "
                        + "other extensions may use it";
            }
        }
        List<Path> users = new ArrayList<>();
        for (var e : texts.entrySet()) {
            Path p = e.getKey();
            if (!p.equals(def) && !p.equals(init) && !p.equals(header) && count(e.getValue(), x) > 0) {
                users.add(p);
            }
        }
        // methods of their own migrating types may read it from the state (UnitReach)
        List<Path> unreached = new ArrayList<>();
        for (Path p : users) {
            String struct = clinicReader(texts, def, p, x);
            if (struct != null) {
                // clinic_state() reads it in the parser, regenerated with def (rule clinic-state)
                reach.computeIfAbsent(x, k -> new LinkedHashMap<>()).computeIfAbsent(def,
                        k -> new LinkedHashSet<>()).add(struct);
                continue;
            }
            String why = foreign.apply(p);
            if (why != null && !why.isEmpty()) {
                return why;
            }
            if (why != null) {
                unreached.add(p);
            }
        }
        if (!unreached.isEmpty()) {
            return "other files of the module name it (" + names(folder, unreached) + "), and heapify does not yet "
                    + "reach the module state from them";
        }
        if (count(texts.get(header), x) != 1) {
            return "'" + name(folder, header) + "' names it outside its extern declaration (line "
                    + lastLine(texts.get(header), x) + "), and heapify rewrites only the declaration";
        }
        String own = texts.get(def);
        // its other uses in its own file are checked on the file's plan (definitionBlockers)
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

    /**
     * The instance struct of {@code def}'s clinic class line {@code "&x"} when {@code p} is the
     * {@code clinic/*.c.h} that {@code def} includes and names {@code x} only as {@code &x} or
     * {@code x.tp_new} in {@code __init__} parsers, where {@code self} is in scope: the class line
     * then names {@code clinic_state()->x}, found from {@code self}'s type, and the tree's clinic
     * regenerates the parser (rule clinic-state); else null.
     */
    private static String clinicReader(Map<Path, String> texts, Path def, Path p, String x) {
        if (!p.getParent().getFileName().toString().equals("clinic")
                || !texts.get(def).contains("#include \"clinic/" + p.getFileName() + "\"")) {
            return null;
        }
        Matcher cls = Pattern.compile("(?m)^class[ \\t]+[\\w.]+[ \\t]+\"(\\w+) \\*\"[ \\t]+\"&"
                + Pattern.quote(x) + "\"").matcher(texts.get(def));
        if (!cls.find()) {
            return null;
        }
        String text = texts.get(p);
        for (int i = SourceWords.next(text, x, 0); i >= 0; i = SourceWords.next(text, x, i + 1)) {
            boolean address = i > 0 && text.charAt(i - 1) == '&';
            boolean member = text.startsWith(".tp_new", i + x.length());
            int body = text.lastIndexOf("\n{", i);
            int head = body < 0 ? -1 : text.lastIndexOf('\n', body - 1);
            if (!(address || member) || body < 0
                    || !text.substring(head + 1, body).contains(INIT_PARSER)) {
                return null;
            }
        }
        return cls.group(1);
    }

    /**
     * Null when every use of {@code x} in {@code p}, another C file of the module, can read it from
     * the module's state (recorded in {@code reach}); "" when {@code p} is no such file; else why not.
     */
    private String foreign(Path folder, Path p, String x, Map<String, Map<Path, Set<String>>> reach,
                           Map<Path, ModuleAnalysis> analyses) {
        if (!p.getFileName().toString().endsWith(".c") || !p.getParent().equals(folder)) {
            return "";
        }
        ModuleAnalysis a = analyses.computeIfAbsent(p, this::analysis);
        if (a == null) {
            return "";
        }
        heapify.transform.UnitReach.Reach r = heapify.transform.UnitReach.of(a, x, span -> false);
        if (r.why() != null) {
            return "'" + name(folder, p) + "' " + r.why() + ", where heapify cannot read it from the module state";
        }
        reach.computeIfAbsent(x, k -> new LinkedHashMap<>()).computeIfAbsent(p, k -> new LinkedHashSet<>())
                .addAll(r.structs());
        return null;
    }

    /**
     * The accessor of the module's state from a type that the shared header has
     * ({@code header}'s text) or would get, or "!" and why there is none.
     */
    private static String accessor(Path folder, Map<Path, String> texts, ModuleAnalysis init, String header,
                                   heapify.transform.UnitState state) {
        if (init == null || init.def().isEmpty() || state == null) {
            return "!heapify cannot read the module's state";
        }
        String def = init.def().get().cName();
        Matcher has = Pattern.compile("(?m)^(\\w+)\\(PyTypeObject \\*(\\w+)\\)\\s*\\{[^}]*?"
                + "PyType_GetModuleByDef\\(\\2, &" + Pattern.quote(def) + "\\)").matcher(header);
        if (has.find()) {
            return has.group(1);
        }
        String name = heapify.transform.UnitReach.accessorName(init.def().get().value("m_name").strip()
                .replaceAll("^\"|\"$", ""));
        for (var e : texts.entrySet()) {
            if (count(e.getValue(), name) > 0) {
                return "!a file of the module already names '" + name + "', the accessor heapify would add";
            }
        }
        Matcher extern = Pattern.compile("(?m)^extern[ \\t]+PyModuleDef[ \\t]+" + Pattern.quote(def)
                + "[ \\t]*;").matcher(header);
        Matcher getter = Pattern.compile("(?m)^[ \\t]*#[ \\t]*define[ \\t]+" + Pattern.quote(state.getter())
                + "\\(").matcher(header);
        if (!extern.find() || !getter.find() || extern.start() > getter.start()) {
            return "!the shared header does not declare 'extern PyModuleDef " + def + ";' before '" + state.getter()
                    + "', which the accessor heapify would add after it needs";
        }
        return name;
    }

    private static boolean includes(String text, String name, Path from, Path header) {
        Matcher m = SourceWords.LOCAL_INCLUDE.matcher(text);
        while (m.find()) {
            if (from.getParent().resolve(m.group(1)).normalize().equals(header)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why each of {@code types}, defined in {@code def}, would not convert to an exported spec
     * there: the file planned as its migration will plan it (an initializer heapify cannot read,
     * a condition other than its creation's in exec); {@code tpNames} gets their tp_name.
     */
    private Map<String, String> definitionBlockers(Path def, List<String> types, Map<Path, ModuleAnalysis> inits,
                                                   Map<String, Path> initOf, Path folder, Map<String, String> tpNames,
                                                   Map<String, Map<Path, Set<String>>> reach) {
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
                    List<String> add = UnitTypes.addConditions(inits.get(initOf.get(x)), x);
                    if (!own.equals(add)) {
                        out.put(x, "it is defined under preprocessor conditions " + own + " other than those of "
                                + "its creation in '" + name(folder, initOf.get(x)) + "' " + add);
                    }
                }
            }
        }
        ModuleUnit probe = new ModuleUnit(Set.copyOf(types), Map.of(), Map.of(), "", "", "");
        var plan = heapify.transform.Migration.plan(analysis, LocalIncludes.of(def, analysis.tokens(), includes),
                LocalIncludes.clinicHeaders(def, analysis.tokens()), options, def, probe);
        String text = analysis.model().source().text();
        for (String x : types) {
            int left = uncovered(text, x, plan);
            if (left > 0 && !out.containsKey(x)) {
                // methods of its file's migrating types may read it from the state (UnitReach)
                heapify.transform.UnitReach.Reach r = heapify.transform.UnitReach.of(analysis, x, plan::touches);
                if (r.why() == null) {
                    reach.computeIfAbsent(x, k -> new LinkedHashMap<>()).computeIfAbsent(def,
                            k -> new LinkedHashSet<>()).addAll(r.structs());
                    continue;
                }
                // the use that keeps it, not only the first the plan leaves (a tentative definition goes)
                out.put(x, "'" + name(folder, def) + "' " + r.why() + ", where heapify cannot read it from the "
                        + "module state");
            }
        }
        for (String x : types) {
            boolean converted = plan.hasEdit("type " + x + " to spec");
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

    /**
     * Whether {@link #INIT} finds a match in {@code text}, tried only at the line starts it can
     * start at: before each {@code PyInit_}, after the blanks, or after {@code PyMODINIT_FUNC} and
     * the white space (line breaks too) between the two, and the blanks before that.
     */
    static boolean definesInit(String text) {
        Matcher m = INIT.matcher(text);
        for (int at = text.indexOf("PyInit_"); at >= 0; at = text.indexOf("PyInit_", at + 1)) {
            int blank = at;
            while (blank > 0 && " \t\n\u000b\f\r".indexOf(text.charAt(blank - 1)) >= 0) {
                blank--;
            }
            int macro = blank - "PyMODINIT_FUNC".length();
            if (triedAt(m, text, blanksBefore(text, at))
                    || blank < at && macro >= 0 && text.startsWith("PyMODINIT_FUNC", macro)
                    && triedAt(m, text, blanksBefore(text, macro))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code m}'s pattern matches from {@code start}, a line start as {@code (?m)^} sees one. */
    private static boolean triedAt(Matcher m, String text, int start) {
        if (start > 0) {
            char before = text.charAt(start - 1);
            boolean terminator = before == '\n' || before == '\r' || before == '\u0085' || (before | 1) == '\u2029';
            if (!terminator || before == '\r' && start < text.length() && text.charAt(start) == '\n') {
                return false;
            }
        }
        m.region(start, text.length());
        return m.lookingAt();
    }

    /** The start of the spaces and tabs that end right before {@code at}. */
    private static int blanksBefore(String text, int at) {
        int i = at;
        while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
            i--;
        }
        return i;
    }

    /** How often {@code name} appears in {@code text} as a word. */
    private static int count(String text, String name) {
        int n = 0;
        for (int i = SourceWords.next(text, name, 0); i >= 0; i = SourceWords.next(text, name, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * The line of the first word {@code name} in {@code text} that no edit of {@code plan}
     * rewrites, outside clinic class lines (whose output must not name it); 0 when there is none.
     */
    private static int uncovered(String text, String name, heapify.transform.MigrationPlan plan) {
        for (int i = SourceWords.next(text, name, 0); i >= 0; i = SourceWords.next(text, name, i + 1)) {
            int start = text.lastIndexOf('\n', i) + 1;
            int end = text.indexOf('\n', i);
            String line = text.substring(start, end < 0 ? text.length() : end);
            if (!plan.touches(new heapify.source.Span(i, i + name.length())) && !CLINIC_CLASS.matcher(line).find()) {
                return 1 + (int) text.substring(0, i).chars().filter(c -> c == '\n').count();
            }
        }
        return 0;
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
        for (int i = SourceWords.next(text, name, 0); i >= 0; i = SourceWords.next(text, name, i + 1)) {
            at = i;
        }
        return 1 + (int) text.substring(0, Math.max(at, 0)).chars().filter(c -> c == '\n').count();
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
