package heapify.analysis;

import heapify.model.GlobalCategory;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Totals over all scanned files. {@code globalsByCategory} has every category (zero when none);
 * {@code blockersByRule} is sorted by rule id.
 */
public record ScanSummary(int files, int filesWithErrors, int types, int staticTypes, int gcTypes,
                          int typesWithoutBlockers, int subTables, int specTypes, int singlePhaseInits,
                          int multiPhaseInits, Map<GlobalCategory, Integer> globalsByCategory,
                          Map<String, Integer> blockersByRule) {
    public ScanSummary {
        globalsByCategory = java.util.Collections.unmodifiableMap(new EnumMap<>(globalsByCategory));
        blockersByRule = java.util.Collections.unmodifiableMap(new TreeMap<>(blockersByRule));
    }

    public int globals() {
        return globalsByCategory.values().stream().mapToInt(Integer::intValue).sum();
    }

    public static ScanSummary of(java.util.List<ScanFileReport> files) {
        int errors = 0, types = 0, statics = 0, gc = 0, clean = 0, subs = 0, specs = 0, single = 0, multi = 0;
        Map<GlobalCategory, Integer> globals = new EnumMap<>(GlobalCategory.class);
        for (GlobalCategory c : GlobalCategory.values()) {
            globals.put(c, 0);
        }
        Map<String, Integer> blockers = new TreeMap<>();
        for (ScanFileReport f : files) {
            errors += f.hasErrors() ? 1 : 0;
            for (ScanType t : f.types()) {
                types++;
                statics += t.isStatic() ? 1 : 0;
                gc += t.gc() ? 1 : 0;
                clean += t.blockers().isEmpty() ? 1 : 0;
            }
            subs += f.subTables().size();
            specs += f.specTypes().size();
            for (ScanInit i : f.inits()) {
                if (i.multiPhase()) {
                    multi++;
                } else {
                    single++;
                }
            }
            for (ScanGlobal g : f.globals()) {
                globals.merge(g.category(), 1, Integer::sum);
            }
            for (ScanBlocker b : f.blockers()) {
                blockers.merge(b.ruleId(), 1, Integer::sum);
            }
        }
        return new ScanSummary(files.size(), errors, types, statics, gc, clean, subs, specs, single, multi,
                globals, blockers);
    }
}
