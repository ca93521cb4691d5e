package dev.dmreplay.analyze.btt;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * btt 2.09's request assembly and statistics ({@code trace*.c}, {@code devs.c}, {@code proc.c} of blktrace 1.2.0),
 * fed one record at a time in dump order with genesis-relative times.
 *
 * <p>I/Os are matched by sector ranges on one device, not by identity: G, I, M and S find the queued bio whose
 * range contains their start sector; D and C take every queued bio lying wholly inside their range. A device is
 * ignored until its first Q or A ("pre-culling"); Q, G, I, M, S, D and C records of zero bytes are ignored.
 * Remapper devices (major 9, 253, 254) account Q2Q, Q2A and Q2C in the {@code *dm} statistics.
 *
 * <p>Bounded memory: bios that never complete (a Q wider than the request that served it, as after a split)
 * stay queued in btt forever; here at most {@code maxInFlight} queued bios are kept and the oldest is dropped
 * beyond that ({@link #evicted()} counts them; any eviction means the output may differ from btt's).
 */
public final class BttEngine {
    private static final int TN_PROCESS = Category.NOTIFY; // BLK_TN_PROCESS: exact action value
    private static final int TN_MESSAGE = Category.NOTIFY | 2;

    private final LongObjectMap<BttDevice> devByNo = new LongObjectMap<>();
    private final List<BttDevice> devices = new ArrayList<>();
    private final LongObjectMap<BttProcess> procByPid = new LongObjectMap<>();
    private final TreeMap<String, BttProcess> procByName = new TreeMap<>();
    private final Avgs all = new Avgs();
    private final LiveTree sysLive = new LiveTree();
    private final SampleSink sink;
    private final int maxInFlight;
    private final Map<Integer, LayerStats> layers = new TreeMap<>();
    private final LongObjectMap<QueuedIo> pendingRemaps = new LongObjectMap<>();
    private final List<QueuedIo> scratch = new ArrayList<>();
    private long lastQ = -1L;
    private boolean rebase;
    private boolean attributeLayers = true;
    private boolean baseKnown;
    private long base;
    private BttDevice lastDev;
    private BttProcess lastProc;
    private int lastPid;
    private long inFlight;
    private long evicted;
    private long replacedQs;
    private long records;
    private QueuedIo oldest;
    private QueuedIo newest;

    public BttEngine() {
        this(SampleSink.NONE, 1 << 20);
    }

    public BttEngine(SampleSink sink, int maxInFlight) {
        this.sink = sink;
        this.maxInFlight = maxInFlight;
    }

    /**
     * Makes times relative to the first record that is not a PROCESS or TIMESTAMP note, as {@code blkparse -d}
     * does for btt (for raw per-CPU traces; a dump is already relative). Call before the first record.
     */
    public void rebase(boolean on) {
        this.rebase = on;
    }

    /** Also attribute dm bios' latency to the layers below (layer statistics); off: btt's work only. */
    public void attributeLayers(boolean on) {
        this.attributeLayers = on;
    }

    /** The record's time as btt sees it. */
    long t(BlockEvent e) {
        return e.time() - base;
    }

    /** The offset subtracted from record times (0 until known, or without rebasing). */
    public long base() {
        return base;
    }

    /** Processes one record (times relative to the first event, as in a {@code blkparse -d} dump, or see
     * {@link #rebase}). */
    public void accept(BlockEvent e) {
        records++;
        int action = e.action();
        if (!baseKnown && Action.of(action) != Action.NOTIFY_PROCESS && Action.of(action) != Action.NOTIFY_TIMESTAMP) {
            baseKnown = true;
            base = rebase ? e.time() : 0;
        }
        if ((action & Category.NOTIFY) != 0) {
            if (action == TN_PROCESS) {
                String name = e.pid() == 0 ? "kernel" : cutAtSlash(e.text());
                processAlloc(e.pid(), name);
            } else if (action == TN_MESSAGE) {
                BttDevice dev = setup(e, 'm');
                if (dev != null) {
                    linked(dev, e);
                    findProcess(e.pid());
                }
            }
            return;
        }
        if ((action & Category.PC) != 0) {
            return;
        }
        switch (action & 0xffff) {
            case 1 -> queue(e);
            case 15 -> remap(e);
            case 12 -> insert(e);
            case 4 -> getrq(e);
            case 2, 3 -> merge(e);
            case 6 -> requeue(e);
            case 7 -> issue(e);
            case 8 -> complete(e);
            case 9 -> plug(e);
            case 10 -> unplug(e, false);
            case 11 -> unplug(e, true);
            case 5 -> sleeprq(e);
            default -> {
            }
        }
    }

    private static String cutAtSlash(String s) {
        int i = s.indexOf('/');
        return i < 0 ? s : s.substring(0, i);
    }

    // ---- devices and processes -------------------------------------------------------------------------------

    /** {@code dip_alloc()} + pre-culling + {@code end_time}; returns null when the record is not linked. */
    private BttDevice setup(BlockEvent e, char type) {
        BttDevice dev = find(e.device());
        if (dev == null) {
            dev = new BttDevice(e.device(), t(e));
            devByNo.put(e.device(), dev);
            devices.add(dev);
        }
        if (dev.preCulling) {
            if (type == 'Q' || type == 'A') {
                dev.preCulling = false;
            } else {
                return null;
            }
        }
        return dev;
    }

    /** {@code __dip_find()}, with a one-entry cache: consecutive records mostly hit the same device. */
    private BttDevice find(int device) {
        if (lastDev != null && lastDev.device == device) {
            return lastDev;
        }
        BttDevice d = devByNo.get(device);
        if (d != null) {
            lastDev = d;
        }
        return d;
    }

    private BttProcess findProcess(int pid) {
        if (lastProc != null && lastPid == pid) {
            return lastProc;
        }
        BttProcess p = procByPid.get(pid);
        if (p != null) {
            lastPid = pid;
            lastProc = p;
            return p;
        }
        processAlloc(pid, String.format("pid%09d", Integer.toUnsignedLong(pid)));
        return procByPid.get(pid);
    }

    /** {@code process_alloc()}: a name seen with a new pid shares the existing per-name statistics. */
    private void processAlloc(int pid, String name) {
        BttProcess p = procByPid.get(pid);
        if (p != null) {
            return;
        }
        p = procByName.get(name);
        if (p != null) {
            if (pid != p.pid) {
                procByPid.putIfAbsent(pid, p);
            }
            return;
        }
        p = new BttProcess(name, pid);
        procByPid.put(pid, p);
        procByName.put(name, p);
    }

    private void linked(BttDevice dev, BlockEvent e) {
        dev.endTime = CFormat.bitTime(t(e));
    }

    // ---- statistics helpers ----------------------------------------------------------------------------------

    private static long tdelta(long from, long to) {
        return Long.compareUnsigned(from, to) < 0 ? to - from : 1;
    }

    private void update(Interval i, QueuedIo q, long value, long endTime) {
        all.get(i).update(value);
        q.dev.avgs.get(i).update(value);
        if (q.proc != null) {
            q.proc.avgs.get(i).update(value);
        }
        sink.sample(i, q.dev.device, endTime, value);
    }

    private static long updateLastQ(long last, AvgInfo avg, long time) {
        if (last != -1L) {
            avg.update(Long.compareUnsigned(time, last) > 0 ? time - last : 1);
        }
        return time;
    }

    // ---- record handlers (trace_*.c) ---------------------------------------------------------------------------

    private void queue(BlockEvent e) {
        if (e.bytes() == 0) {
            return;
        }
        BttDevice dev = setup(e, 'Q');
        if (dev == null) {
            return;
        }
        QueuedIo q = new QueuedIo(t(e), e.sector(), e.bytes(), dev, null);
        QueuedIo replaced = dev.insertQ(q);
        linked(dev, e);
        if (replaced != null) {
            untrackInFlight(replaced);
            replacedQs++;
        }
        q.proc = findProcess(e.pid());
        trackInFlight(q);

        dev.q2qSeek.add(q.sector, q.end());
        Interval qq = dev.remapper ? Interval.Q2Q_DM : Interval.Q2Q;
        long prevDev = dev.lastQ;
        dev.lastQ = updateLastQ(dev.lastQ, dev.avgs.get(qq), t(e));
        if (prevDev != -1L) {
            sink.sample(qq, dev.device, t(e), tdelta(prevDev, t(e)));
        }
        q.proc.lastQ = updateLastQ(q.proc.lastQ, q.proc.avgs.get(qq), t(e));
        lastQ = updateLastQ(lastQ, all.get(qq), t(e));
        dev.nQs++;
        dev.tActQ += dev.nActQ;
        dev.nActQ++;

        QueuedIo upper = attributeLayers ? pendingRemaps.remove(remapKey(dev.device, q.sector)) : null;
        if (upper != null) {
            q.layer().upper = upper;
            QueuedIo.LayerLink u = upper.layer();
            if (u.lowerStart == QueuedIo.UNSET || q.time < u.lowerStart) {
                u.lowerStart = q.time;
            }
        }
    }

    private static long remapKey(int device, long sector) {
        return ((long) device << 40) ^ sector;
    }

    private void remap(BlockEvent e) {
        if (e.pdu().length < 16) {
            return;
        }
        BttDevice lower = setup(e, 'A');
        if (lower == null) {
            return;
        }
        linked(lower, e);
        findProcess(e.pid());
        ByteBuffer pdu = ByteBuffer.wrap(e.pdu()).order(ByteOrder.BIG_ENDIAN);
        BttDevice upperDev = find(pdu.getInt(0));
        if (upperDev == null) {
            return;
        }
        QueuedIo q = upperDev.findQ(pdu.getLong(8));
        if (q != null) {
            update(upperDev.remapper ? Interval.Q2A_DM : Interval.Q2A, q, tdelta(q.time, t(e)), t(e));
            if (!attributeLayers) {
                return;
            }
            q.layer().lowerOpen++;
            if (pendingRemaps.size() > maxInFlight) {
                pendingRemaps.clear();
            }
            pendingRemaps.put(remapKey(e.device(), e.sector()), q);
        }
    }

    private BttDevice simple(BlockEvent e, char type) {
        if (e.bytes() == 0) {
            return null;
        }
        BttDevice dev = setup(e, type);
        if (dev != null) {
            linked(dev, e);
            findProcess(e.pid());
        }
        return dev;
    }

    private void getrq(BlockEvent e) {
        BttDevice dev = simple(e, 'G');
        if (dev == null) {
            return;
        }
        QueuedIo q = dev.findQ(e.sector());
        if (q != null) {
            q.times().g = t(e);
            update(Interval.Q2G, q, tdelta(q.time, t(e)), t(e));
            if (q.sTime() != 0) {
                update(Interval.S2G, q, tdelta(q.sTime(), t(e)), t(e));
            }
        }
    }

    private void sleeprq(BlockEvent e) {
        BttDevice dev = simple(e, 'S');
        if (dev == null) {
            return;
        }
        QueuedIo q = dev.findQ(e.sector());
        if (q != null) {
            q.times().s = t(e);
        }
    }

    private void insert(BlockEvent e) {
        BttDevice dev = simple(e, 'I');
        if (dev == null) {
            return;
        }
        QueuedIo q = dev.findQ(e.sector());
        if (q != null) {
            q.times().i = t(e);
            if (q.gTime() != QueuedIo.UNSET) {
                update(Interval.G2I, q, tdelta(q.gTime(), t(e)), t(e));
            }
        }
    }

    private void merge(BlockEvent e) {
        BttDevice dev = simple(e, 'M');
        if (dev == null) {
            return;
        }
        QueuedIo q = dev.findQ(e.sector());
        if (q != null) {
            q.times().m = t(e);
            update(Interval.Q2M, q, tdelta(q.time, t(e)), t(e));
        }
        if (dev.nActQ != 0) {
            dev.nActQ--;
        }
    }

    private void requeue(BlockEvent e) {
        BttDevice dev = setup(e, 'R');
        if (dev == null) {
            return;
        }
        linked(dev, e);
        findProcess(e.pid());
        dev.nQs++;
        dev.tActQ += dev.nActQ;
        dev.nActQ++;
    }

    private void issue(BlockEvent e) {
        BttDevice dev = simple(e, 'D');
        if (dev == null) {
            return;
        }
        if (dev.nActQ != 0) {
            dev.nActQ--;
        }
        long start = e.sector();
        long end = start + (Integer.toUnsignedLong(e.bytes()) >>> 9);
        dev.d2dSeek.add(start, end);
        dev.nDs++;
        scratch.clear();
        dev.forEachInside(start, end, scratch::add);
        long t = t(e);
        for (QueuedIo q : scratch) {
            if (q.iTime() != QueuedIo.UNSET) {
                update(Interval.I2D, q, tdelta(q.iTime(), t), t);
            } else if (q.mTime() != QueuedIo.UNSET) {
                update(Interval.M2D, q, tdelta(q.mTime(), t), t);
            } else if (q.gTime() != QueuedIo.UNSET) {
                // Not a btt statistic: blk-mq direct issue has no I; kept out of btt's tables.
                sink.sample(Interval.G2D, dev.device, t, tdelta(q.gTime(), t));
            }
            q.times().d = t;
            q.dev.q2d.add(t - q.time);
        }
    }

    private void complete(BlockEvent e) {
        BttDevice dev = simple(e, 'C');
        if (dev == null) {
            return;
        }
        long blocks = Integer.toUnsignedLong(e.bytes()) >>> 9;
        all.blks.update(blocks);
        dev.avgs.blks.update(blocks);
        BttProcess cp = findProcess(e.pid());
        if (cp != null) {
            cp.avgs.blks.update(blocks);
        }
        long start = e.sector();
        long end = start + blocks;
        long t = t(e);
        scratch.clear();
        dev.forEachInside(start, end, scratch::add);
        for (QueuedIo q : scratch) {
            long q2c = tdelta(q.time, t);
            update(q.dev.remapper ? Interval.Q2C_DM : Interval.Q2C, q, q2c, t);
            long dTime = q.dTime();
            if (dTime != QueuedIo.UNSET) {
                long d2c = tdelta(dTime, t);
                q.dev.live.add(dTime, t);
                sysLive.add(dTime, t);
                update(Interval.D2C, q, d2c, t);
            }
            if (attributeLayers) {
                attribute(q, t);
            }
            dev.removeQ(q);
            untrackInFlight(q);
        }
    }

    private void plug(BlockEvent e) {
        BttDevice dev = find(e.device());
        if (dev != null && !dev.plugged) {
            dev.plugged = true;
            dev.lastPlug = CFormat.bitTime(t(e));
        }
    }

    private void unplug(BlockEvent e, boolean timer) {
        BttDevice dev = find(e.device());
        long n = e.pdu().length >= 8 ? ByteBuffer.wrap(e.pdu()).order(ByteOrder.BIG_ENDIAN).getLong(0) : 0;
        if (dev != null && dev.plugged) {
            if (timer) {
                dev.niosUpT += n;
                dev.nplugsT++;
            } else {
                dev.nplugs++;
                dev.niosUp += n;
            }
            dev.plugged = false;
            dev.pluggedTime += CFormat.bitTime(t(e)) - dev.lastPlug;
        }
    }

    // ---- layer attribution -----------------------------------------------------------------------------------

    private void attribute(QueuedIo q, long cTime) {
        QueuedIo.LayerLink link = q.layerOrNull();
        if (link == null) {
            return;
        }
        QueuedIo upper = link.upper;
        if (upper != null) {
            QueuedIo.LayerLink u = upper.layer();
            u.lowerOpen--;
            u.lowerDone++;
            if (u.lowerEnd == QueuedIo.UNSET || cTime > u.lowerEnd) {
                u.lowerEnd = cTime;
            }
            LayerStats.Lower l = layers.computeIfAbsent(upper.dev.device, k -> new LayerStats())
                    .lower.computeIfAbsent(q.dev.device, k -> new LayerStats.Lower());
            l.pieces++;
            l.q2cSum += cTime - q.time;
            long dTime = q.dTime();
            if (dTime != QueuedIo.UNSET) {
                l.q2dSum += dTime - q.time;
                l.d2cSum += cTime - dTime;
            }
            link.upper = null;
        }
        if (q.dev.remapper && link.lowerDone > 0 && link.lowerOpen == 0 && link.lowerStart != QueuedIo.UNSET
                && link.lowerEnd != QueuedIo.UNSET) {
            LayerStats s = layers.computeIfAbsent(q.dev.device, k -> new LayerStats());
            long q2c = Math.max(0, cTime - q.time);
            long below = Math.min(q2c, Math.max(0, link.lowerEnd - link.lowerStart));
            s.bios++;
            s.q2cSum += q2c;
            s.belowSum += below;
        }
    }

    // ---- bounded in-flight table -------------------------------------------------------------------------------

    private void trackInFlight(QueuedIo q) {
        q.olderInFlight = newest;
        if (newest != null) {
            newest.newerInFlight = q;
        } else {
            oldest = q;
        }
        newest = q;
        inFlight++;
        if (inFlight > maxInFlight) {
            QueuedIo victim = oldest;
            victim.dev.removeQ(victim);
            untrackInFlight(victim);
            evicted++;
        }
    }

    private void untrackInFlight(QueuedIo q) {
        if (q.olderInFlight != null) {
            q.olderInFlight.newerInFlight = q.newerInFlight;
        } else {
            oldest = q.newerInFlight;
        }
        if (q.newerInFlight != null) {
            q.newerInFlight.olderInFlight = q.olderInFlight;
        } else {
            newest = q.olderInFlight;
        }
        q.olderInFlight = null;
        q.newerInFlight = null;
        inFlight--;
    }

    // ---- results -----------------------------------------------------------------------------------------------

    /** Devices in btt's order (first record seen). */
    public List<BttDevice> devices() {
        return Collections.unmodifiableList(devices);
    }

    /** Processes with statistics, in name order (btt's name tree). */
    public List<BttProcess> processes() {
        return new ArrayList<>(procByName.values());
    }

    public Avgs all() {
        return all;
    }

    LiveTree sysLive() {
        return sysLive;
    }

    /** Layer attribution per remapper device (kernel dev_t order). */
    public Map<Integer, LayerStats> layers() {
        return Collections.unmodifiableMap(layers);
    }

    /** Seeks left out of the seek median and modes by the distinct-distance bound (0: they equal btt's). */
    public long seeksUnrecorded() {
        long n = 0;
        for (BttDevice d : devices) {
            n += d.q2qSeek.unrecorded() + d.d2dSeek.unrecorded();
        }
        return n;
    }

    public long evicted() {
        return evicted;
    }

    /** Queued bios displaced by a later Q at the same start sector (their completion was never seen). */
    public long replacedQs() {
        return replacedQs;
    }

    public long records() {
        return records;
    }

    /** Queued bios never completed (still in the Q trees). */
    public long inFlight() {
        return inFlight;
    }

    /** Renders btt's {@code .avg} report; {@code all} adds the per-process/per-device tables and Q2D histogram. */
    public String report(boolean allData) {
        return new BttReport(this).render(allData);
    }
}
