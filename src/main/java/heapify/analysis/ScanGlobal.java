package heapify.analysis;

import heapify.model.GlobalCategory;

/**
 * A variable with static storage: {@code function} is "" at file level, else the function whose
 * {@code static} local it is; {@code type} is the declared type text.
 */
public record ScanGlobal(String name, String function, GlobalCategory category, String type, boolean isStatic,
                         ScanPosition position) {
}
