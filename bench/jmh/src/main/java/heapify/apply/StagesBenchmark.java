package heapify.apply;

import heapify.analysis.IncludedState;
import heapify.analysis.ModuleAnalysis;
import heapify.lex.Lexing;
import heapify.lex.TokenList;
import heapify.model.FileModel;
import heapify.model.FileModelBuilder;
import heapify.parse.IslandParser;
import heapify.parse.ParsedFile;
import heapify.render.Renderer;
import heapify.render.TextStyle;
import heapify.source.SourceReader;
import heapify.source.SourceText;
import heapify.transform.Fragment;
import heapify.transform.Migration;
import heapify.transform.MigrationPlan;
import heapify.transform.Options;
import heapify.transform.PlannedEdit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * heapify's pipeline stage by stage over one tree (by default CPython 3.11.2's Modules/, the modules
 * {@code migrate} would take: .c files that mention PyInit_ or PyTypeObject), one operation = the
 * stage over every file of the tree, its input made by the stages before it in the setup. In
 * package {@code heapify.apply} to reach {@link LocalIncludes}. bench/jmh/run runs it with
 * {@code -prof gc} and prints ms, MB/s, files/s and bytes allocated per stage.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StagesBenchmark {
    /** The tree; empty: {@code ~/.cache/heapify/cpython/Python-3.11.2/Modules}. */
    @Param("")
    public String tree;

    private final Options options = Options.DEFAULT;
    private final Renderer renderer = new Renderer();
    private final List<SourceText> sources = new ArrayList<>();
    private final List<TokenList> tokens = new ArrayList<>();
    private final List<ParsedFile> parsed = new ArrayList<>();
    private final List<FileModel> models = new ArrayList<>();
    private final List<ModuleAnalysis> analyses = new ArrayList<>();
    private final List<List<IncludedState>> includes = new ArrayList<>();
    private final List<MigrationPlan> plans = new ArrayList<>();
    private final List<List<Edit>> rendered = new ArrayList<>();

    @Setup
    public void setup() throws IOException {
        Path dir = tree.isEmpty()
                ? Path.of(System.getProperty("user.home"), ".cache/heapify/cpython/Python-3.11.2/Modules") : Path.of(tree);
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".c") && Files.isRegularFile(p)).sorted().toList();
        }
        long bytes = 0;
        for (Path p : files) {
            String head = Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1);
            if ((head.contains("PyInit_") || head.contains("PyTypeObject"))
                    && SourceReader.read(p) instanceof SourceReader.Read r) {
                sources.add(r.source());
                bytes += Files.size(p);
            }
        }
        LocalIncludes.Cache cache = new LocalIncludes.Cache();
        for (SourceText s : sources) {
            TokenList t = Lexing.lex(s);
            ParsedFile pf = IslandParser.parse(t);
            tokens.add(t);
            if (!pf.parsed()) {
                continue;
            }
            parsed.add(pf);
            FileModel m = FileModelBuilder.build(pf);
            models.add(m);
            ModuleAnalysis a = ModuleAnalysis.of(m);
            analyses.add(a);
            List<IncludedState> inc = LocalIncludes.of(s.path(), t, cache);
            includes.add(inc);
            MigrationPlan plan = Migration.plan(a, inc, options, s.path());
            plans.add(plan);
            rendered.add(render(plan, TextStyle.of(s.text())));
        }
        System.out.println();
        System.out.println("tree " + dir + ": " + sources.size() + " files, " + bytes + " bytes, "
                + parsed.size() + " parsed");
        try {
            Files.writeString(Path.of(System.getProperty("heapify.bench.facts", "target/jmh-facts.txt")),
                    sources.size() + " " + bytes + "\n");
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot write the tree's size: " + e, e));
        }
    }

    private List<Edit> render(MigrationPlan plan, TextStyle style) {
        List<Edit> out = new ArrayList<>();
        for (PlannedEdit e : plan.edits()) {
            StringBuilder text = new StringBuilder();
            for (Fragment f : e.parts()) {
                text.append(renderer.render(f, style));
            }
            out.add(new Edit(e.span(), text.toString(), e.reason()));
        }
        return out;
    }

    @Benchmark
    public void lex(Blackhole bh) {
        for (SourceText s : sources) {
            bh.consume(Lexing.lex(s));
        }
    }

    @Benchmark
    public void parse(Blackhole bh) {
        for (TokenList t : tokens) {
            bh.consume(IslandParser.parse(t));
        }
    }

    @Benchmark
    public void model(Blackhole bh) {
        for (ParsedFile p : parsed) {
            bh.consume(FileModelBuilder.build(p));
        }
    }

    @Benchmark
    public void analysis(Blackhole bh) {
        for (FileModel m : models) {
            bh.consume(ModuleAnalysis.of(m));
        }
    }

    /** The included headers read, lexed and parsed (once per header, as in one run). */
    @Benchmark
    public void includes(Blackhole bh) {
        LocalIncludes.Cache cache = new LocalIncludes.Cache();
        for (int i = 0; i < parsed.size(); i++) {
            bh.consume(LocalIncludes.of(parsed.get(i).tokens().source().path(), parsed.get(i).tokens(), cache));
        }
    }

    @Benchmark
    public void plan(Blackhole bh) {
        for (int i = 0; i < analyses.size(); i++) {
            bh.consume(Migration.plan(analyses.get(i), includes.get(i), options,
                    parsed.get(i).tokens().source().path()));
        }
    }

    @Benchmark
    public void render(Blackhole bh) {
        for (int i = 0; i < plans.size(); i++) {
            bh.consume(render(plans.get(i), TextStyle.of(parsed.get(i).tokens().source().text())));
        }
    }

    /** The edits applied and the unified diff made. */
    @Benchmark
    public void applyDiff(Blackhole bh) {
        for (int i = 0; i < rendered.size(); i++) {
            String before = parsed.get(i).tokens().source().text();
            EditSet set = new EditSet();
            rendered.get(i).forEach(set::add);
            String after = FileMigrator.keepMissingFinalNewline(before, set.apply(before));
            bh.consume(UnifiedDiff.of("x.c", before, after, set.sorted()));
        }
    }

    /** Everything migrate does per file (FileMigrator), reading aside. */
    @Benchmark
    public void migrate(Blackhole bh) {
        FileMigrator m = new FileMigrator(renderer, options);
        for (SourceText s : sources) {
            bh.consume(m.migrate(s, s.path().toString()));
        }
    }
}
