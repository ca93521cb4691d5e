package dev.dmreplay.replay.strategy;

import dev.dmreplay.replay.block.BlockLayer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The orthogonal configuration knobs of kernel-model §9.8. A {@link Strategy} is a named bundle of them; every
 * knob can be overridden by name ({@link #with(String, String)}).
 *
 * @param gmrOrdering         {@code generic_make_request} ordering (§2)
 * @param dmGen               DM core generation (§6)
 * @param dmBiosetRescuer     whether DM's biosets ({@code md->bs}) have a rescuer
 * @param dmIoStorage         {@code struct dm_io} from a plain mempool (≤4.15) or the {@code io_bs} front pad
 * @param multiTioAlloc       {@code num_*_bios > 1}: sequential alloc+map, or {@code alloc_multiple_bios}
 * @param offload             extra rescue mechanism (dm_offload, md->rescued, per-device helpers)
 * @param offloadTrigger      for MD_RESCUED and PER_DEVICE_HELPER: failed non-blocking DM allocation or sleep
 * @param reservedBioBasedIos {@code reserved_bio_based_ios} (DM pool size, default 16)
 * @param bioPoolSize         {@code BIO_POOL_SIZE} for {@code q->bio_split} (default 2)
 * @param mdFlushFix          minimal md device: submit flush children from a workqueue (1a855a060665)
 * @param cpuNsPerMap         modelled CPU time per mapped piece (lets concurrent submitters interleave)
 * @param snapshotLocking     dm-snapshot's locking era: before v5.3 the snapshot lock is exclusive and
 *                            {@code pending_complete} waits for tracked reads holding it; from v5.3 (65fc7c370477 and
 *                            follow-ups) a read lock, per-bucket locks, the wait without locks, and {@code cow_count}
 * @param targets             knobs of dm-crypt and dm-thin themselves ({@link TargetKnobs}), the same for every
 *                            strategy
 */
public record Knobs(BlockLayer.Ordering gmrOrdering, DmGen dmGen, boolean dmBiosetRescuer, DmIoStorage dmIoStorage,
                    MultiTioAlloc multiTioAlloc, Offload offload, OffloadTrigger offloadTrigger,
                    int reservedBioBasedIos, int bioPoolSize, boolean mdFlushFix, long cpuNsPerMap,
                    SnapshotLocking snapshotLocking, TargetKnobs targets) {

    /** The DM core and snapshot knobs with the default {@link TargetKnobs}. */
    public Knobs(BlockLayer.Ordering gmrOrdering, DmGen dmGen, boolean dmBiosetRescuer, DmIoStorage dmIoStorage,
                 MultiTioAlloc multiTioAlloc, Offload offload, OffloadTrigger offloadTrigger,
                 int reservedBioBasedIos, int bioPoolSize, boolean mdFlushFix, long cpuNsPerMap,
                 SnapshotLocking snapshotLocking) {
        this(gmrOrdering, dmGen, dmBiosetRescuer, dmIoStorage, multiTioAlloc, offload, offloadTrigger,
                reservedBioBasedIos, bioPoolSize, mdFlushFix, cpuNsPerMap, snapshotLocking, TargetKnobs.DEFAULT);
    }

    public enum DmGen { G0_ALL_IN_ONE, G1_OFFLOAD, G2_DEPTH_FIRST_CLONE_REMAINDER, G3_SPLIT_HEAD }

    public enum DmIoStorage { IO_POOL_MEMPOOL, IO_BS_FRONT_PAD }

    public enum MultiTioAlloc { SEQUENTIAL, ALLOC_MULTIPLE_MUTEX }

    public enum Offload { NONE, DM_OFFLOAD_ON_FIRST_SLEEP_IN_MAP, MD_RESCUED, PER_DEVICE_HELPER }

    public enum OffloadTrigger { ALLOC_FAIL, SLEEP }

    /**
     * dm-snapshot locking (drivers/md/dm-snap.c). {@code EXCLUSIVE}: v4.15 and earlier (rw_semaphore taken with
     * {@code down_write}, later a mutex, in {@code snapshot_map}, {@code __origin_write} and
     * {@code pending_complete}, which polls for conflicting tracked reads while holding it; kcopyd sub-jobs of 128
     * sectors). {@code BUCKET}: v5.3 and later ({@code down_read} plus per-hash-bucket locks in the map paths;
     * {@code pending_complete} inserts the exception first and waits for tracked reads with no lock held; the
     * {@code cow_count} semaphore bounds chunks being copied; 512 KiB kcopyd sub-jobs).
     */
    public enum SnapshotLocking { EXCLUSIVE, BUCKET }

    /** Knob names accepted by {@link #with}. */
    public static final String[] NAMES = {"gmrOrdering", "dmGen", "dmBiosetRescuer", "dmIoStorage", "multiTioAlloc",
        "offload", "offloadTrigger", "reservedBioBasedIos", "bioPoolSize", "mdFlushFix", "cpuNsPerMap", "snapshotLocking"};

    public Knobs {
        if (reservedBioBasedIos < 1 || reservedBioBasedIos > 1024) {
            throw new IllegalArgumentException("reservedBioBasedIos must be in 1..1024 (DM_RESERVED_MAX_IOS)");
        }
        if (bioPoolSize < 1) {
            throw new IllegalArgumentException("bioPoolSize must be >= 1");
        }
        if (cpuNsPerMap < 0) {
            throw new IllegalArgumentException("cpuNsPerMap must be >= 0");
        }
        if (targets == null) {
            targets = TargetKnobs.DEFAULT;
        }
    }

    public boolean dmOffload() {
        return offload == Offload.DM_OFFLOAD_ON_FIRST_SLEEP_IN_MAP;
    }

    public boolean depthFirst() {
        return dmGen == DmGen.G2_DEPTH_FIRST_CLONE_REMAINDER || dmGen == DmGen.G3_SPLIT_HEAD;
    }

    /** Returns a copy with one knob changed; names as in {@link #NAMES}, values case-insensitive. */
    public Knobs with(String name, String value) {
        String v = value.trim();
        if (TargetKnobs.isKnob(name)) {
            return new Knobs(gmrOrdering, dmGen, dmBiosetRescuer, dmIoStorage, multiTioAlloc, offload, offloadTrigger,
                    reservedBioBasedIos, bioPoolSize, mdFlushFix, cpuNsPerMap, snapshotLocking, targets.with(name, v));
        }
        try {
            return switch (name.trim()) {
                case "gmrOrdering" -> new Knobs(en(BlockLayer.Ordering.class, v), dmGen, dmBiosetRescuer, dmIoStorage,
                        multiTioAlloc, offload, offloadTrigger, reservedBioBasedIos, bioPoolSize, mdFlushFix, cpuNsPerMap, snapshotLocking, targets);
                case "dmGen" -> new Knobs(gmrOrdering, en(DmGen.class, v), dmBiosetRescuer, dmIoStorage, multiTioAlloc,
                        offload, offloadTrigger, reservedBioBasedIos, bioPoolSize, mdFlushFix, cpuNsPerMap, snapshotLocking, targets);
                case "dmBiosetRescuer" -> new Knobs(gmrOrdering, dmGen, rescuer(v), dmIoStorage, multiTioAlloc, offload,
                        offloadTrigger, reservedBioBasedIos, bioPoolSize, mdFlushFix, cpuNsPerMap, snapshotLocking, targets);
                case "dmIoStorage" -> new Knobs(gmrOrdering, dmGen, dmBiosetRescuer, en(DmIoStorage.class, v),
                        multiTioAlloc, offload, offloadTrigger, reservedBioBasedIos, bioPoolSize, mdFlushFix, cpuNsPerMap, snapshotLocking, targets);
                case "multiTioAlloc" -> new Knobs(gmrOrdering, dmGen, dmBiosetRescuer, dmIoStorage,
                        en(MultiTioAlloc.class, v), offload, offloadTrigger, reservedBioBasedIos, bioPoolSize, mdFlushFix,
                        cpuNsPerMap, snapshotLocking, targets);
                case "offload" -> new Knobs(gmrOrdering, dmGen, dmBiosetRescuer, dmIoStorage, multiTioAlloc,
                        en(Offload.class, v), offloadTrigger, reservedBioBasedIos, bioPoolSize, mdFlushFix, cpuNsPerMap, snapshotLocking, targets);
                case "offloadTrigger" -> new Knobs(gmrOrdering, dmGen, dmBiosetRescuer, dmIoStorage, multiTioAlloc,
                        offload, en(OffloadTrigger.class, v), reservedBioBasedIos, bioPoolSize, mdFlushFix, cpuNsPerMap, snapshotLocking, targets);
                case "reservedBioBasedIos" -> new Knobs(gmrOrdering, dmGen, dmBiosetRescuer, dmIoStorage, multiTioAlloc,
                        offload, offloadTrigger, Integer.parseInt(v), bioPoolSize, mdFlushFix, cpuNsPerMap, snapshotLocking, targets);
                case "bioPoolSize" -> new Knobs(gmrOrdering, dmGen, dmBiosetRescuer, dmIoStorage, multiTioAlloc,
                        offload, offloadTrigger, reservedBioBasedIos, Integer.parseInt(v), mdFlushFix, cpuNsPerMap, snapshotLocking, targets);
                case "mdFlushFix" -> new Knobs(gmrOrdering, dmGen, dmBiosetRescuer, dmIoStorage, multiTioAlloc,
                        offload, offloadTrigger, reservedBioBasedIos, bioPoolSize, bool(v), cpuNsPerMap, snapshotLocking, targets);
                case "cpuNsPerMap" -> new Knobs(gmrOrdering, dmGen, dmBiosetRescuer, dmIoStorage, multiTioAlloc,
                        offload, offloadTrigger, reservedBioBasedIos, bioPoolSize, mdFlushFix,
                        dev.dmreplay.replay.pressure.Durations.parse(v), snapshotLocking, targets);
                case "snapshotLocking" -> new Knobs(gmrOrdering, dmGen, dmBiosetRescuer, dmIoStorage, multiTioAlloc,
                        offload, offloadTrigger, reservedBioBasedIos, bioPoolSize, mdFlushFix, cpuNsPerMap,
                        en(SnapshotLocking.class, v), targets);
                default -> throw new IllegalArgumentException("unknown knob '" + name + "' (known: "
                        + String.join(", ", NAMES) + ", " + String.join(", ", TargetKnobs.NAMES) + ")");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("knob " + name + ": '" + value + "' is not a number");
        }
    }

    /** Applies {@code name=value} overrides in order. */
    public Knobs withAll(Iterable<String> assignments) {
        Knobs k = this;
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("knob override '" + a + "' is not name=value");
            }
            k = k.with(a.substring(0, eq), a.substring(eq + 1));
        }
        return k;
    }

    /** Knob values by name, in {@link #NAMES} order (for summaries). */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gmrOrdering", gmrOrdering.name());
        m.put("dmGen", dmGen.name());
        m.put("dmBiosetRescuer", dmBiosetRescuer ? "PER_BIOSET" : "NONE");
        m.put("dmIoStorage", dmIoStorage.name());
        m.put("multiTioAlloc", multiTioAlloc.name());
        m.put("offload", offload.name());
        m.put("offloadTrigger", offloadTrigger.name());
        m.put("reservedBioBasedIos", Integer.toString(reservedBioBasedIos));
        m.put("bioPoolSize", Integer.toString(bioPoolSize));
        m.put("mdFlushFix", Boolean.toString(mdFlushFix));
        m.put("cpuNsPerMap", Long.toString(cpuNsPerMap));
        m.put("snapshotLocking", snapshotLocking.name());
        m.putAll(targets.changed());
        return m;
    }

    private static <E extends Enum<E>> E en(Class<E> c, String v) {
        String u = v.toUpperCase(Locale.ROOT);
        for (E e : c.getEnumConstants()) {
            if (e.name().equals(u) || e.name().startsWith(u + "_")) {
                return e;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (E e : c.getEnumConstants()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.name());
        }
        throw new IllegalArgumentException("'" + v + "' is not one of " + sb);
    }

    private static boolean rescuer(String v) {
        String u = v.toUpperCase(Locale.ROOT);
        if (u.equals("PER_BIOSET") || u.equals("TRUE") || u.equals("YES")) {
            return true;
        }
        if (u.equals("NONE") || u.equals("FALSE") || u.equals("NO")) {
            return false;
        }
        throw new IllegalArgumentException("'" + v + "' is not one of NONE, PER_BIOSET");
    }

    private static boolean bool(String v) {
        String u = v.toLowerCase(Locale.ROOT);
        if (u.equals("true") || u.equals("yes") || u.equals("1")) {
            return true;
        }
        if (u.equals("false") || u.equals("no") || u.equals("0")) {
            return false;
        }
        throw new IllegalArgumentException("'" + v + "' is not true or false");
    }
}
