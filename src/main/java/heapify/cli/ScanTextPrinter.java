package heapify.cli;

import heapify.analysis.ScanBlocker;
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
import java.util.List;
import java.util.Map;

/**
 * Prints a {@link ScanReport} for people: one block per file (positions as {@code file:line:col}
 * so editors can jump to them), then the summary.
 */
public final class ScanTextPrinter {
    private ScanTextPrinter() {
    }

    public static void print(ScanReport report, PrintWriter out) {
        for (ScanFileReport f : report.files()) {
            file(f, out);
        }
        summary(report.summary(), out);
    }

    private static void file(ScanFileReport f, PrintWriter out) {
        String path = f.file().toString();
        if (!f.read()) {
            out.println(path + ": not scanned (see diagnostics)");
            return;
        }
        boolean empty = f.types().isEmpty() && f.subTables().isEmpty() && f.globals().isEmpty()
                && f.inits().isEmpty() && f.specTypes().isEmpty() && f.blockers().isEmpty();
        out.println(path + (empty ? ": nothing static" : ":"));
        for (ScanInit i : f.inits()) {
            out.println("  init " + at(path, i.position()) + " PyInit_" + i.module() + ": " + i.style());
        }
        for (ScanType t : f.types()) {
            List<String> facts = new ArrayList<>();
            facts.add(t.storage().isEmpty() ? "extern" : t.storage());
            if (t.gc()) {
                facts.add("gc");
            }
            if (!t.base().isEmpty()) {
                facts.add("base " + t.base());
            }
            if (!t.tpNew().isEmpty()) {
                facts.add("tp_new " + t.tpNew());
            }
            if (!t.dictOffset().isEmpty()) {
                facts.add("tp_dictoffset " + t.dictOffset());
            }
            if (!t.weaklistOffset().isEmpty()) {
                facts.add("tp_weaklistoffset " + t.weaklistOffset());
            }
            if (t.hasCustomMetatype()) {
                facts.add("metatype " + t.metatype());
            }
            out.println("  type " + at(path, t.position()) + " " + t.cName() + " "
                    + (t.tpName().isEmpty() ? "(no tp_name)" : t.tpName()) + ": " + String.join(", ", facts));
            out.println("    fields: " + String.join(" ", t.fieldsSet()));
        }
        if (!f.forwardTypes().isEmpty()) {
            out.println("  forward declarations: " + String.join(" ", f.forwardTypes()));
        }
        for (ScanSubTable s : f.subTables()) {
            out.println("  sub-table " + at(path, s.position()) + " " + s.cName() + " (" + s.cType() + "): "
                    + String.join(" ", s.fieldsSet()));
        }
        for (ScanSpecType s : f.specTypes()) {
            out.println("  spec " + at(path, s.position()) + " " + s.cName() + " " + s.name());
        }
        for (ScanGlobal g : f.globals()) {
            out.println("  global " + at(path, g.position()) + " " + g.category().label() + " "
                    + (g.function().isEmpty() ? "" : g.function() + "::") + g.name() + " (" + g.type() + ")");
        }
        for (ScanBlocker b : f.blockers()) {
            out.println("  blocker " + at(path, b.position()) + " " + b.message() + " [" + b.ruleId() + "]");
        }
    }

    private static String at(String path, ScanPosition p) {
        return p.isKnown() ? path + ":" + p.line() + ":" + p.column() : path;
    }

    private static void summary(ScanSummary s, PrintWriter out) {
        out.println("summary: " + s.files() + " files (" + s.filesWithErrors() + " with errors), " + s.types()
                + " types (" + s.staticTypes() + " static, " + s.gcTypes() + " gc, " + s.typesWithoutBlockers()
                + " without blockers), " + s.subTables() + " sub-tables, " + s.specTypes() + " spec types, "
                + s.singlePhaseInits() + " single-phase and " + s.multiPhaseInits() + " multi-phase inits");
        StringBuilder g = new StringBuilder("  globals:");
        for (GlobalCategory c : GlobalCategory.values()) {
            g.append(' ').append(c.label()).append(' ').append(s.globalsByCategory().get(c));
        }
        out.println(g);
        StringBuilder b = new StringBuilder("  blockers:");
        if (s.blockersByRule().isEmpty()) {
            b.append(" none");
        }
        for (Map.Entry<String, Integer> e : s.blockersByRule().entrySet()) {
            b.append(' ').append(e.getKey()).append(' ').append(e.getValue());
        }
        out.println(b);
    }
}
