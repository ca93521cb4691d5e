package dev.dmreplay.replay.observe;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How much of the observation stream a run records ({@code --observe}). Observing costs time in proportion to
 * what is recorded: most observations are per bio (a top-level SUBMIT and COMPLETE, a REMAP, SPLIT, DISPATCH and
 * leaf COMPLETE per clone), while pool, sleep and rescue observations are what a memory-deadlock study reads.
 * The kernel builds an observation only for the kinds its level {@link #records records}; a run directory says
 * its level (the observation file's footer key {@link #FOOTER_KEY}, the summary's {@code observe} field), absent
 * meaning {@link #ALL}, so files written before levels existed read as complete.
 */
public enum ObserveLevel {
    /** Every observation (the default; byte-identical to runs made before levels existed). */
    ALL(EnumSet.allOf(ObservationKind.class), "", ""),
    /**
     * Mempool and bioset use (ALLOC, ALLOC_FAIL, FREE), sleeps and waits (WAIT_BEGIN, WAIT_END, TIMEOUT, STALL,
     * LOCK_ACQUIRE), rescues (PUNT, OFFLOAD, RESCUE) and DEADLOCK; not the per-bio SUBMIT, COMPLETE, REMAP, SPLIT,
     * DISPATCH and ORDER. Pool occupancy stays exact (every ALLOC has its FREE), stalls and deadlock chains stay;
     * top-level latency and live clones need the per-bio kinds and are not recorded.
     */
    POOLS(EnumSet.of(ObservationKind.ALLOC, ObservationKind.ALLOC_FAIL, ObservationKind.FREE,
            ObservationKind.WAIT_BEGIN, ObservationKind.WAIT_END, ObservationKind.TIMEOUT, ObservationKind.STALL,
            ObservationKind.LOCK_ACQUIRE, ObservationKind.PUNT, ObservationKind.OFFLOAD, ObservationKind.RESCUE,
            ObservationKind.DEADLOCK),
            "top-level bio latency (SUBMIT, COMPLETE), live clones (REMAP, SPLIT), leaf dispatches (DISPATCH) and "
                    + "out-of-order issues (ORDER)",
            "the run's outcome, mean and max latency, pool and bioset totals are in summary.json"),
    /** No observations: the run directory holds the summary alone. */
    SUMMARY(EnumSet.noneOf(ObservationKind.class), "every observation (pool occupancy over time, sleeps, rescues, "
            + "stalls, top-level latency distribution, live clones)",
            "the run's outcome, mean and max latency, pool and bioset totals are in summary.json");

    /** Footer key of the observation file naming a level below {@link #ALL} (absent: all). */
    public static final String FOOTER_KEY = "dmreplay.observe.level";

    private final EnumSet<ObservationKind> kinds;
    private final String missing;
    private final String instead;

    ObserveLevel(EnumSet<ObservationKind> kinds, String missing, String instead) {
        this.kinds = kinds;
        this.missing = missing;
        this.instead = instead;
    }

    /** Whether observations of {@code kind} are recorded at this level. */
    public boolean records(ObservationKind kind) {
        return kinds.contains(kind);
    }

    /** The kinds recorded, in declaration order. */
    public Set<ObservationKind> kinds() {
        return EnumSet.copyOf(kinds);
    }

    /** The option's spelling: {@code all}, {@code pools}, {@code summary}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * What a run at this level lacks, and where to look instead, as one sentence for analysis output; empty for
     * {@link #ALL}.
     */
    public String notRecorded() {
        if (this == ALL) {
            return "";
        }
        return "observations not recorded at level " + label() + " (replayed with --observe " + label() + "): "
                + missing + "; " + instead;
    }

    /** The level {@code text} names ({@code all}, {@code pools}, {@code summary}, any case). */
    public static ObserveLevel parse(String text) {
        for (ObserveLevel l : values()) {
            if (l.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return l;
            }
        }
        throw new IllegalArgumentException("expected all, pools or summary, not '" + text + "'");
    }

    /** The level an observation file's footer names; {@link #ALL} without the key. */
    public static ObserveLevel ofFooter(Map<String, String> footer) {
        String v = footer.get(FOOTER_KEY);
        return v == null ? ALL : parse(v);
    }

    /** The footer entries of this level: none for {@link #ALL} (so its files stay as they were). */
    public Map<String, String> footer() {
        return this == ALL ? Map.of() : Map.of(FOOTER_KEY, label());
    }
}
