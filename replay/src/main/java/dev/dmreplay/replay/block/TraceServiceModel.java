package dev.dmreplay.replay.block;

import dev.dmreplay.replay.util.LongChunks;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A trace-driven service model: the D2C times observed for one device in a trace, kept per op (read, write,
 * other) and size class (power-of-two sector buckets). A request the kernel also dispatched (same op, sector and
 * size) takes the kernel's own time for it, the n-th such request the n-th recorded time: the device below the
 * stack is outside the model, and replaying its measured service per request keeps its variation over time
 * (a host's cache warming, a busy period hitting every leg of a stripe at once), which independent draws lose
 * and which decides a striped bio's latency (the slowest of its legs). Any other request draws a sample of its
 * class with the seeded random source, falling back to the nearest size class of the op, then to any sample.
 */
public final class TraceServiceModel implements ServiceModel {
    private static final int BUCKETS = 16;
    /**
     * The op classes: read, write, other (discards and the like) and a flush without data. A flush is a write op
     * in the model ({@code REQ_OP_WRITE | REQ_PREFLUSH}, 0 sectors) but blktrace shows the flush request a queue
     * runs as {@code FN} (REQ_OP_FLUSH, no write bit): in one class of their own the two meet, so an empty flush
     * takes the kernel's flush times, not a small write's.
     */
    private static final int CLASSES = 4;
    /** The class of a flush without data. */
    public static final int FLUSH = 3;
    /** Per-request records kept at most (beyond, requests draw from their class). */
    static final int MAX_RECORDED = 1 << 18;
    /** [op 0..2][bucket 0..15] → samples in ns (possibly empty), in the narrowest array that holds them. */
    private final Samples[][] samples;
    private final int queueDepth;
    /** Recorded times per request, consumed in order through this model's own cursor. */
    private final RecordedTimes.Cursor recorded;
    /** The model's time on the trace's clock (ns since its first event), or null: flushes take times in order. */
    private java.util.function.LongSupplier traceNow;
    /**
     * {@link #followTraceTimeForAll}: a kernel request this long before the model's moment is not taken while a
     * nearer one is left (the model made fewer of these requests than the kernel by then).
     */
    static final long STALE_NS = 20_000_000L;
    /** {@link #followTraceTimeForAll}: not only flushes look up the kernel's request nearest in time. */
    private boolean everyRequestAtTraceTime;
    /** {@link #ownOpsOnly}: an op with no samples costs nothing instead of drawing another op's. */
    private boolean ownOpsOnly;

    /** @param samples [op 0..2][bucket 0..15] → D2C samples in ns (arrays may be empty) */
    public TraceServiceModel(long[][][] samples, int queueDepth) {
        this(narrowed(samples), queueDepth, new RecordedTimes());
    }

    /** The recorded times, kept to build {@link #covering} from on first use. */
    private final RecordedTimes table;
    /** {@link #coveringRequests}: the kernel's requests by sector, or null until first used. */
    private CoveringTimes covering;
    private boolean useCovering;

    private TraceServiceModel(Samples[][] samples, int queueDepth, RecordedTimes table) {
        this.samples = samples;
        this.queueDepth = queueDepth;
        this.table = table;
        this.recorded = table.cursor();
    }

    private static Samples[][] narrowed(long[][][] samples) {
        Samples[][] s = new Samples[CLASSES][BUCKETS];
        for (int o = 0; o < CLASSES; o++) {
            for (int b = 0; b < BUCKETS; b++) {
                long[] a = o < samples.length ? samples[o][b] : null;
                s[o][b] = Samples.of(a, a == null ? 0 : a.length);
            }
        }
        return s;
    }

    /**
     * One class's samples, drawn at random: a model of a trace's layer CPU times holds hundreds of thousands of
     * them and the run draws a few per top-level bio, each at a random index, so they are kept in the narrowest
     * array their values fit (2 bytes for times under 65.536 µs, a layer's usual CPU time; 4; else 8), which
     * keeps more of them in the caches. The values drawn are the same.
     */
    static final class Samples {
        private static final Samples EMPTY = new Samples(null, null, new long[0]);
        private final char[] narrow;
        private final int[] medium;
        private final long[] wide;
        final int length;

        private Samples(char[] narrow, int[] medium, long[] wide) {
            this.narrow = narrow;
            this.medium = medium;
            this.wide = wide;
            this.length = narrow != null ? narrow.length : medium != null ? medium.length : wide.length;
        }

        /** The first {@code n} values of {@code a}. */
        static Samples of(long[] a, int n) {
            if (a == null || n == 0) {
                return EMPTY;
            }
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                min = Math.min(min, a[i]);
                max = Math.max(max, a[i]);
            }
            if (min >= 0 && max <= Character.MAX_VALUE) {
                char[] c = new char[n];
                for (int i = 0; i < n; i++) {
                    c[i] = (char) a[i];
                }
                return new Samples(c, null, null);
            }
            if (min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE) {
                int[] m = new int[n];
                for (int i = 0; i < n; i++) {
                    m[i] = (int) a[i];
                }
                return new Samples(null, m, null);
            }
            return new Samples(null, null, Arrays.copyOf(a, n));
        }

        long get(int i) {
            if (narrow != null) {
                return narrow[i];
            }
            return medium != null ? medium[i] : wide[i];
        }
    }

    public static int opClass(Op op) {
        return op == Op.READ ? 0 : op == Op.WRITE ? 1 : 2;
    }

    /** The class of a bio: {@link #FLUSH} for a flush without data, else its op's. */
    public static int opClass(Bio bio) {
        return bio.sectors == 0 && (bio.flags & Bio.PREFLUSH) != 0 ? FLUSH : opClass(bio.op);
    }

    public static int bucket(int sectors) {
        int b = 0;
        int s = Math.max(1, sectors);
        while (s > 1 && b < BUCKETS - 1) {
            s >>>= 1;
            b++;
        }
        return b;
    }

    /** Samples kept per op class and size bucket at most: beyond, a sample replaces one chosen by its value. */
    static final int MAX_SAMPLES = 1 << 16;

    /** Collects samples, then builds the model. */
    public static final class Builder {
        /** [op][bucket] → samples in ns, or null; in chunks, which growing never copies ({@link LongChunks}). */
        private final LongChunks[][] data = new LongChunks[CLASSES][BUCKETS];
        private RecordedTimes recorded = new RecordedTimes();
        /**
         * The times as last built, shared by the models built since (null: changed since, or never built). They
         * are this builder's own table until the next append, which copies it first (a survey builds its models
         * once it has read the whole trace, so the tables, tens of megabytes, are not copied at all).
         */
        private RecordedTimes built;

        /** A sample of its class and the recorded time of the request at {@code sector}. */
        public Builder add(Op op, long sector, int sectors, long ns) {
            return add(opClass(op), sector, sectors, ns);
        }

        /** As {@link #add(Op, long, int, long)} for a class ({@link #opClass(Op)}, or {@link #FLUSH}). */
        public Builder add(int opClass, long sector, int sectors, long ns) {
            return add(opClass, sector, sectors, ns, RecordedTimes.ABSENT);
        }

        /**
         * As {@link #add(int, long, int, long)}, taken by the kernel's request at {@code at} (ns since the trace's
         * first event; see {@link #followTraceTime}).
         */
        public Builder add(int opClass, long sector, int sectors, long ns, long at) {
            if (recorded.size() < MAX_RECORDED) {
                if (built == recorded) {
                    recorded = recorded.frozenCopy();
                }
                recorded.add(opClass, sector, sectors, ns, at);
                built = null;
            }
            return add(opClass, sectors, ns);
        }

        public Builder add(Op op, int sectors, long d2cNs) {
            return add(opClass(op), sectors, d2cNs);
        }

        /** A sample of a class ({@link #opClass(Op)}, or {@link #FLUSH}). */
        public Builder add(int o, int sectors, long d2cNs) {
            int b = bucket(sectors);
            LongChunks a = data[o][b];
            if (a == null) {
                a = data[o][b] = new LongChunks();
            }
            if (a.size() == MAX_SAMPLES) {
                // reservoir cap: keep memory bounded on long traces (deterministic overwrite)
                a.set((int) (d2cNs % MAX_SAMPLES), d2cNs);
                return this;
            }
            a.add(d2cNs);
            return this;
        }

        /** Requests whose own time is recorded (at most {@link #MAX_RECORDED}). */
        public int recordedRequests() {
            return recorded.size();
        }

        public int total() {
            int n = 0;
            for (LongChunks[] c : data) {
                for (LongChunks x : c) {
                    n += x == null ? 0 : x.size();
                }
            }
            return n;
        }

        /**
         * The median of every D2C sample kept (all op classes and sizes), or -1 without samples: the one figure a
         * fixed-latency device (dm-delay in a reproducer) can stand in with.
         */
        public long medianNs() {
            int n = total();
            if (n == 0) {
                return -1;
            }
            long[] all = new long[n];
            int i = 0;
            for (int o = 0; o < CLASSES; o++) {
                for (int b = 0; b < BUCKETS; b++) {
                    LongChunks a = data[o][b];
                    for (int k = 0; a != null && k < a.size(); k++) {
                        all[i++] = a.get(k);
                    }
                }
            }
            Arrays.sort(all);
            return all[(n - 1) / 2];
        }

        public TraceServiceModel build(int queueDepth) {
            Samples[][] s = new Samples[CLASSES][BUCKETS];
            for (int o = 0; o < CLASSES; o++) {
                for (int b = 0; b < BUCKETS; b++) {
                    LongChunks a = data[o][b];
                    s[o][b] = a == null ? Samples.EMPTY : Samples.of(a.toArray(), a.size());
                }
            }
            if (built == null) {
                built = recorded; // shared by every model built until the next append
            }
            return new TraceServiceModel(s, queueDepth, built);
        }
    }

    @Override
    public long serviceNanos(Bio bio, SplittableRandom random) {
        long own = ownNanos(bio);
        if (own == RecordedTimes.ABSENT && useCovering && traceNow != null
                && bio.sectors <= CoveringTimes.MAX_SECTORS) {
            if (covering == null) {
                covering = table.covering(CLASSES);
            }
            own = covering.covering(opClass(bio), bio.sector, bio.sectors, traceNow.getAsLong());
        }
        return own != RecordedTimes.ABSENT ? own : draw(opClass(bio), bio, random);
    }

    /**
     * Flushes take the time of the kernel's flush nearest to {@code traceNow} (the model's time on the trace's
     * clock) instead of the next one in order: a flush's cost is what the device's write cache holds at that moment
     * (blktrace's flushes on a disk of a qemu guest took 0.1 to 20 ms), not a property of the request, and a model
     * that issues one flush more or less than the kernel (a metadata write the kernel made before the model's
     * clock starts) would otherwise give every later flush the time of another moment.
     */
    public void followTraceTime(java.util.function.LongSupplier traceNow) {
        this.traceNow = traceNow;
    }

    /**
     * As {@link #followTraceTime}, for every request, not only flushes: each takes the time of the kernel's request
     * with its key (op class, sector, size) nearest to {@code traceNow} that no other request took. For a delay that is a worker's wait for a
     * CPU rather than a cost of the request: kdmflush's resubmission of a flushed bio's data
     * ({@code dm_io_complete} → {@code queue_io}, drivers/md/dm.c v6.1). A dm-snapshot's exception-store commits all
     * write the same metadata area for a while, so the key repeats hundreds of times; the n-th commit taking the
     * kernel's n-th delay gives every commit after one the model made more or fewer than the kernel the delay of
     * another moment (z-snap-of-thin16k: 1.5 ms where the kernel's worker took 70 us).
     */
    public void followTraceTimeForAll(java.util.function.LongSupplier traceNow) {
        this.traceNow = traceNow;
        this.everyRequestAtTraceTime = true;
    }

    /**
     * A request without a recorded time of its own takes the time of the kernel's request of its class that served
     * all of its sectors nearest to the model's moment on the trace's clock (set by {@link #followTraceTime}), within
     * {@link CoveringTimes#WINDOW_NS}, before drawing a sample: the kernel merged it with a neighbour
     * ({@link CoveringTimes}). Only a request of at most {@link CoveringTimes#MAX_SECTORS}.
     */
    public TraceServiceModel coveringRequests() {
        this.useCovering = true;
        return this;
    }

    /**
     * An op the trace has no samples of costs nothing rather than a draw of another op's samples. For a layer's map
     * path whose samples are of one kind of work only: dm-crypt's writes are remapped by {@code dmcrypt_write}, so
     * the submitter's own samples are all reads (clone and submit, {@code kcryptd_io_read}), while its part of a
     * write is {@code crypt_map} queueing the io to kcryptd (dm-crypt.c v6.1), no remap, microseconds.
     */
    public TraceServiceModel ownOpsOnly() {
        this.ownOpsOnly = true;
        return this;
    }

    @Override
    public long ownNanos(Bio bio) {
        int c = opClass(bio);
        if (everyRequestAtTraceTime && traceNow != null) {
            return recorded.nearestUnused(c, c == FLUSH ? 0 : bio.sector, bio.sectors, traceNow.getAsLong(),
                    STALE_NS);
        }
        if (c == FLUSH && traceNow != null) {
            return recorded.nearest(c, 0, bio.sectors, traceNow.getAsLong());
        }
        // a flush request has no sector (blktrace: D FN 0 + 0): the device's n-th flush takes the kernel's n-th
        return recorded.poll(c, c == FLUSH ? 0 : bio.sector, bio.sectors);
    }

    /**
     * A sample of the bio's class, never its own recorded time. A layer's CPU time per bio is kept per request too,
     * but a replayed task's time at a layer is its own only where the task issues on the kernel's times
     * ({@code Task#issuesOnTracedTimes}): elsewhere the model's bios reach the layer at other moments and in
     * another mix, and taking each one's recorded time moved every later arrival (the thin pools' worker passes
     * split differently).
     */
    @Override
    public long drawNanos(Bio bio, SplittableRandom random) {
        return draw(opClass(bio), bio, random);
    }

    private long draw(int o, Bio bio, SplittableRandom random) {
        int b = bucket(bio.sectors);
        Samples a = nearest(o, b);
        if (a == null && o == FLUSH) {
            return draw(opClass(bio.op), bio, random); // no flush in the trace: as any bio of its op
        }
        if (a == null && ownOpsOnly) {
            return 0;
        }
        if (a == null) {
            for (int oo = 0; oo < 3 && a == null; oo++) {
                a = nearest(oo, b);
            }
        }
        if (a == null) {
            return 100_000;
        }
        return a.get(random.nextInt(a.length));
    }

    private Samples nearest(int o, int b) {
        for (int d = 0; d < BUCKETS; d++) {
            if (b - d >= 0 && samples[o][b - d].length > 0) {
                return samples[o][b - d];
            }
            if (b + d < BUCKETS && samples[o][b + d].length > 0) {
                return samples[o][b + d];
            }
        }
        return null;
    }

    @Override
    public int queueDepth() {
        return queueDepth;
    }
}
