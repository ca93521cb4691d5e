package dev.dmreplay.replay.strategy;

import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.pressure.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The knobs of {@link Knobs} as data: each constant carries the name used on the command line and in scenario
 * files, its type, its range and what it means, and drives parsing, overriding ({@link Knobs#with}), printing
 * ({@link Knobs#asMap}) and validation. Enum values may be abbreviated to an unambiguous prefix ending at an
 * underscore ({@code V2} for {@code V2_LOWER_FIRST}); an ambiguous prefix is refused.
 */
public enum Knob {
    GMR_ORDERING("gmrOrdering", Kind.ENUM, BlockLayer.Ordering.class, 0, 0,
            "generic_make_request ordering: V1_FIFO (<=4.10), V2_LOWER_FIRST (4.11+), or the unmerged 2025 proposals"
                    + " BVA1_OLDER_FIRST and BVA2_SORTED"),
    DM_GEN("dmGen", Kind.ENUM, Knobs.DmGen.class, 0, 0,
            "DM core generation: G0 all pieces in one call, G1 + dm_offload, G2 depth-first, G3 split head,"
                    + " G4 trimmed remainder without allocation (6.0+)"),
    DM_BIOSET_RESCUER("dmBiosetRescuer", Kind.RESCUER, null, 0, 0,
            "whether DM's bioset md->bs has a rescuer: NONE or PER_BIOSET"),
    DM_IO_STORAGE("dmIoStorage", Kind.ENUM, Knobs.DmIoStorage.class, 0, 0,
            "struct dm_io from a plain mempool (<=4.15) or the io_bs front pad (4.16+)"),
    MULTI_TIO_ALLOC("multiTioAlloc", Kind.ENUM, Knobs.MultiTioAlloc.class, 0, 0,
            "num_*_bios > 1: sequential alloc+map, or alloc_multiple_bios under a mutex"),
    OFFLOAD("offload", Kind.ENUM, Knobs.Offload.class, 0, 0,
            "extra rescue mechanism: dm_offload, md->rescued or per-device helpers"),
    OFFLOAD_TRIGGER("offloadTrigger", Kind.ENUM, Knobs.OffloadTrigger.class, 0, 0,
            "for MD_RESCUED and PER_DEVICE_HELPER: failed non-blocking DM allocation or sleep"),
    RESERVED_BIO_BASED_IOS("reservedBioBasedIos", Kind.INT, null, 1, 1024,
            "reserved_bio_based_ios, the DM pool size (1..1024, DM_RESERVED_MAX_IOS)"),
    BIO_POOL_SIZE("bioPoolSize", Kind.INT, null, 1, 1024, "BIO_POOL_SIZE, the reserve of q->bio_split"),
    MD_FLUSH_FIX("mdFlushFix", Kind.BOOLEAN, null, 0, 0,
            "md submits flush children from a workqueue (md's flush fix, v2.6.37): true or false"),
    CPU_NS_PER_MAP("cpuNsPerMap", Kind.DURATION, null, 0, 0,
            "modelled CPU time per mapped piece (e.g. 1us); lets concurrent submitters interleave"),
    SNAPSHOT_LOCKING("snapshotLocking", Kind.ENUM, Knobs.SnapshotLocking.class, 0, 0,
            "dm-snapshot locking: EXCLUSIVE (<=5.2, lock held while pending_complete waits) or BUCKET (5.3+)"),
    RAID1_BARRIER("raid1Barrier", Kind.ENUM, Knobs.Raid1Barrier.class, 0, 0,
            "md raid1 resync barrier: AUTO (by DM generation), GLOBAL (3.5-3.12) or BUCKETS (4.12+)"),
    MD_RESYNC_FIX("mdResyncFix", Kind.BOOLEAN, null, 0, 0,
            "md raid1 wait_barrier lets a caller with queued bios through (d6b42dcb995e): true or false"),
    SPLIT_RESUBMIT("splitResubmit", Kind.ENUM, BlockLayer.SplitResubmit.class, 0, 0,
            "where a block-layer split remainder goes on current->bio_list[0]: TAIL (<=6.17) or HEAD (6.18)"),
    ZONE_WRITE_PLUGGING("zoneWritePlugging", Kind.BOOLEAN, null, 0, 0,
            "zone write plugging on zoned disks (6.10+): one write per zone in flight, the rest held in arrival"
                    + " order: true or false"),
    DM_ZONED_SPLIT("dmZonedSplit", Kind.BOOLEAN, null, 0, 0,
            "DM splits a write straddling a zone boundary of a zoned mapped device at its entry (6.17+): true or"
                    + " false"),
    MEMPOOL_ALLOC("mempoolAlloc", Kind.ENUM, Mempool.FirstRound.class, 0, 0,
            "mempool_alloc's first round: SLEEP_FIRST (before the 2012 fix: allocator without reclaim, reserve, sleep)"
                    + " or RECLAIM_RETRY (since: retry the allocator with reclaim before sleeping)"),
    ZERO_ERROR_DISCARDS("zeroErrorDiscards", Kind.ENUM, Knobs.ZeroErrorDiscards.class, 0, 0,
            "discards to dm-zero and dm-error: REFUSED (before 6.4: no discard clones, -EOPNOTSUPP) or SUPPORTED"
                    + " (6.4+: dm-zero drops them, dm-error kills them)");

    /** How a knob's value is written. */
    public enum Kind { ENUM, INT, BOOLEAN, RESCUER, DURATION }

    public final String id;
    public final Kind kind;
    private final Class<? extends Enum<?>> enumType;
    private final long min;
    private final long max;
    public final String doc;

    Knob(String id, Kind kind, Class<? extends Enum<?>> enumType, long min, long max, String doc) {
        this.id = id;
        this.kind = kind;
        this.enumType = enumType;
        this.min = min;
        this.max = max;
        this.doc = doc;
    }

    /** The knob called {@code name}, or an error listing the knobs (with the closest one when it looks like a typo). */
    public static Knob byName(String name) {
        String n = name.trim();
        for (Knob k : values()) {
            if (k.id.equals(n)) {
                return k;
            }
        }
        List<String> ids = ids();
        String near = Suggest.closest(n, ids);
        throw new IllegalArgumentException("unknown knob '" + n + "'" + (near == null ? "" : " (did you mean '" + near
                + "'?)") + "; known: " + String.join(", ", ids));
    }

    public static List<String> ids() {
        List<String> l = new ArrayList<>();
        for (Knob k : values()) {
            l.add(k.id);
        }
        return l;
    }

    /** What values are accepted, for messages and help. */
    public String expected() {
        return switch (kind) {
            case ENUM -> "one of " + String.join(", ", enumNames());
            case INT -> "an integer in " + min + ".." + max;
            case BOOLEAN -> "true or false";
            case RESCUER -> "NONE or PER_BIOSET";
            case DURATION -> "a duration such as 0, 500ns, 1us";
        };
    }

    /**
     * Parses a value of this knob: the typed value ({@code Enum}, {@code Integer}, {@code Boolean} or {@code Long}
     * nanoseconds). Throws with a message naming the knob and what it expects.
     */
    public Object parse(String value) {
        String v = value == null ? "" : value.trim();
        switch (kind) {
            case ENUM:
                return enumValue(v);
            case INT:
                try {
                    long n = Long.parseLong(v);
                    if (n < min || n > max) {
                        throw bad(v);
                    }
                    return (int) n;
                } catch (NumberFormatException e) {
                    throw bad(v);
                }
            case BOOLEAN:
                switch (v.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1":
                        return Boolean.TRUE;
                    case "false", "no", "0":
                        return Boolean.FALSE;
                    default:
                        throw bad(v);
                }
            case RESCUER:
                switch (v.toUpperCase(Locale.ROOT)) {
                    case "PER_BIOSET", "TRUE", "YES":
                        return Boolean.TRUE;
                    case "NONE", "FALSE", "NO":
                        return Boolean.FALSE;
                    default:
                        throw bad(v);
                }
            default:
                try {
                    return Durations.parse(v);
                } catch (IllegalArgumentException e) {
                    throw bad(v);
                }
        }
    }

    /** The value of this knob in {@code k}, printed as {@link #parse} reads it back. */
    public String print(Knobs k) {
        return switch (this) {
            case GMR_ORDERING -> k.gmrOrdering().name();
            case DM_GEN -> k.dmGen().name();
            case DM_BIOSET_RESCUER -> k.dmBiosetRescuer() ? "PER_BIOSET" : "NONE";
            case DM_IO_STORAGE -> k.dmIoStorage().name();
            case MULTI_TIO_ALLOC -> k.multiTioAlloc().name();
            case OFFLOAD -> k.offload().name();
            case OFFLOAD_TRIGGER -> k.offloadTrigger().name();
            case RESERVED_BIO_BASED_IOS -> Integer.toString(k.reservedBioBasedIos());
            case BIO_POOL_SIZE -> Integer.toString(k.bioPoolSize());
            case MD_FLUSH_FIX -> Boolean.toString(k.mdFlushFix());
            case CPU_NS_PER_MAP -> Long.toString(k.cpuNsPerMap());
            case SNAPSHOT_LOCKING -> k.snapshotLocking().name();
            case RAID1_BARRIER -> k.raid1Barrier().name();
            case MD_RESYNC_FIX -> Boolean.toString(k.mdResyncFix());
            case SPLIT_RESUBMIT -> k.splitResubmit().name();
            case ZONE_WRITE_PLUGGING -> Boolean.toString(k.zoneWritePlugging());
            case DM_ZONED_SPLIT -> Boolean.toString(k.dmZonedSplit());
            case MEMPOOL_ALLOC -> k.mempoolAlloc().name();
            case ZERO_ERROR_DISCARDS -> k.zeroErrorDiscards().name();
        };
    }

    /** A copy of {@code k} with this knob set to {@code value} (as returned by {@link #parse}). */
    Knobs set(Knobs k, Object value) {
        Knobs.Builder b = k.toBuilder();
        switch (this) {
            case GMR_ORDERING -> b.gmrOrdering = (BlockLayer.Ordering) value;
            case DM_GEN -> b.dmGen = (Knobs.DmGen) value;
            case DM_BIOSET_RESCUER -> b.dmBiosetRescuer = (Boolean) value;
            case DM_IO_STORAGE -> b.dmIoStorage = (Knobs.DmIoStorage) value;
            case MULTI_TIO_ALLOC -> b.multiTioAlloc = (Knobs.MultiTioAlloc) value;
            case OFFLOAD -> b.offload = (Knobs.Offload) value;
            case OFFLOAD_TRIGGER -> b.offloadTrigger = (Knobs.OffloadTrigger) value;
            case RESERVED_BIO_BASED_IOS -> b.reservedBioBasedIos = (Integer) value;
            case BIO_POOL_SIZE -> b.bioPoolSize = (Integer) value;
            case MD_FLUSH_FIX -> b.mdFlushFix = (Boolean) value;
            case CPU_NS_PER_MAP -> b.cpuNsPerMap = (Long) value;
            case SNAPSHOT_LOCKING -> b.snapshotLocking = (Knobs.SnapshotLocking) value;
            case RAID1_BARRIER -> b.raid1Barrier = (Knobs.Raid1Barrier) value;
            case MD_RESYNC_FIX -> b.mdResyncFix = (Boolean) value;
            case SPLIT_RESUBMIT -> b.splitResubmit = (BlockLayer.SplitResubmit) value;
            case ZONE_WRITE_PLUGGING -> b.zoneWritePlugging = (Boolean) value;
            case DM_ZONED_SPLIT -> b.dmZonedSplit = (Boolean) value;
            case MEMPOOL_ALLOC -> b.mempoolAlloc = (Mempool.FirstRound) value;
            case ZERO_ERROR_DISCARDS -> b.zeroErrorDiscards = (Knobs.ZeroErrorDiscards) value;
            default -> throw new IllegalStateException(name());
        }
        return b.build();
    }

    private List<String> enumNames() {
        List<String> l = new ArrayList<>();
        for (Enum<?> e : enumType.getEnumConstants()) {
            l.add(e.name());
        }
        return l;
    }

    private Enum<?> enumValue(String v) {
        String u = v.toUpperCase(Locale.ROOT);
        Enum<?> hit = null;
        List<String> matches = new ArrayList<>();
        for (Enum<?> e : enumType.getEnumConstants()) {
            if (e.name().equals(u)) {
                return e;
            }
            if (!u.isEmpty() && e.name().startsWith(u + "_")) {
                hit = e;
                matches.add(e.name());
            }
        }
        if (matches.size() == 1) {
            return hit;
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException("knob " + id + ": '" + v + "' is ambiguous (" + String.join(", ", matches)
                    + ")");
        }
        throw bad(v);
    }

    private IllegalArgumentException bad(String v) {
        return new IllegalArgumentException("knob " + id + ": '" + v + "' is not " + expected());
    }
}
