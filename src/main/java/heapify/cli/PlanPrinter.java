package heapify.cli;

import heapify.apply.PlanSummary;
import java.io.PrintWriter;
import java.util.List;

/** Prints {@code scan --plan}'s section: migrate's decisions, one block per module file. */
final class PlanPrinter {
    private PlanPrinter() {
    }

    static void print(List<PlanSummary> plans, PrintWriter out) {
        for (PlanSummary p : plans) {
            out.println("plan " + p.file() + ":");
            for (PlanSummary.Entry e : p.types()) {
                out.println("  " + (e.migrates() ? "heap type  " : "stays      ") + e.cName() + " (line " + e.line() + ")");
            }
            out.println("  init       " + p.init());
            out.println("  isolation  " + p.isolation());
            for (String f : p.findings()) {
                out.println("  " + f);
            }
        }
    }
}
