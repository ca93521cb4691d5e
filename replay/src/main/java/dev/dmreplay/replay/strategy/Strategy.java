package dev.dmreplay.replay.strategy;

import java.util.List;
import java.util.Locale;

/**
 * The rescue strategies of docs/kernel-model.md §8.1 as presets over {@link Knobs}: each is a base (the previous
 * era it builds on, or {@link Knobs#BASE}) plus the knobs it changes, so a preset says exactly what differs.
 */
public enum Strategy {
    /** No rescuer (pre-2012): V1 FIFO, G0 all pieces in one call, no rescuers ({@link Knobs#BASE}). */
    BARE("no rescuer (pre-2012)", null),
    /** Per-bioset rescuer (Kent 2012, commit df2cb6daa4cb, v3.7 to v4.10). */
    RESC("per-bioset rescuer (v3.7-v4.10)", BARE, "dmBiosetRescuer=PER_BIOSET"),
    /** dm_offload (v4.11–v4.15): V2 ordering, rescuers, plug callback around map(). */
    OFFL("dm_offload (v4.11-v4.15)", RESC, "gmrOrdering=V2_LOWER_FIRST", "dmGen=G1_OFFLOAD",
            "offload=DM_OFFLOAD_ON_FIRST_SLEEP_IN_MAP", "offloadTrigger=SLEEP"),
    /** Depth-first only (v4.16 final): no bioset rescuer for DM, dm_io in io_bs's front pad. */
    DF("depth-first (v4.16)", BARE, "gmrOrdering=V2_LOWER_FIRST", "dmGen=G2_DEPTH_FIRST_CLONE_REMAINDER",
            "dmIoStorage=IO_BS_FRONT_PAD", "multiTioAlloc=ALLOC_MULTIPLE_MUTEX"),
    /** NeilBrown's md->rescued (dm-4.16 branch, unmerged): DF plus the rescued list. */
    NEIL("md->rescued (dm-4.16 branch, unmerged)", DF, "offload=MD_RESCUED"),
    /** Per-device helper threads (Mikulas's proposal, unmerged): DF plus helpers. */
    HELP("per-device helpers (proposal, unmerged)", DF, "offload=PER_DEVICE_HELPER"),
    /** md-raid style master-bio splitting: DM G3 ({@code bio_split} head + {@code bio_chain} + resubmit). */
    MDSP("bio_split head (md-raid style, DM G3)", DF, "dmGen=G3_SPLIT_HEAD", "snapshotLocking=BUCKET"),
    /** Modern DM (≈v5.15): the G3 knobs, named for what a current kernel does. */
    MODERN("modern DM (G3, ~v5.15)", MDSP);

    public final String title;
    public final Knobs knobs;
    /** The preset this one builds on (null: {@link Knobs#BASE}). */
    public final Strategy base;

    Strategy(String title, Strategy base, String... differences) {
        this.title = title;
        this.base = base;
        this.knobs = (base == null ? Knobs.BASE : base.knobs).withAll(List.of(differences));
    }

    /** The knobs this preset changes relative to {@link Knobs#BASE}, as {@code name=value}. */
    public List<String> differences() {
        return knobs.differencesFrom(Knobs.BASE);
    }

    /** The seven strategies of the claims table (§8.3), in its column order. */
    public static final Strategy[] CLAIMS = {BARE, RESC, OFFL, NEIL, DF, HELP, MDSP};

    public static Strategy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder sb = new StringBuilder();
            for (Strategy x : values()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(x.name());
            }
            throw new IllegalArgumentException("unknown strategy '" + s + "' (known: " + sb + ")");
        }
    }
}
