package dev.dmreplay.analyze.fidelity;

import dev.dmreplay.replay.observe.BioRole;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationListener;
import dev.dmreplay.replay.observe.SplitKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the model did, collected from its typed observations during the run: the top-level bios
 * ({@code SUBMIT}), the lower bios each produced ({@code REMAP}: resource = lower device, {@code rwbs}), linked
 * to their top-level bio through the REMAP and SPLIT parent links ({@link SplitKind#resubmitsOriginal()} says
 * which way a SPLIT points), requests dispatched per leaf, leaf bios that descend from no submitted bio
 * (worker I/O, counted at their completion), and latencies. The target type of a REMAP comes from the mapped
 * device's table. A DM clone ({@link SplitKind#DM_PIECE}) is linked only by its REMAP, the model's
 * {@code trace_block_bio_remap}: a clone its target submits itself with {@code submit_bio_noacct} (v6.1: dm-snap.c's
 * {@code start_full_bio}, {@code flush_bios} and {@code retry_origin_bios}, dm-raid1.c's {@code do_writes} for a
 * region out of sync) is, as in the kernel's trace, a {@code Q} without {@code A} on the device below, counted as
 * that target's own I/O, whether or not DM cut it from a larger bio.
 */
final class ModelSide implements ObservationListener {
    private final Set<String> topDevices;
    final Map<Long, TopBio> tops = new HashMap<>();
    /** Top-level bios submitted to a device that is not a top device (I/O the trace issued straight to it). */
    final Map<String, Long> direct = new TreeMap<>();
    private final Set<Long> directIds = new HashSet<>();
    private final Map<Long, Long> parent = new HashMap<>();
    /** Worker bios already counted on the mapped device they were submitted to. */
    private final Set<Long> workerRemapped = new HashSet<>();
    /**
     * Bios a top-level bio led to on a lower device, open until they complete, for their Q2C: bio id → the bio. A
     * target's own I/O is left out, as on the kernel's side, where only a remap of an open bio opens one.
     */
    private final Map<Long, OpenLower> lowerOpen = new HashMap<>();
    /**
     * The ids of {@link #lowerOpen} per top-level bio, for {@link #endOpenLower}: a bio a target ends on a mapped
     * device without sending anything below (thin's read of an unprovisioned block, zero-filled in
     * {@code thin_bio_map}, dm-thin.c v6.1) reaches no leaf, and its completion is its top-level bio's.
     */
    private final Map<TopBio, List<Long>> openLowerByTop = new HashMap<>();

    /**
     * A lower bio the model sent on: its REMAP time, device, top-level bio and the bio it was remapped from, and how
     * many bios it was remapped to in turn and has not seen complete. The model observes completions only at the
     * leaves and at the top; a bio on a mapped device in between completes, as dm's {@code clone_endio} ends the
     * original through {@code dm_io_dec_pending} (dm.c v6.1), when the last bio remapped from it completed.
     */
    private static final class OpenLower {
        final long remapped;
        final String device;
        final TopBio root;
        final long from;
        /** A read with a dm-crypt device above it, which decrypts after it completes ({@link #endOpenLower}). */
        final boolean readBelowCrypt;
        int pending;

        OpenLower(long remapped, String device, TopBio root, long from, boolean readBelowCrypt) {
            this.remapped = remapped;
            this.device = device;
            this.root = root;
            this.from = from;
            this.readBelowCrypt = readBelowCrypt;
        }
    }
    final Map<String, List<Long>> lowerQ2c = new TreeMap<>();
    final Map<String, Long> dispatched = new TreeMap<>();
    final Map<String, Map<String, Long>> workerIo = new TreeMap<>();

    private final Function<String, String> targetType;
    private final WorkerIoClasses classes;
    private final HeldOriginWrites held;
    /** Top-level bios not yet completed, per device, in submission order (for {@link #attachReleased}). */
    private final Map<String, List<TopBio>> openTops = new HashMap<>();
    /** Per snapshot-origin device and task: its latest top-level bio and where that bio's next DM clone starts. */
    private final Map<String, Object[]> latestTop = new HashMap<>();
    /** DM clones of snapshot-origin devices' top-level bios: clone id → {its top-level bio, its start sector}. */
    private final Map<Long, Object[]> originClones = new HashMap<>();
    /** The bioset name prefix of a mapped device's DM clones ({@code md->io_bs}, dm.c v6.1). */
    private static final String IO_BS = "md->io_bs of ";

    /** @param targetType mapped device name → the type of its targets (as {@link KernelSide} names them) */
    ModelSide(Set<String> topDevices, Function<String, String> targetType) {
        this(topDevices, targetType, WorkerIoClasses.none());
    }

    ModelSide(Set<String> topDevices, Function<String, String> targetType, WorkerIoClasses classes) {
        this(topDevices, targetType, classes, HeldOriginWrites.none());
    }

    ModelSide(Set<String> topDevices, Function<String, String> targetType, WorkerIoClasses classes,
              HeldOriginWrites held) {
        this.topDevices = topDevices;
        this.targetType = targetType;
        this.classes = classes;
        this.held = held;
    }

    @Override
    public void on(Observation o) {
        switch (o.kind()) {
            case SUBMIT -> {
                if (topDevices.contains(o.device())) {
                    // value: the recorded (intended) submit time, the pairing key with the kernel's Q
                    TopBio t = new TopBio(o.device(), o.sector(), o.sectors(), "", o.value());
                    tops.put(o.bio(), t);
                    openTops.computeIfAbsent(o.device(), k -> new ArrayList<>()).add(t);
                    if (held.isUpper(o.device())) {
                        latestTop.put(o.device() + "\t" + o.task(), new Object[] {t, o.bio(), new long[] {o.sector()}});
                    }
                } else {
                    direct.merge(o.device(), 1L, Long::sum);
                    directIds.add(o.bio());
                }
            }
            case ALLOC -> {
                // DM clones its first piece from md->io_bs while the submitter maps the bio (alloc_tio): the
                // clone of a snapshot-origin's bio starts where that bio's unmapped part starts
                String r = o.resource();
                if (r != null && r.startsWith(IO_BS) && held.isUpper(r.substring(IO_BS.length()))) {
                    Object[] latest = latestTop.get(r.substring(IO_BS.length()) + "\t" + o.task());
                    if (latest != null && originClones.size() < 1 << 20) {
                        originClones.put(o.bio(), new Object[] {latest[0], ((long[]) latest[2])[0]});
                    }
                }
            }
            case SPLIT -> {
                if (o.split() == SplitKind.DM_TRIM && held.isUpper(o.device())) {
                    // G4 trims the original to its remainder: the next clone starts there
                    Object[] latest = latestTop.get(o.device() + "\t" + o.task());
                    if (latest != null && (Long) latest[1] == o.bio()) {
                        ((long[]) latest[2])[0] = o.sector();
                    }
                }
                if (o.split() == SplitKind.DM_PIECE) {
                    // a DM clone is tied to its bio only by its REMAP, as the kernel's only by its A: a target that
                    // submits the clone itself without trace_block_bio_remap leaves a Q without A below it
                    break;
                }
                if (o.split() != null && o.split().resubmitsOriginal()) {
                    parent.putIfAbsent(o.value(), o.bio());
                } else {
                    parent.putIfAbsent(o.bio(), o.value());
                }
            }
            case REMAP -> {
                parent.putIfAbsent(o.bio(), o.value());
                if (origin(o.bio()) == 0 && workerRemapped.add(o.value())) {
                    // a bio a target's worker submitted to this mapped device (the kernel's Q there without A)
                    String rwbs = o.rwbs() == null ? "" : o.rwbs();
                    String cls = classes.classify(o.device(), rwbs, o.sectors());
                    workerIo.computeIfAbsent(o.device(), k -> new TreeMap<>()).merge(cls, 1L, Long::sum);
                    if (HeldOriginWrites.released(cls)) {
                        // the REMAP is the linear's below the origin's real device: its sector is the lower one
                        long onDevice = held.sectorOnDevice(o.device(), o.resource(), o.sector());
                        Object[] clone = onDevice < 0 ? originClones.remove(o.value()) : null;
                        if (clone != null) {
                            // any other target below the origin (a thin volume) moves the sector: the released
                            // write is the snapshot-origin's clone, which started where the clone was cut
                            attachReleasedTo((TopBio) clone[0], o.device(), (Long) clone[1], o.sectors(), rwbs);
                        } else {
                            attachReleased(o.device(), onDevice, o.sectors(), rwbs);
                        }
                    }
                    if (workerRemapped.size() > 1 << 20) {
                        workerRemapped.clear();
                    }
                }
                TopBio root = root(o.bio());
                String rwbs = o.rwbs() == null ? "" : o.rwbs();
                if (root != null) {
                    root.lower.add(new LowerBio(o.resource(), o.sector(), o.sectors(), rwbs,
                            targetType.apply(o.device())));
                }
                if (root != null) {
                    OpenLower up = lowerOpen.get(o.value());
                    if (up != null) {
                        up.pending++;
                    }
                    boolean readBelowCrypt = rwbs.indexOf('R') >= 0
                            && (up != null && up.readBelowCrypt || "crypt".equals(targetType.apply(o.device())));
                    lowerOpen.put(o.bio(), new OpenLower(o.time(), o.resource(), root, o.value(), readBelowCrypt));
                    openLowerByTop.computeIfAbsent(root, k -> new ArrayList<>()).add(o.bio());
                }
            }
            case DISPATCH -> {
                dispatched.merge(o.device(), 1L, Long::sum);
            }
            case COMPLETE -> complete(o);
            default -> {
            }
        }
    }

    private void complete(Observation o) {
        if (o.role() == BioRole.TOP_LEVEL) {
            TopBio t = tops.get(o.bio());
            if (t != null) {
                t.completed = t.queued + o.value();
                List<TopBio> l = openTops.get(t.device);
                if (l != null) {
                    l.remove(t);
                }
                endOpenLower(t, o.time());
            }
            return;
        }
        if (o.role() == BioRole.LEAF) {
            if (origin(o.bio()) == 0) {
                // a leaf bio no submitted bio leads to: issued by a target's worker. Counted at its completion,
                // the one observation of each bio a leaf served (DISPATCH is per request: a bio merged into
                // another's request has none, and without FUA a flushed write's pre- and postflush are more
                // DISPATCHes of the same bio), so once per bio as the kernel's Q. Top-level bios are still open
                // here: the leaf observes its completions before it ends the bios.
                String rwbs = o.rwbs() == null ? "" : o.rwbs();
                String cls = classes.classify(o.device(), rwbs, o.sectors());
                workerIo.computeIfAbsent(o.device(), k -> new TreeMap<>()).merge(cls, 1L, Long::sum);
                if (HeldOriginWrites.released(cls)) {
                    attachReleased(o.device(), o.sector(), o.sectors(), rwbs);
                }
            }
            completeLower(lowerOpen.remove(o.bio()), o.time());
        }
    }

    /** A lower bio completed at {@code at}, then each bio it was remapped from whose last remapped bio it was. */
    private void completeLower(OpenLower q, long at) {
        while (q != null) {
            timed(q, at);
            OpenLower up = lowerOpen.get(q.from);
            q = up != null && --up.pending <= 0 ? lowerOpen.remove(q.from) : null;
        }
    }

    /**
     * The lower bios of a completed top-level bio that are still open ended with it: in the kernel a bio ended on a
     * mapped device completes its way up at once ({@code clone_endio} → {@code dm_io_dec_pending}, dm.c v6.1), so
     * blktrace's C on that device comes microseconds before the top-level one. Those remapped further first, the
     * ones that were not remapped after, each once. Not a read below dm-crypt: its top-level bio completes only
     * after kcryptd has decrypted it ({@code kcryptd_crypt_read_convert}, dm-crypt.c v6.1), so the top's completion
     * says nothing of when it ended, and it stays untimed.
     */
    private void endOpenLower(TopBio t, long at) {
        List<Long> ids = openLowerByTop.remove(t);
        if (ids == null) {
            return;
        }
        for (Long id : ids) {
            OpenLower q = lowerOpen.get(id);
            if (q != null && q.pending <= 0 && !q.readBelowCrypt) {
                completeLower(lowerOpen.remove(id), at);
            }
        }
        for (Long id : ids) {
            OpenLower q = lowerOpen.remove(id);
            if (q != null && !q.readBelowCrypt) {
                timed(q, at);
            }
        }
    }

    /** A lower bio's Q2C, from its remap to {@code at}: per device and on its top-level bio. */
    private void timed(OpenLower q, long at) {
        lowerQ2c.computeIfAbsent(q.device, k -> new ArrayList<>()).add(at - q.remapped);
        q.root.lowerLatency.add(new TopBio.LowerLatency(q.device, at - q.remapped));
    }

    /**
     * A write dm-snapshot held for a copy and resubmitted, {@code sector} on the origin's real device
     * {@code dev}: one of the lower bios of the latest open top-level bio of a snapshot-origin device over
     * {@code dev} that covers it, as {@link KernelSide} ties it (see {@link HeldOriginWrites}).
     */
    private void attachReleased(String dev, long sector, int sectors, String rwbs) {
        if (sector < 0) {
            return;
        }
        for (String up : held.uppers(dev)) {
            List<TopBio> l = openTops.getOrDefault(up, List.of());
            for (int i = l.size() - 1; i >= 0; i--) {
                TopBio t = l.get(i);
                if (t.sectors > 0 && t.sector <= sector && sector < t.sector + t.sectors) {
                    t.lower.add(new LowerBio(dev, sector, sectors, rwbs, HeldOriginWrites.TARGET));
                    return;
                }
            }
        }
    }

    /** As {@link #attachReleased}, to top-level bio {@code t} when it is still open. */
    private void attachReleasedTo(TopBio t, String dev, long sector, int sectors, String rwbs) {
        if (t.completed < 0) {
            t.lower.add(new LowerBio(dev, sector, sectors, rwbs, HeldOriginWrites.TARGET));
        }
    }

    /**
     * Sets the count of worker bios of class {@code cls} on mapped device {@code device} to what the worker issued
     * there, for a class whose bios the device may end without a remap ({@link KcopydCopyReads}).
     */
    void workerIoIssued(String device, String cls, long bios) {
        workerIo.computeIfAbsent(device, k -> new TreeMap<>()).put(cls, bios);
    }

    /** The top-level bio {@code bio} descends from, or null. */
    TopBio root(long bio) {
        return tops.get(origin(bio));
    }

    /** The submitted bio (to a top device or straight to a lower one) {@code bio} descends from, or 0. */
    private long origin(long bio) {
        long b = bio;
        for (int hops = 0; hops < 64; hops++) {
            if (tops.containsKey(b) || directIds.contains(b)) {
                return b;
            }
            Long p = parent.get(b);
            if (p == null) {
                return 0;
            }
            b = p;
        }
        return 0;
    }
}
