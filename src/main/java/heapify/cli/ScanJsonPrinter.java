package heapify.cli;

import heapify.analysis.ScanBlocker;
import heapify.analysis.ScanDiagnostic;
import heapify.analysis.ScanFileReport;
import heapify.analysis.ScanGlobal;
import heapify.analysis.ScanInit;
import heapify.analysis.ScanPosition;
import heapify.analysis.ScanReport;
import heapify.analysis.ScanSpecType;
import heapify.analysis.ScanSubTable;
import heapify.analysis.ScanSummary;
import heapify.analysis.ScanType;
import heapify.model.GlobalCategory;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a {@link ScanReport} as the JSON document of {@code docs/scan-json.md} (schema
 * {@value #SCHEMA}). Keys come in a fixed order; absent values are {@code null}, never omitted.
 */
public final class ScanJsonPrinter {
    /** Bumped on any incompatible change of the document. */
    public static final String SCHEMA = "heapify-scan/1";

    private ScanJsonPrinter() {
    }

    public static void print(ScanReport report, PrintWriter out) {
        print(report, List.of(), out);
    }

    /** With {@code plans} (scan --plan) the document gets a {@code "plans"} array, else it has none. */
    public static void print(ScanReport report, List<heapify.apply.PlanSummary> plans, PrintWriter out) {
        Map<String, Object> doc = document(report);
        if (!plans.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (heapify.apply.PlanSummary p : plans) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", p.file());
                List<Object> types = new ArrayList<>();
                for (heapify.apply.PlanSummary.Entry e : p.types()) {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("name", e.cName());
                    t.put("line", e.line());
                    t.put("migrates", e.migrates());
                    types.add(t);
                }
                m.put("types", types);
                m.put("init", p.init());
                m.put("isolation", p.isolation());
                m.put("alsoChanged", new ArrayList<Object>(p.alsoChanged()));
                m.put("findings", new ArrayList<Object>(p.findings()));
                list.add(m);
            }
            doc.put("plans", list);
        }
        out.print(JsonWriter.write(doc));
    }

    static Map<String, Object> document(ScanReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        List<Object> files = new ArrayList<>();
        for (ScanFileReport f : report.files()) {
            files.add(file(f));
        }
        doc.put("files", files);
        doc.put("summary", summary(report.summary()));
        return doc;
    }

    private static Map<String, Object> file(ScanFileReport f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", f.file().toString());
        m.put("read", f.read());
        List<Object> inits = new ArrayList<>();
        for (ScanInit i : f.inits()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("module", i.module());
            o.put("style", i.style());
            position(o, i.position());
            inits.add(o);
        }
        m.put("inits", inits);
        List<Object> types = new ArrayList<>();
        for (ScanType t : f.types()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("cName", t.cName());
            o.put("tpName", orNull(t.tpName()));
            position(o, t.position());
            o.put("storage", t.storage().isEmpty() ? "extern" : t.storage());
            o.put("designated", t.designated());
            o.put("metatype", orNull(t.metatype()));
            o.put("fieldsSet", t.fieldsSet());
            o.put("base", orNull(t.base()));
            o.put("gc", t.gc());
            o.put("tpNew", orNull(t.tpNew()));
            o.put("dictOffset", orNull(t.dictOffset()));
            o.put("weaklistOffset", orNull(t.weaklistOffset()));
            o.put("blockers", t.blockers().stream().map(ScanBlocker::ruleId).distinct().toList());
            types.add(o);
        }
        m.put("types", types);
        m.put("forwardDeclarations", f.forwardTypes());
        List<Object> subs = new ArrayList<>();
        for (ScanSubTable s : f.subTables()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("cName", s.cName());
            o.put("cType", s.cType());
            position(o, s.position());
            o.put("fieldsSet", s.fieldsSet());
            o.put("problems", s.problems());
            subs.add(o);
        }
        m.put("subTables", subs);
        List<Object> specs = new ArrayList<>();
        for (ScanSpecType s : f.specTypes()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("cName", s.cName());
            o.put("name", orNull(s.name()));
            position(o, s.position());
            specs.add(o);
        }
        m.put("specTypes", specs);
        List<Object> globals = new ArrayList<>();
        for (ScanGlobal g : f.globals()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", g.name());
            o.put("function", orNull(g.function()));
            o.put("category", g.category().label());
            o.put("type", g.type());
            o.put("static", g.isStatic());
            position(o, g.position());
            globals.add(o);
        }
        m.put("globals", globals);
        List<Object> blockers = new ArrayList<>();
        for (ScanBlocker b : f.blockers()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("rule", b.ruleId());
            o.put("subject", orNull(b.subject()));
            position(o, b.position());
            o.put("message", b.message());
            blockers.add(o);
        }
        m.put("blockers", blockers);
        List<Object> diags = new ArrayList<>();
        for (ScanDiagnostic d : f.diagnostics()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("severity", d.severity().label());
            o.put("rule", d.ruleId());
            position(o, d.position());
            o.put("message", d.message());
            diags.add(o);
        }
        m.put("diagnostics", diags);
        return m;
    }

    private static Map<String, Object> summary(ScanSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", s.files());
        m.put("filesWithErrors", s.filesWithErrors());
        m.put("types", s.types());
        m.put("staticTypes", s.staticTypes());
        m.put("gcTypes", s.gcTypes());
        m.put("typesWithoutBlockers", s.typesWithoutBlockers());
        m.put("subTables", s.subTables());
        m.put("specTypes", s.specTypes());
        m.put("singlePhaseInits", s.singlePhaseInits());
        m.put("multiPhaseInits", s.multiPhaseInits());
        Map<String, Object> g = new LinkedHashMap<>();
        for (GlobalCategory c : GlobalCategory.values()) {
            g.put(c.label(), s.globalsByCategory().get(c));
        }
        m.put("globals", g);
        m.put("blockers", new LinkedHashMap<String, Object>(s.blockersByRule()));
        return m;
    }

    private static void position(Map<String, Object> o, ScanPosition p) {
        o.put("line", p.isKnown() ? p.line() : null);
        o.put("column", p.isKnown() ? p.column() : null);
    }

    private static String orNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
