package dev.dmreplay.replay.strategy;

import java.util.List;
import java.util.Locale;

/**
 * The rescue strategies of docs/kernel-model.md §8.1 as presets over {@link Knobs}: each is a base (the previous
 * era it builds on, or {@link Knobs#BASE}) plus the knobs it changes, so a preset says exactly what differs.
 */
public enum Strategy {
    /**
     * No rescuer (pre-2012): V1 FIFO, G0 all pieces in one call, no rescuers, {@code mempool_alloc} sleeping before
     * it retries with reclaim ({@link Knobs#BASE}).
     */
    BARE("no rescuer (pre-2012)", null),
    /** Per-bioset rescuer (Kent 2012, commit df2cb6daa4cb, v3.7 to v4.10). */
    RESC("per-bioset rescuer (v3.7-v4.10)", BARE, "dmBiosetRescuer=PER_BIOSET", "mempoolAlloc=RECLAIM_RETRY"),
    /** dm_offload (v4.11–v4.15): V2 ordering, rescuers, plug callback around map(). */
    OFFL("dm_offload (v4.11-v4.15)", RESC, "gmrOrdering=V2_LOWER_FIRST", "dmGen=G1_OFFLOAD",
            "offload=DM_OFFLOAD_ON_FIRST_SLEEP_IN_MAP", "offloadTrigger=SLEEP"),
    /** Depth-first only (v4.16 final): no bioset rescuer for DM, dm_io in io_bs's front pad. */
    DF("depth-first (v4.16)", BARE, "gmrOrdering=V2_LOWER_FIRST", "dmGen=G2_DEPTH_FIRST_CLONE_REMAINDER",
            "dmIoStorage=IO_BS_FRONT_PAD", "multiTioAlloc=ALLOC_MULTIPLE_MUTEX", "mempoolAlloc=RECLAIM_RETRY"),
    /** NeilBrown's md->rescued (dm-4.16 branch, unmerged): DF plus the rescued list. */
    NEIL("md->rescued (dm-4.16 branch, unmerged)", DF, "offload=MD_RESCUED"),
    /** Per-device helper threads (Mikulas's proposal, unmerged): DF plus helpers. */
    HELP("per-device helpers (proposal, unmerged)", DF, "offload=PER_DEVICE_HELPER"),
    /** md-raid style master-bio splitting: DM G3 ({@code bio_split} head + {@code bio_chain} + resubmit). */
    MDSP("bio_split head (md-raid style, DM G3)", DF, "dmGen=G3_SPLIT_HEAD", "snapshotLocking=BUCKET"),
    /** DM ≈v5.15: the G3 knobs (what MODERN was before the 2025 strategies; docs/kernel-model.md §6.6). */
    V515("DM ~v5.15 (G3 split head)", MDSP),
    /**
     * v5.19 as released: still G3. 7dd76d1feec7 (allocation-free remainder) was reverted during 5.19-rc by
     * 61b6e2e5321d, so the model has no knob that differs from {@link #V515} (docs/kernel-model.md §2.5).
     */
    V519("v5.19 as released (G3 split head; 7dd76d1feec7 reverted in -rc)", V515),
    /** v6.0 – v6.9: DM's remainder trimmed and resubmitted without an allocation (8b211aaccb91). */
    V60("v6.0-v6.9 (DM remainder trimmed, no allocation)", V519, "dmGen=G4_TRIM_REMAINDER"),
    /**
     * v6.10 – v6.16: zone write plugging on zoned disks ({@code blk_zone_plug_bio}, block/blk-zoned.c); also the
     * first preset past v6.4, whose dm-zero and dm-error take discards.
     */
    V610("v6.10-v6.16 (zone write plugging)", V60, "zoneWritePlugging=true", "zeroErrorDiscards=SUPPORTED"),
    /** v6.17: DM splits writes straddling a zone boundary at its entry (2df7168717b7, 675f94057635). */
    V617("v6.17 (DM splits zone-straddling writes at entry)", V610, "dmZonedSplit=true"),
    /** v6.18: block-layer split remainders at the head of {@code current->bio_list[0]} (b2f5974079d8). */
    V618("v6.18 (split remainders at the list head, b2f5974079d8)", V617, "splitResubmit=HEAD"),
    /**
     * Bart Van Assche's May 2025 v1, unmerged: older pending bios before the current call's lower and same. Posted
     * against the 6.16 development tree: zone write plugging, no DM entry split of zoned writes.
     */
    BVA1("unmerged proposal: BVA v1 (May 2025), older bios first", V610, "gmrOrdering=BVA1_OLDER_FIRST"),
    /** Its v2, unmerged: nested submissions and older bios inserted sorted by sector per device. */
    BVA2("unmerged proposal: BVA v2 (May 2025), sorted by sector per device", V610, "gmrOrdering=BVA2_SORTED"),
    /** A current kernel: the same knobs as {@link #V618} (before issue 13 this was G3, now {@link #V515}). */
    MODERN("modern kernel (= V618)", V618);

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

    /** The strategies of the 2025 ordering question (§2.5), oldest first. */
    public static final Strategy[] ORDERING = {V519, V618, BVA1, BVA2};

    /** True for presets that follow a proposal that was never merged (their title says so). */
    public boolean unmerged() {
        return title.contains("unmerged");
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
