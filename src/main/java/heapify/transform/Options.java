package heapify.transform;

/**
 * What a migration aims at: {@code targetMinor} is the oldest CPython 3.x the output supports;
 * {@code qualifyDotlessNames}: a type named without a dot gets its module's name (rule
 * type-name-without-dot), a {@code __module__} change the user asked for.
 */
public record Options(int targetMinor, boolean qualifyDotlessNames) {
    public static final int OLDEST = 9;
    public static final int NEWEST = 14;
    public static final Options DEFAULT = new Options(11);

    public Options(int targetMinor) {
        this(targetMinor, false);
    }

    public Options {
        if (targetMinor < OLDEST || targetMinor > NEWEST) {
            throw new IllegalArgumentException("target 3." + targetMinor + " is not in 3.9..3.14");
        }
    }

    /** True when the output must also build for CPython older than 3.{@code minor}. */
    public boolean below(int minor) {
        return targetMinor < minor;
    }
}
