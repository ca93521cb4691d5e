package dev.dmreplay.replay.kcopyd;

import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioAlloc;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Bioset;
import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.PoolElement;
import dev.dmreplay.replay.block.Servicer;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WaitQueue;
import dev.dmreplay.replay.sim.Workqueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code struct dm_io_client} and {@code dm_io()} (drivers/md/dm-io.c, v4.15; the same shape through v6.1):
 * a mempool of {@code struct io} ({@code min_ios} = {@code reserved_bio_based_ios}, 16) and a bioset with bvecs of
 * the same size. {@code dm_io()} allocates one {@code io} ({@code mempool_alloc(GFP_NOIO)}, may sleep), then per
 * region ({@code do_region}) allocates bios from the client's bioset ({@code bio_alloc_bioset(GFP_NOIO)}, may
 * sleep) and submits them with {@code submit_bio} from the calling task; the notify function runs in completion
 * context when the last bio of the last region has completed ({@code dec_count} → {@code complete_io}).
 * Synchronous {@code dm_io()} (no notify function) submits with {@code REQ_SYNC} and sleeps in
 * {@code wait_for_completion_io}.
 *
 * <p>Departures: one bio per region unless the region exceeds {@link #MAX_BIO_SECTORS} (the kernel's
 * {@code do_region} also splits at the queue's limits, which the leaf's own {@code blk_queue_split} models). A
 * zero-length region issues one empty bio, as {@code do_region}'s do-while does for a flush; discards carry no
 * pages.
 */
public final class DmIoClient {
    /** {@code BIO_MAX_PAGES} (256) pages of 4 KiB: the most one dm-io bio carries. */
    public static final int MAX_BIO_SECTORS = 2048;
    /** {@code dm_get_reserved_bio_based_ios()} default. */
    public static final int MIN_IOS = 16;

    private final BlockLayer layer;
    public final String name;
    private final Mempool ioPool;
    private final Bioset bios;
    private long nextIoId = 1;
    private final Map<String, long[]> counts = new TreeMap<>();
    /** The class of I/O whose later empty regions (flushes) wait {@link #regionGap} after the one before. */
    private IoClass gapClass;
    private java.util.function.LongSupplier regionGap;

    /** Completion of an asynchronous {@code dm_io()} ({@code io_notify_fn}); runs in completion context. */
    @FunctionalInterface
    public interface Notify {
        /** @param errorBits one bit per region that failed */
        void done(long errorBits);
    }

    /**
     * {@code dm_io_client_create()}.
     *
     * @param rescuerWq the bioset's rescuer workqueue, or null (none: v4.13+ without {@code BIOSET_NEED_RESCUER})
     */
    public DmIoClient(BlockLayer layer, String name, Workqueue rescuerWq) {
        this.layer = layer;
        this.name = name;
        this.ioPool = new Mempool(layer.kernel, "dm-io io pool of " + name, dev.dmreplay.replay.observe.PoolKind.MEMPOOL, MIN_IOS, 0);
        this.bios = new Bioset(layer, "dm-io bios of " + name, MIN_IOS, true, rescuerWq);
    }

    /**
     * Trace replays: for empty flushes of class {@code cls}, the calling task's CPU time between submitting one
     * region's bio and the next region's, drawn from {@code gap} ({@code do_region} is called per region in turn from
     * {@code dispatch_io}, dm-io.c v6.1, so a task preempted there submits the next leg's bio late: kmirrord on the
     * traced machine, 100-360 us after the first leg's). Null {@code gap}: no wait.
     */
    public void regionGap(IoClass cls, java.util.function.LongSupplier gap) {
        this.gapClass = gap == null ? null : cls;
        this.regionGap = gap;
    }

    public Mempool ioPool() {
        return ioPool;
    }

    public Bioset bioset() {
        return bios;
    }

    /** {@code struct io}: one dm_io() call in flight; holds an element of the io mempool. */
    public final class Io extends PoolElement implements Servicer {
        final long id;
        final Op op;
        final int flags;
        final List<Region> where;
        final IoClass cls;
        final Notify notify;
        int count = 1;
        long errorBits;
        final List<Bio> inFlight = new ArrayList<>(2);
        boolean done;
        WaitQueue completion;

        Io(long id, Op op, int flags, List<Region> where, IoClass cls, Notify notify) {
            this.id = id;
            this.op = op;
            this.flags = flags;
            this.where = where;
            this.cls = cls;
            this.notify = notify;
        }

        @Override
        public String label() {
            return "dm-io #" + id + " of " + name + " (" + cls + " " + where + ")";
        }

        @Override
        public String serviceName() {
            return label();
        }

        @Override
        public List<Object> waitsFor() {
            return new ArrayList<>(inFlight);
        }
    }

    /**
     * Asynchronous {@code dm_io()} from task {@code t}: returns 0 when everything was submitted without a frame,
     * else {@link Frame#CALL} (allocations may sleep; submission from a task outside {@code generic_make_request}
     * runs the whole lower stack in this task). {@code notify} runs when all regions completed.
     */
    public Step submit(Task t, Op op, int flags, List<Region> where, IoClass cls, Notify notify) {
        return t.call(new DmIoFrame(new Io(nextIoId++, op, flags, List.copyOf(where), cls, notify), false));
    }

    /**
     * Synchronous {@code dm_io()}: the frame submits like {@link #submit} and then sleeps in
     * {@code wait_for_completion_io}; push it with {@link Task#call} and read {@link DmIoFrame#errorBits()} when
     * it has returned.
     */
    public DmIoFrame sync(Op op, int flags, List<Region> where, IoClass cls) {
        return new DmIoFrame(new Io(nextIoId++, op, flags, List.copyOf(where), cls, null), true);
    }

    /** {@code dm_io()} → {@code async_io()}/{@code sync_io()} → {@code dispatch_io()} → {@code do_region()}. */
    public final class DmIoFrame extends Frame {
        private final Io io;
        private final boolean sync;
        private int region;
        private long done;
        private boolean started;

        /** {@code sync_io()}/{@code async_io()}, v4.15–v6.1: {@code mempool_alloc(&client->pool, GFP_NOIO)}. */
        private static final int ALLOC_IO = 0;
        /** {@code sync_io()}/{@code async_io()}, v4.15–v6.1: the {@code struct io} is ours: set it up. */
        private static final int IO_ALLOCATED = 1;
        /** {@code dispatch_io()}/{@code do_region()}, v4.15–v6.1: the next bio of this region, or the next region. */
        private static final int DO_REGION = 2;
        /** {@code do_region()}, v4.15–v6.1: {@code bio_alloc_bioset()} returned: set the bio up, {@code submit_bio}. */
        private static final int SUBMIT_BIO = 3;
        /** {@code dispatch_io()}, v4.15–v6.1: {@code dec_count(io, 0, 0)} drops the extra reference. */
        private static final int DROP_DISPATCH_REF = 5;
        /** {@code sync_io()}, v4.15–v6.1: {@code wait_for_completion_io(&sio.wait)}. */
        private static final int WAIT_FOR_COMPLETION = 6;

        DmIoFrame(Io io, boolean sync) {
            this.io = io;
            this.sync = sync;
        }

        /** One bit per region that failed (valid once the frame has returned). */
        public long errorBits() {
            return io.errorBits;
        }

        @Override
        public Step step(Task t) {
            while (true) {
                switch (pc) {
                    case ALLOC_IO -> {
                        Mempool.Attempt r = ioPool.tryAlloc(Gfp.NOIO, t.name);
                        pc = IO_ALLOCATED;
                        if (r != Mempool.Attempt.GOT) {
                            return t.call(ioPool.allocFrame());
                        }
                    }
                    case IO_ALLOCATED -> {
                        ioPool.attach(io, t.name, 0);
                        if (sync) {
                            io.completion = new WaitQueue("wait_for_completion_io(" + io.label() + ")",
                                    io::waitsFor);
                        }
                        pc = DO_REGION;
                    }
                    case DO_REGION -> {
                        if (region >= io.where.size()) {
                            pc = DROP_DISPATCH_REF;
                            continue;
                        }
                        Region r = io.where.get(region);
                        long left = r.count() - done;
                        // do_region's do { } while (remaining): a zero-length region (a flush) still gets one bio
                        if (left <= 0 && (r.count() > 0 || started)) {
                            region++;
                            done = 0;
                            started = false;
                            if (regionGap != null && io.cls == gapClass && region < io.where.size()
                                    && io.where.get(region).count() == 0) {
                                long gap = regionGap.getAsLong();
                                if (gap > 0) {
                                    return t.consumeCpu(gap); // preempted, not asleep: a plug keeps its requests
                                }
                            }
                            continue;
                        }
                        int n = (int) Math.min(left, MAX_BIO_SECTORS);
                        pc = SUBMIT_BIO;
                        if (BioAlloc.alloc(t, bios, Gfp.NOIO, noData(io.op) || n == 0 ? 0
                                : BioOps.segmentsFor(n)) == CALL) {
                            return CALL;
                        }
                    }
                    case SUBMIT_BIO -> { // the bio arrived: set it up and submit_bio()
                        Region r = io.where.get(region);
                        int n = (int) Math.min(r.count() - done, MAX_BIO_SECTORS);
                        Bio b = t.retBio;
                        b.dev = r.dev();
                        b.sector = r.sector() + done;
                        b.sectors = n;
                        b.op = io.op;
                        b.flags = sync ? io.flags | Bio.SYNC : io.flags;
                        b.segments = noData(io.op) || n == 0 ? 0 : BioOps.segmentsFor(n);
                        started = true;
                        b.submitTime = layer.kernel.sim.now();
                        b.priv = io;
                        b.endIo = DmIoClient.this::endio;
                        b.owner = io;
                        io.count++;
                        io.inFlight.add(b);
                        count(b, io.cls);
                        done += n;
                        pc = DO_REGION;
                        if (Gmr.submit(t, b) == CALL) {
                            return CALL;
                        }
                    }
                    case DROP_DISPATCH_REF -> {
                        decCount(io);
                        if (!sync) {
                            return RETURN;
                        }
                        pc = WAIT_FOR_COMPLETION;
                    }
                    case WAIT_FOR_COMPLETION -> {
                        io.completion.finishWait(t);
                        if (!io.done) {
                            return io.completion.sleep(t, "wait_for_completion_io");
                        }
                        return RETURN;
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        @Override
        public String function() {
            return sync ? "dm_io(sync)" : "dm_io";
        }
    }

    /** Ops whose bios carry no pages (dm-io's {@code DM_IO_KMEM} with a NULL buffer). */
    private static boolean noData(Op op) {
        return op == Op.WRITE_ZEROES || op == Op.DISCARD;
    }

    /** {@code endio()} of dm-io: note the error, put the bio, drop the io's count. */
    private void endio(Bio b) {
        Io io = (Io) b.priv;
        if (b.status != 0) {
            io.errorBits |= 1L << Math.min(63, io.where.indexOf(regionOf(io, b)));
        }
        io.inFlight.remove(b);
        BioOps.put(b);
        decCount(io);
    }

    private static Region regionOf(Io io, Bio b) {
        for (Region r : io.where) {
            if (r.dev() == b.dev && b.sector >= r.sector() && b.sector < r.sector() + r.count()) {
                return r;
            }
        }
        return io.where.get(0);
    }

    /** {@code dec_count()} → {@code complete_io()}: the last reference frees the io and notifies. */
    private void decCount(Io io) {
        if (--io.count > 0) {
            return;
        }
        io.done = true;
        ioPool.free(io);
        if (io.completion != null) {
            io.completion.wakeAll();
        }
        if (io.notify != null) {
            io.notify.done(io.errorBits);
        }
    }

    private void count(Bio b, IoClass cls) {
        countInto(counts, b, cls);
    }

    /** Adds one bio to a (device, class, RWBS) count table. */
    public static void countInto(Map<String, long[]> table, Bio b, IoClass cls) {
        long[] c = table.computeIfAbsent(b.dev.name + "\t" + cls + "\t" + rwbs(b), k -> new long[2]);
        c[0]++;
        c[1] += b.sectors;
    }

    /** Rows of a count table, in key order. */
    public static List<IoCount> rows(Map<String, long[]> table) {
        List<IoCount> l = new ArrayList<>();
        for (Map.Entry<String, long[]> e : table.entrySet()) {
            String[] k = e.getKey().split("\t");
            l.add(new IoCount(k[0], IoClass.valueOf(k[1]), k[2], e.getValue()[0], e.getValue()[1]));
        }
        return l;
    }

    /** Bios and sectors issued, per device, class and RWBS, in name order. */
    public List<IoCount> counts() {
        return rows(counts);
    }

    /** blkparse's RWBS letters of a bio: F (preflush), then W/R/D, then F (FUA) and S (sync). */
    public static String rwbs(Bio b) {
        StringBuilder sb = new StringBuilder(4);
        if (b.has(Bio.PREFLUSH)) {
            sb.append('F');
        }
        sb.append(switch (b.op) {
            case READ -> 'R';
            case DISCARD -> 'D';
            default -> 'W';
        });
        if (b.has(Bio.FUA)) {
            sb.append('F');
        }
        if (b.has(Bio.SYNC)) {
            sb.append('S');
        }
        return sb.toString();
    }

    /** I/O issued by a helper to one device for one purpose, with blkparse's RWBS. */
    public record IoCount(String device, IoClass cls, String rwbs, long bios, long sectors) {
    }
}
