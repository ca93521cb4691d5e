package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.place.Sampling;
import dev.dmreplay.ingest.place.TimeWindow;
import dev.dmreplay.ingest.place.TraceSelection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The batches read back from a spill are those the filter fills reading the trace itself: every field, the same
 * boundaries, the end; the file is gone from the start, memory does not grow with the events spilled, and a spill
 * is only complete when the trace was read to its end through it.
 */
class TopLevelSpillTest {
    private static final int TOP = 253 << 20;
    private static final int MID = 253 << 20 | 1;
    private static final int LEAF_A = 8 << 20;
    private static final int LEAF_B = 8 << 20 | 16;
    private static final int OTHER = 9 << 20;
    private static final Map<Integer, String> TOPS = Map.of(TOP, "top");
    private static final Map<Integer, String> DEVICES = devices();

    private static Map<Integer, String> devices() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(TOP, "top");
        m.put(MID, "mid");
        m.put(LEAF_A, "8:0");
        m.put(LEAF_B, "8:16");
        return m;
    }

    private static TopLevelFilter.DeviceNames names() {
        return new TopLevelFilter.DeviceNames(DEVICES, TOPS.keySet());
    }

    private static BlockEvent event(long t, long sector, int sectors, int action, int pid, int dev, byte[] pdu) {
        return new BlockEvent(t, 0, sector, sectors << 9, action, pid, dev, 0, 0, pdu);
    }

    private static byte[] remap(int from, int to, long fromSector) {
        return ByteBuffer.allocate(16).putInt(from).putInt(to).putLong(fromSector).array();
    }

    private static byte[] name(String comm) {
        return (comm + "\0").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A made-up trace of a stack top → mid → two leaves: applications' Qs on the top device remapped down (each
     * clone's Q after its A), some split, plugs, direct I/O to a leaf, a kworker's own I/O, Qs on a device outside
     * the stack, and the tasks' PROCESS notes.
     */
    private static List<BlockEvent> trace(long seed, int bios) {
        Random r = new Random(seed);
        List<BlockEvent> out = new ArrayList<>();
        String[] comms = {"fio", "dd", "kworker/0:1", "postgres", "a-task-with-a-rather-long-name-" + "é".repeat(20)};
        long t = 1_000_000_000L;
        int[] flags = {Category.READ, Category.WRITE, Category.WRITE | Category.SYNC,
                Category.WRITE | Category.FUA | Category.FLUSH, Category.READ | Category.AHEAD | Category.META,
                Category.DISCARD | Category.WRITE};
        int notified = 0;
        for (int i = 0; i < bios; i++) {
            t += 1 + r.nextInt(r.nextInt(10) == 0 ? 5_000_000 : 20_000);
            int pid = 100 + r.nextInt(comms.length);
            if (pid - 100 >= notified && r.nextBoolean()) {
                // a task's name note, as blktrace writes one before the task's first records
                out.add(event(t, 0, 0, Category.NOTIFY | Action.NOTIFY_PROCESS.code(), pid, 0,
                        name(comms[pid - 100])));
                notified = pid - 100 + 1;
            }
            int f = flags[r.nextInt(flags.length)];
            long sector = r.nextInt(8) == 0 ? (i * 8L) : r.nextInt(1 << 20) * 8L;
            int sectors = 8 << r.nextInt(5);
            int kind = r.nextInt(20);
            if (r.nextInt(30) == 0) {
                out.add(event(t, 0, 0, Category.QUEUE | Action.PLUG.code(), pid, TOP, null));
            }
            if (kind == 0) {
                // I/O straight to a leaf, or a worker's own I/O there
                out.add(event(t, sector, sectors, f | Category.QUEUE | Action.QUEUE.code(), pid,
                        r.nextBoolean() ? LEAF_A : LEAF_B, null));
            } else if (kind == 1) {
                out.add(event(t, sector, sectors, f | Category.QUEUE | Action.QUEUE.code(), pid, OTHER, null));
            } else {
                out.add(event(t, sector, sectors, f | Category.QUEUE | Action.QUEUE.code(), pid, TOP, null));
                long mid = sector + 2048;
                if (kind == 2) {
                    // split at the top: the remainder is queued again by the same task
                    out.add(event(t + 1, sector, sectors, f | Category.QUEUE | Action.SPLIT.code(), pid, TOP,
                            ByteBuffer.allocate(8).putLong(sector + sectors / 2).array()));
                    out.add(event(t + 2, sector + sectors / 2, sectors / 2, f | Category.QUEUE | Action.QUEUE.code(),
                            pid, TOP, null));
                }
                out.add(event(t + 3, mid, sectors, f | Category.QUEUE | Action.REMAP.code(), pid, MID,
                        remap(TOP, MID, sector)));
                out.add(event(t + 4, mid, sectors, f | Category.QUEUE | Action.QUEUE.code(), pid, MID, null));
                int leaf = r.nextBoolean() ? LEAF_A : LEAF_B;
                out.add(event(t + 5, mid / 2, sectors, f | Category.QUEUE | Action.REMAP.code(), pid, leaf,
                        remap(MID, leaf, mid)));
                out.add(event(t + 6, mid / 2, sectors, f | Category.QUEUE | Action.QUEUE.code(), pid, leaf, null));
            }
            if (r.nextInt(30) == 0) {
                out.add(event(t + 7, 0, 0, Category.QUEUE | Action.UNPLUG_IO.code(), pid, TOP,
                        ByteBuffer.allocate(8).putLong(1).array()));
            }
            t += 7;
        }
        return out;
    }

    /** Every field of a batch the run takes, one line per event and one for the batch. */
    private static List<String> lines(TopLevelBatch b) {
        List<String> out = new ArrayList<>();
        int n = QueueAccounting.COUNTERS;
        for (int i = 0; i < b.size; i++) {
            out.add(b.times[i] + " " + b.actions[i] + " " + b.lengths[i] + " " + b.devices[i] + " " + b.sectors[i]
                    + " " + b.origins[i] + " " + b.taskNames[i] + " " + b.submitters[i] + " " + b.intoOpenPlug[i]
                    + " " + Arrays.toString(Arrays.copyOfRange(b.counts, i * n, i * n + n)) + " "
                    + b.leftToModelMarks[i]);
        }
        List<String> left = new ArrayList<>();
        for (int j = 0; j < b.leftToModelSize; j++) {
            left.add(b.leftToModelKeys[j] + "=" + b.leftToModelSectors[j]);
        }
        out.add("batch of " + b.size + ", left " + left + ", ended " + b.ended + ", error " + b.error
                + (b.ended || b.error != null ? ", end counts " + Arrays.toString(b.endCounts) : "")
                + ", placed " + b.placed);
        return out;
    }

    /** The batches the filter fills reading the trace itself. */
    private static List<String> filled(List<BlockEvent> events, TraceSelection sel, boolean fromRemaps,
                                       boolean leaveWorkerIo, int batchSize) {
        TopLevelFilter f = new TopLevelFilter(EventSource.of(events), names(), fromRemaps, leaveWorkerIo, sel);
        TopLevelBatch b = new TopLevelBatch(batchSize);
        List<String> out = new ArrayList<>();
        do {
            f.fill(b);
            out.addAll(lines(b));
        } while (!b.ended && b.error == null);
        return out;
    }

    /** The trace read through the spill's source to its end, as the survey reads it. */
    private static TopLevelSpill spilled(List<BlockEvent> events, TraceSelection sel, boolean fromRemaps,
                                         boolean leaveWorkerIo, int batchSize) throws IOException {
        TopLevelSpill spill = TopLevelSpill.record(EventSource.of(events), names(), sel, fromRemaps, leaveWorkerIo,
                batchSize);
        try (EventSource src = spill.source()) {
            int n = 0;
            while (src.next() != null) {
                n++;
            }
            assertThat(n).isEqualTo(events.size());
        }
        return spill;
    }

    private static List<String> readBack(TopLevelSpill spill, int batchSize) {
        TopLevelFeed.Filler reader = spill.reader();
        TopLevelBatch b = new TopLevelBatch(batchSize);
        List<String> out = new ArrayList<>();
        do {
            reader.fill(b);
            out.addAll(lines(b));
        } while (!b.ended && b.error == null);
        return out;
    }

    @ParameterizedTest
    @CsvSource({"false, false, 1024, all", "false, false, 7, all", "true, false, 64, all", "false, true, 64, all",
            "true, true, 1, all", "false, false, 64, window", "false, true, 33, sample", "true, false, 1024, sample"})
    void theBatchesReadBackAreThoseTheFilterFills(boolean fromRemaps, boolean leaveWorkerIo, int batchSize,
                                                  String selection) throws IOException {
        TraceSelection sel = switch (selection) {
            case "window" -> new TraceSelection(new TimeWindow(200_000_000L, 900_000_000L), Sampling.ALL, 3);
            case "sample" -> new TraceSelection(TimeWindow.ALL, new Sampling(0.4, Sampling.Unit.IO), 5);
            default -> TraceSelection.ALL;
        };
        List<BlockEvent> events = trace(batchSize * 31L + (fromRemaps ? 1 : 0), 20_000);
        List<String> filled = filled(events, sel, fromRemaps, leaveWorkerIo, batchSize);
        assertThat(filled.size()).isGreaterThan(1000);
        try (TopLevelSpill spill = spilled(events, sel, fromRemaps, leaveWorkerIo, batchSize)) {
            assertThat(spill.complete()).isTrue();
            assertThat(readBack(spill, batchSize)).isEqualTo(filled);
            // read to its end, the spill is closed
            assertThat(spill.complete()).isFalse();
        }
    }

    @Test
    void anEmptyTraceGivesOneEndedBatch() throws IOException {
        try (TopLevelSpill spill = spilled(List.of(), TraceSelection.ALL, false, false, 16)) {
            assertThat(readBack(spill, 16)).isEqualTo(filled(List.of(), TraceSelection.ALL, false, false, 16))
                    .hasSize(1);
        }
    }

    @Test
    void theFileIsUnlinkedAtOnceAndClosedOnce() throws IOException {
        TopLevelSpill spill = TopLevelSpill.record(EventSource.of(trace(1, 100)), TOPS, DEVICES, TraceSelection.ALL);
        try {
            // POSIX lets an open file be unlinked: nothing is left behind however the process ends
            assertThat(Files.exists(spill.path())).isFalse();
            try (EventSource src = spill.source()) {
                while (src.next() != null) {
                    // read as the survey does
                }
            }
            assertThat(spill.length()).isGreaterThan(0);
            assertThat(spill.complete()).isTrue();
            spill.reader();
            assertThatThrownBy(spill::reader).isInstanceOf(IllegalStateException.class);
        } finally {
            spill.close();
            spill.close();
        }
        assertThat(spill.complete()).isFalse();
    }

    @Test
    void aSpillNotReadToTheEndIsNotComplete() throws IOException {
        try (TopLevelSpill spill = TopLevelSpill.record(EventSource.of(trace(2, 5_000)), TOPS, DEVICES, TraceSelection.ALL)) {
            EventSource src = spill.source();
            for (int i = 0; i < 1000; i++) {
                src.next();
            }
            src.close();
            assertThat(spill.complete()).isFalse();
            assertThatThrownBy(spill::reader).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aSpillServesOnlyAFilterWithItsSettings() throws IOException {
        TraceSelection sel = new TraceSelection(TimeWindow.ALL, new Sampling(0.5, Sampling.Unit.IO), 7);
        try (TopLevelSpill spill = TopLevelSpill.record(EventSource.of(List.of()), TOPS, DEVICES, sel)) {
            assertThat(spill.madeFor(names(), false, false, sel)).isTrue();
            assertThat(spill.madeFor(names(), true, false, sel)).isFalse();
            assertThat(spill.madeFor(names(), false, true, sel)).isFalse();
            assertThat(spill.madeFor(names(), false, false, TraceSelection.ALL)).isFalse();
            Map<Integer, String> fewer = new LinkedHashMap<>(DEVICES);
            fewer.remove(LEAF_B);
            assertThat(spill.madeFor(new TopLevelFilter.DeviceNames(fewer, TOPS.keySet()), false, false, sel))
                    .isFalse();
            assertThat(spill.madeFor(new TopLevelFilter.DeviceNames(DEVICES, Set.of(TOP, MID)), false, false, sel))
                    .isFalse();
        }
    }

    /** Used heap after a collection, in bytes. */
    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    @Test
    void memoryDoesNotGrowWithTheEventsSpilled() throws IOException {
        // three million picked bios, made as they are read: the spill keeps none of them on the heap
        int total = 3_000_000;
        long[] used = new long[2];
        EventSource generated = new EventSource() {
            private int i;

            @Override
            public BlockEvent next() {
                if (i == 300_000) {
                    used[0] = usedAfterGc();
                }
                if (i == total) {
                    used[1] = usedAfterGc();
                    return null;
                }
                i++;
                return event(i * 1000L, i * 8L, 8, Category.WRITE | Category.QUEUE | Action.QUEUE.code(),
                        100 + i % 50, TOP, null);
            }

            @Override
            public void close() {
            }
        };
        try (TopLevelSpill spill = TopLevelSpill.record(generated, TOPS, DEVICES, TraceSelection.ALL)) {
            try (EventSource src = spill.source()) {
                while (src.next() != null) {
                    // read as the survey does
                }
            }
            assertThat(spill.complete()).isTrue();
            // at least a byte per bio went to the file, and the heap grew by far less than that meanwhile
            assertThat(spill.length()).isGreaterThan(total);
            assertThat(used[1] - used[0]).isLessThan(8L << 20);
            TopLevelFeed.Filler reader = spill.reader();
            TopLevelBatch b = new TopLevelBatch(TopLevelFeed.BATCH);
            long read = 0;
            long lastTime = 0;
            do {
                reader.fill(b);
                read += b.size;
                if (b.size > 0) {
                    lastTime = b.times[b.size - 1];
                }
            } while (!b.ended && b.error == null);
            assertThat(read).isEqualTo(total);
            assertThat(lastTime).isEqualTo(total * 1000L);
        }
    }
}
