package heapify.apply;

import heapify.render.Renderer;
import heapify.source.SourceReader;
import heapify.transform.Options;
import java.nio.file.Files;
import java.nio.file.Path;

/** Throwaway: migrate every .c with PyInit_ under a folder into an output folder; print diagnostics. */
public final class TryAll {
    public static void main(String[] a) throws Exception {
        Path in = Path.of(a[0]);
        Path out = Path.of(a[1]);
        var m = new FileMigrator(Renderer.forWorkingTree(), new Options(11));
        try (var s = Files.walk(in)) {
            for (Path p : (Iterable<Path>) s.filter(x -> x.toString().endsWith(".c")).sorted()::iterator) {
                String t = Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (!t.contains("PyInit_")) continue;
                var src = ((SourceReader.Read) SourceReader.read(p)).source();
                long t0 = System.nanoTime();
                var r = m.migrate(src, in.relativize(p).toString());
                r.formattedDiagnostics().forEach(System.out::println);
                System.out.println("## " + in.relativize(p) + " changed=" + r.changed() + " ms=" + (System.nanoTime() - t0) / 1000000);
                Path o = out.resolve(in.relativize(p));
                Files.createDirectories(o.getParent());
                Files.write(o, src.encode(r.output()));
            }
        }
    }
}
