package heapify.cli;

import heapify.analysis.ScanDiagnostic;
import heapify.analysis.ScanFileReport;
import heapify.analysis.ScanReport;
import heapify.source.Diagnostic;
import heapify.source.IoReason;
import heapify.source.LineMap;
import heapify.source.SafeText;
import heapify.source.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * The {@code --sarif FILE} option of {@code scan} and {@code migrate}: every diagnostic of the run
 * also goes, as a result of a SARIF 2.1.0 log (OASIS), to FILE. One run, tool driver heapify with
 * one rule per rule id seen, its help a relative URI to {@code docs/rules/<id>.md}; a result has the
 * rule id, the level (error, warning or note, the diagnostic's severity), the message, and the file
 * as a relative URI with line and column (1-based, the column in UTF-16 units as gcc's diagnostics
 * count) when the diagnostic has a position. Code scanning services (GitHub's among them) read it.
 */
public final class SarifOptions {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    @Option(names = "--sarif", paramLabel = "FILE", description = "also write the diagnostics as a SARIF 2.1.0 log to FILE")
    Path file;

    private final List<Map<String, Object>> results = new ArrayList<>();
    private final TreeSet<String> rules = new TreeSet<>();

    /** One diagnostic of {@code migrate}; {@code lines} maps its span, null when the file was not read. */
    synchronized void add(Diagnostic d, LineMap lines) {
        if (file == null) {
            return;
        }
        boolean at = d.hasPosition() && lines != null;
        add(d.severity(), d.ruleId(), MigrateCommand.display(d.file()), at ? lines.line(d.span().start()) : 0,
                at ? lines.column(d.span().start()) : 0, d.message());
    }

    /** A file's diagnostics from {@code migrate}, positions mapped through its text. */
    synchronized void add(List<Diagnostic> diagnostics, String text) {
        if (file != null && !diagnostics.isEmpty()) {
            LineMap lines = new LineMap(text);
            diagnostics.forEach(d -> add(d, lines));
        }
    }

    /** Every diagnostic of a scan. */
    synchronized void add(ScanReport report) {
        if (file == null) {
            return;
        }
        for (ScanFileReport f : report.files()) {
            for (ScanDiagnostic d : f.diagnostics()) {
                add(d.severity(), d.ruleId(), f.file().toString(), d.position().line(), d.position().column(), d.message());
            }
        }
    }

    /**
     * A message of the command itself, not of a file's migration or scan (a missing or unreadable
     * path, a refused or failed write, a build check's verdict); {@code line} 0 when it has no position.
     */
    synchronized void command(Severity severity, String ruleId, String path, int line, int column, String message) {
        if (file != null) {
            add(severity, ruleId, path, line, column, message);
        }
    }

    private void add(Severity severity, String ruleId, String path, int line, int column, String message) {
        rules.add(ruleId);
        Map<String, Object> physical = new LinkedHashMap<>();
        physical.put("artifactLocation", Map.of("uri", uri(path)));
        if (line > 0) {
            Map<String, Object> region = new LinkedHashMap<>();
            region.put("startLine", line);
            region.put("startColumn", Math.max(1, column));
            physical.put("region", region);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ruleId", ruleId);
        result.put("level", severity.label());
        result.put("message", Map.of("text", message));
        result.put("locations", List.of(Map.of("physicalLocation", physical)));
        results.add(result);
    }

    /** The log as JSON text. */
    synchronized String document() {
        List<Map<String, Object>> ruleList = new ArrayList<>();
        for (String id : rules) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", id);
            rule.put("shortDescription", Map.of("text", id.replace('-', ' ')));
            rule.put("helpUri", "docs/rules/" + id + ".md");
            ruleList.add(rule);
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "heapify");
        driver.put("version", VersionProvider.VERSION.replaceFirst("^heapify ", ""));
        driver.put("informationUri", "docs/rules/README.md");
        driver.put("rules", ruleList);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("results", List.copyOf(results));
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("version", "2.1.0");
        log.put("$schema", SCHEMA);
        log.put("runs", List.of(run));
        return JsonWriter.write(log);
    }

    /**
     * Writes the log when {@code --sarif} was given; false, after one diagnostic on {@code err},
     * when it could not be written (an I/O error: exit 2).
     */
    boolean write(PrintWriter err) {
        if (file == null) {
            return true;
        }
        try {
            Files.writeString(file, document(), StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            err.println(SafeText.of("heapify: error: cannot write '" + file + "': " + IoReason.of(e, file)
                    + " [unwritable-file]"));
            return false;
        }
    }

    /** A path as a relative (or, for an absolute path, file:) URI reference, '/'-separated and escaped. */
    static String uri(String path) {
        try {
            String p = path.replace('\\', '/');
            return p.startsWith("/") ? new URI("file", "", p, null).toASCIIString()
                    : new URI(null, null, p, null).toASCIIString();
        } catch (URISyntaxException e) {
            return path;
        }
    }
}
