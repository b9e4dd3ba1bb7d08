package heapify.apply;

import heapify.render.Renderer;
import heapify.source.SourceReader;
import heapify.transform.Options;
import java.nio.file.Files;
import java.nio.file.Path;

/** Throwaway driver for manual runs: TryMain target in out. */
public final class TryMain {
    public static void main(String[] a) throws Exception {
        int target = Integer.parseInt(a[0]);
        Path in = Path.of(a[1]);
        var src = ((SourceReader.Read) SourceReader.read(in)).source();
        var r = new FileMigrator(Renderer.forWorkingTree(), new Options(target)).migrate(src, in.getFileName().toString());
        r.formattedDiagnostics().forEach(System.err::println);
        Files.writeString(Path.of(a[2]), r.output(), src.charset());
    }
}
