package dev.dmreplay.ingest.synth;

import dev.dmreplay.ingest.dm.MappedSector;
import dev.dmreplay.ingest.dm.Segment;
import dev.dmreplay.ingest.dm.SectorMapper;
import dev.dmreplay.ingest.io.AtomicOutput;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.synth.BlktraceWriter.Pdu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Generates a blktrace bundle for a {@link SynthStack} under a {@link WorkloadSpec}, streaming.
 *
 * <p>Event shapes follow a v6.1 kernel tracing bio-based DM over blk-mq disks (checked against real captures of
 * linear and striped stacks, docs/kernel-model.md):
 * <ul>
 *   <li>top-level DM device: {@code Q} when the application's bio enters {@code submit_bio_noacct()}
 *       (block/blk-core.c), and one {@code C} from {@code bio_endio()} when the last clone completes;</li>
 *   <li>a bio crossing a target or stripe-chunk boundary is split by {@code dm_split_and_process_bio()}
 *       (drivers/md/dm.c): after the first clone is remapped and queued below, {@code X} on the DM device names the
 *       remainder's start; the remainder is <em>not</em> queued again (BIO_TRACE_COMPLETION is already set), and
 *       because the original bio was trimmed in place its {@code C} carries the last fragment's sector and size;</li>
 *   <li>each clone: {@code A} on the lower device ({@code __map_bio()} → {@code trace_block_bio_remap}), then on a
 *       lower DM device the same again, on a disk {@code Q G I D C} (blk-mq: {@code blk_mq_submit_bio()},
 *       insert, dispatch, request completion; the plug/unplug records {@code P U} are left out).</li>
 * </ul>
 * Departures: no merges, plugging, requeues or errors; one submitting task per process, all of a bio's records
 * on the submitter's CPU, completions as pid 0 (as interrupts record them).
 *
 * <p>Timing: bios arrive as a Poisson process ({@code rate}) or back to back, at most {@code qd} top-level bios
 * in flight; each disk serves {@value #DISK_SLOTS} requests at a time in arrival order, the service time a
 * size-dependent mean (reads 80 µs + 0.5 ns/byte, writes 25 µs + 0.8 ns/byte) times a uniform factor in
 * [0.5, 1.5). Gaps between the submit-side records of a bio are 0.2–2 µs.
 *
 * <p>Memory: a bio's records are planned when it is submitted and written once no later bio can come before
 * them, so at most {@code qd} bios' records are held (a priority queue ordered by time, then planning order).
 * Same stack, workload, record count and seed give the same bytes (one {@link SplittableRandom}).
 */
public final class TraceSynthesizer {
    static final int DISK_SLOTS = 4;
    static final long START_NS = 1_000_000_000L;

    private final SynthStack stack;
    private final WorkloadSpec spec;
    private final int cpus;
    private final SplittableRandom random;
    private final PriorityQueue<Ev> pending = new PriorityQueue<>();
    private final long[][] slotFree;
    private long order;
    private long planned;

    /**
     * What was written.
     *
     * @param records trace records (notes not counted, as blkparse counts its Events)
     * @param notes   PROCESS notes
     * @param bios    top-level bios submitted
     * @param splits  X records
     * @param files   per-CPU files written
     * @param span    nanoseconds from the first to the last record
     */
    public record Summary(long records, long notes, long bios, long splits, int files, long span) {
    }

    public TraceSynthesizer(SynthStack stack, WorkloadSpec spec, int cpus, long seed) {
        if (cpus < 1 || cpus > 256) {
            throw dev.dmreplay.ingest.io.OptionException.of("--cpus", "must be 1..256");
        }
        this.stack = stack;
        this.spec = spec;
        this.cpus = cpus;
        this.random = new SplittableRandom(seed);
        this.slotFree = new long[stack.devices().size()][DISK_SLOTS];
    }

    /**
     * Writes the bundle into {@code dir} (created if missing): {@code <dev>.blktrace.<cpu>} for every device and
     * CPU and the dumps {@code dmsetup-table.txt}, {@code dmsetup-ls-tree.txt}, {@code dmsetup-info-c.txt}.
     * Top-level bios are submitted until at least {@code records} records are planned; the last bio is completed,
     * so the count may exceed {@code records} by less than one bio's records.
     */
    public Summary write(Path dir, long records, ProgressSink progress) throws IOException {
        if (records < 1) {
            throw dev.dmreplay.ingest.io.OptionException.of("--records", "must be at least 1");
        }
        Files.createDirectories(dir);
        List<SynthStack.Device> top = stack.top();
        int procs = spec.processes();
        long[] nextSeq = new long[procs];
        long[] busyUntil = new long[procs];
        long lastSubmit = 0;
        long[] inflight = new long[spec.queueDepth()];
        int inflightCount = 0;
        long arrival = START_NS;
        long bios = 0;
        long splits;
        try (BlktraceWriter w = new BlktraceWriter(dir, stack.devices(), cpus)) {
            while (planned < records) {
                int p = random.nextInt(procs);
                SynthStack.Device dev = top.get(p % top.size());
                long size = dev.mapped().sectors();
                boolean read = random.nextInt(100) < spec.readPercent();
                int shifts = Integer.numberOfTrailingZeros(spec.maxBytes()) - Integer.numberOfTrailingZeros(spec.minBytes());
                int bytes = spec.minBytes() << random.nextInt(shifts + 1);
                long nsect = bytes >> 9;
                long sector;
                if (random.nextInt(100) < spec.seqPercent() && nextSeq[p] + nsect <= size) {
                    sector = nextSeq[p];
                } else {
                    sector = (random.nextLong(Math.max(1, (size - nsect) / 8))) * 8;
                }
                nextSeq[p] = sector + nsect;
                long t = arrival;
                if (spec.rate() > 0) {
                    arrival += (long) (-Math.log(1 - random.nextDouble()) * 1e9 / spec.rate()) + 1;
                } else {
                    arrival += gap();
                }
                if (inflightCount == spec.queueDepth()) {
                    long done = popMin(inflight, inflightCount--);
                    t = Math.max(t, done);
                    if (spec.rate() == 0) {
                        arrival = Math.max(arrival, t + gap());
                    }
                }
                // one bio at a time per process (its submit side done), and never before the previous bio:
                // the records of earlier bios before t are final and already written
                t = Math.max(t, Math.max(busyUntil[p], lastSubmit));
                lastSubmit = t;
                flushBefore(w, t);
                int cpu = (p % cpus);
                int pid = 1000 + p;
                int op = (read ? Category.READ : Category.WRITE) | Category.SYNC;
                long completed = submitTop(dev, sector, nsect, op, pid, cpu, t);
                busyUntil[p] = submitEnd;
                push(inflight, inflightCount++, completed);
                bios++;
                if (progress != null && (bios & 0xffff) == 0) {
                    progress.progress(planned, records);
                }
            }
            flushBefore(w, Long.MAX_VALUE);
            splits = this.splits;
            w.commit();
            dump(dir.resolve("dmsetup-table.txt"), stack.tableDump());
            dump(dir.resolve("dmsetup-ls-tree.txt"), stack.lsTreeDump());
            dump(dir.resolve("dmsetup-info-c.txt"), stack.infoDump());
            return new Summary(w.records(), w.notes(), bios, splits, stack.devices().size() * cpus,
                    lastTime - firstTime);
        }
    }

    private static void dump(Path file, String text) throws IOException {
        try (AtomicOutput out = AtomicOutput.create(file)) {
            out.stream().write(text.getBytes(StandardCharsets.UTF_8));
            out.commit();
        }
    }

    /** Progress callback ({@code done} of {@code total} records planned). */
    @FunctionalInterface
    public interface ProgressSink {
        void progress(long done, long total);
    }

    private long splits;
    /** When the submit side of the bio being planned is done (the task can submit its next bio). */
    private long submitEnd;
    private long firstTime = -1;
    private long lastTime;

    /** Q on the top device, then the DM device's processing; returns the top-level completion time. */
    private long submitTop(SynthStack.Device dev, long sector, long nsect, int op, int pid, int cpu, long t) {
        plan(t, dev, cpu, op | Category.QUEUE | 1, sector, nsect, pid, Pdu.NONE, 0, 0);
        return mapDm(dev, sector, nsect, op, pid, cpu, t + gap());
    }

    /**
     * dm_submit_bio() → dm_split_and_process_bio() for one bio of {@code dev}: clone by clone, each remapped
     * below; X before each further clone; C for the bio (last fragment) after the last clone completes.
     */
    private long mapDm(SynthStack.Device dev, long sector, long nsect, int op, int pid, int cpu, long t) {
        long cur = sector;
        long left = nsect;
        long done = t;
        boolean first = true;
        long lastStart = sector;
        long lastLen = nsect;
        while (left > 0) {
            Segment seg = dev.mapped().segmentAt(cur).orElseThrow();
            long len = Math.min(left, seg.end() - cur);
            len = Math.min(len, ((SectorMapper) seg.target()).contiguous(cur - seg.start()));
            MappedSector m = seg.map(cur).orElseThrow();
            SynthStack.Device lower = stack.device(m.dev());
            if (!first) {
                // the remainder after the previous clone: trace_block_split() on the DM device
                plan(t, dev, cpu, op | 13, cur, left, pid, Pdu.SPLIT, 0, cur);
                splits++;
                t += gap();
            }
            plan(t, lower, cpu, op | Category.QUEUE | 15, m.sector(), len, pid, Pdu.REMAP, dev.kernel(), cur);
            t += gap();
            plan(t, lower, cpu, op | Category.QUEUE | 1, m.sector(), len, pid, Pdu.NONE, 0, 0);
            t += gap();
            long c;
            if (lower.isDm()) {
                c = mapDm(lower, m.sector(), len, op, pid, cpu, t);
            } else {
                c = disk(lower, m.sector(), len, op, pid, cpu, t);
            }
            t += gap();
            done = Math.max(done, c);
            lastStart = cur;
            lastLen = len;
            cur += len;
            left -= len;
            first = false;
        }
        submitEnd = Math.max(submitEnd, t);
        long c = done + gap();
        plan(c, dev, cpu, op | Category.COMPLETE | 8, lastStart, lastLen, 0, Pdu.NONE, 0, 0);
        return c;
    }

    /** blk-mq on a disk: G, I, D when a slot is free, C after the service time. Returns C's time. */
    private long disk(SynthStack.Device dev, long sector, long nsect, int op, int pid, int cpu, long t) {
        plan(t, dev, cpu, op | Category.QUEUE | 4, sector, nsect, pid, Pdu.NONE, 0, 0);
        t += gap();
        plan(t, dev, cpu, op | Category.QUEUE | Category.FS | 12, sector, nsect, pid, Pdu.NONE, 0, 0);
        t += gap();
        long[] slots = slotFree[dev.index()];
        int s = 0;
        for (int i = 1; i < slots.length; i++) {
            if (slots[i] < slots[s]) {
                s = i;
            }
        }
        long d = Math.max(t, slots[s] + gap());
        plan(d, dev, cpu, op | Category.ISSUE | Category.FS | 7, sector, nsect, pid, Pdu.NONE, 0, 0);
        long bytes = nsect << 9;
        double mean = (op & Category.READ) != 0 ? 80_000 + bytes * 0.5 : 25_000 + bytes * 0.8;
        long c = d + (long) (mean * (0.5 + random.nextDouble()));
        slots[s] = c;
        plan(c, dev, cpu, op | Category.COMPLETE | Category.FS | 8, sector, nsect, 0, Pdu.NONE, 0, 0);
        return c;
    }

    private long gap() {
        return 200 + random.nextInt(1800);
    }

    private void plan(long time, SynthStack.Device dev, int cpu, int action, long sector, long nsect, int pid,
                      Pdu pdu, int fromDevice, long pduSector) {
        pending.add(new Ev(time, order++, dev.index(), cpu, action, sector, (int) (nsect << 9), pid, pdu, fromDevice,
                pduSector));
        planned++;
    }

    private void flushBefore(BlktraceWriter w, long t) throws IOException {
        while (!pending.isEmpty() && pending.peek().time < t) {
            Ev e = pending.poll();
            w.event(e.time, e.device, e.cpu, e.action, e.sector, e.bytes, e.pid, e.pdu, e.fromDevice, e.pduSector,
                    "fio");
            if (firstTime < 0) {
                firstTime = e.time;
            }
            lastTime = Math.max(lastTime, e.time);
        }
    }

    // a binary min-heap of completion times in a long[] (the in-flight top-level bios)
    private static void push(long[] h, int n, long v) {
        int i = n;
        h[i] = v;
        while (i > 0 && h[(i - 1) / 2] > h[i]) {
            long x = h[i];
            h[i] = h[(i - 1) / 2];
            h[(i - 1) / 2] = x;
            i = (i - 1) / 2;
        }
    }

    private static long popMin(long[] h, int n) {
        long min = h[0];
        h[0] = h[n - 1];
        int i = 0;
        int m = n - 1;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int s = i;
            if (l < m && h[l] < h[s]) {
                s = l;
            }
            if (r < m && h[r] < h[s]) {
                s = r;
            }
            if (s == i) {
                return min;
            }
            long x = h[i];
            h[i] = h[s];
            h[s] = x;
            i = s;
        }
    }

    private record Ev(long time, long order, int device, int cpu, int action, long sector, int bytes, int pid,
                      Pdu pdu, int fromDevice, long pduSector) implements Comparable<Ev> {
        @Override
        public int compareTo(Ev o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }
}
