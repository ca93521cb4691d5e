package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.SplitRemainders;
import dev.dmreplay.ingest.place.PlacedSource;
import dev.dmreplay.ingest.place.SelectionFilter;
import dev.dmreplay.ingest.place.TraceSelection;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Picks from a trace, in trace order, the events that become top-level bios of a {@link TraceWorkload} (see its
 * class comment for which), counting every {@code Q} record it passes over and why ({@link QueueAccounting}).
 * It depends on the trace alone, never on the model's state, so it can run ahead of the model on a thread of its
 * own ({@link TopLevelFeed}): everything the model needs from this choice travels with the picked event in a
 * {@link TopLevelBatch}, including the counts as they stood when it was picked, so that a run that stops early
 * reports the Q records read up to the bio it had taken last, as when the model read the trace itself.
 */
final class TopLevelFilter implements TopLevelFeed.Filler {
    private final EventSource source;
    private final DeviceNames devices;
    private final boolean fromRemaps;
    private final boolean leaveWorkerIo;
    private final SelectionFilter selection;
    /** (device, sector) of remaps whose clone's Q has not come yet: a set, as keys without values. */
    private final OpenLongMap remapped = new OpenLongMap(0);
    /** Split remainders that may be queued again (only as the splitting task's next Q on that device). */
    private final SplitRemainders remainders = new SplitRemainders();
    private final QueueAccounting accounting = new QueueAccounting();
    /** Process names from the PROCESS notes of the stream (first name wins, as in blkparse). */
    private final Map<Integer, String> comms = new HashMap<>();
    /**
     * Pids that have had a request picked, each with its number in order of first pick: the model makes one
     * submitter task per pid, named at its first request, and finds it by that number.
     */
    private final OpenLongMap submitters = new OpenLongMap(1);
    /** Which tasks' plugs hold requests, from the trace's plug records. */
    private final TracedPlugs plugs = new TracedPlugs();
    private long origin = Long.MIN_VALUE;
    private boolean ended;

    TopLevelFilter(EventSource source, DeviceNames devices, boolean fromRemaps, boolean leaveWorkerIo,
                   TraceSelection selection) {
        this.source = source;
        this.devices = devices;
        this.fromRemaps = fromRemaps;
        this.leaveWorkerIo = leaveWorkerIo;
        this.selection = new SelectionFilter(selection);
    }

    /**
     * Fills {@code b} (cleared first) with the next picked events, at most its capacity; at the end of the trace
     * the batch is marked {@link TopLevelBatch#ended} (with what placement did) and the source is closed. A read
     * error ends the batch after the events picked before it, as {@link TopLevelBatch#error}.
     */
    @Override
    public void fill(TopLevelBatch b) {
        b.clear();
        if (ended) {
            throw new IllegalStateException("the trace was read to its end");
        }
        try {
            while (b.size < b.capacity()) {
                BlockEvent e = nextRelevant(b);
                if (e == null) {
                    end(b);
                    return;
                }
                add(b, e);
            }
        } catch (IOException | RuntimeException | Error x) {
            ended = true;
            accounting.copyTo(b.endCounts, 0);
            b.error = x;
            closeQuietly();
        }
    }

    private void add(TopLevelBatch b, BlockEvent e) {
        int i = b.size++;
        int dev;
        long sector;
        if (fromRemaps && e.kind() == Action.REMAP) {
            dev = e.remapFromDevice();
            sector = e.remapFromSector();
        } else {
            dev = e.device();
            sector = e.sector();
        }
        b.times[i] = e.time();
        b.actions[i] = e.action();
        b.lengths[i] = e.sectors();
        b.devices[i] = devices.name(dev);
        b.sectors[i] = sector;
        b.origins[i] = origin;
        b.intoOpenPlug[i] = plugs.holds(e.pid(), e.time());
        int slot = submitters.find(e.pid());
        if (slot < 0) {
            b.submitters[i] = submitters.size();
            submitters.put(e.pid(), submitters.size());
            // blktrace files: blkparse's read-ahead naming, as it stands right after this event was read; other
            // sources (text, Parquet store): their notes
            String comm = comm(e.pid());
            b.taskNames[i] = (comm == null || comm.isEmpty() ? "pid" : comm) + "/" + e.pid();
        } else {
            b.submitters[i] = (int) submitters.value(slot, 0);
            b.taskNames[i] = null;
        }
        accounting.copyTo(b.counts, i * QueueAccounting.COUNTERS);
        b.leftToModelMarks[i] = b.leftToModelSize;
    }

    private void end(TopLevelBatch b) throws IOException {
        ended(b);
        source.close();
    }

    /** Marks {@code b} as the last batch: the trace was read to its end (what placement did, the final counts). */
    private void ended(TopLevelBatch b) {
        ended = true;
        if (source instanceof PlacedSource ps) {
            b.placed = ps.counts();
            accounting.skipUpstream(QueueAccounting.Skip.NOT_PLACED, ps.notPlaced());
            accounting.skipUpstream(QueueAccounting.Skip.SPLIT_REMAINDER, ps.splitRemainders());
        }
        accounting.copyTo(b.endCounts, 0);
        b.ended = true;
    }

    /**
     * Shows the filter the trace's next event, read by someone else from this filter's source (in trace order,
     * notes too, right after it was read: blktrace names its tasks as it reads), instead of the filter reading it
     * ({@link #fill}): a picked event is added to {@code b}. Used to pick the events while another pass reads the
     * trace ({@link TopLevelSpill}); the batches are those {@link #fill} would have filled, one after the other.
     * A failure of the filter's own ends the batch as in {@link #fill}; the caller then shows it no more events.
     *
     * @return whether {@code b} is full or ended (by a failure): the caller hands it on and clears it
     */
    boolean offer(BlockEvent e, TopLevelBatch b) {
        try {
            if (picks(e, b)) {
                add(b, e);
            }
            return b.size == b.capacity();
        } catch (RuntimeException | Error x) {
            ended = true;
            accounting.copyTo(b.endCounts, 0);
            b.error = x;
            return true;
        }
    }

    /**
     * The end of the trace read by someone else ({@link #offer}): marks {@code b} as the last batch, as {@link #fill}
     * would have at the end; the source is not closed here (whoever reads it closes it).
     */
    void finish(TopLevelBatch b) {
        try {
            ended(b);
        } catch (RuntimeException | Error x) {
            ended = true;
            accounting.copyTo(b.endCounts, 0);
            b.error = x;
        }
    }

    /** Whether the filter saw the trace's end or failed: it takes no more events. */
    boolean ended() {
        return ended;
    }

    /** Closes the source after a failure or when the model stopped reading; a second close is harmless. */
    @Override
    public void closeQuietly() {
        ended = true;
        try {
            source.close();
        } catch (IOException | RuntimeException e) {
            // the run is over or already failing: nothing reads this source again
        }
    }

    private BlockEvent nextRelevant(TopLevelBatch b) throws IOException {
        BlockEvent e;
        while ((e = source.next()) != null) {
            if (picks(e, b)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Whether {@code e}, the trace's next event, becomes a top-level bio; either way it is counted, and a skipped
     * Q of the stack's own I/O is recorded in {@code b}.
     */
    private boolean picks(BlockEvent e, TopLevelBatch b) {
        if (e.isNotify()) {
            if (e.kind() == Action.NOTIFY_PROCESS) {
                comms.putIfAbsent(e.pid(), e.text());
            }
            return false;
        }
        if (!selection.started()) {
            selection.saw(e.time());
            origin = selection.origin();
        }
        plugs.accept(e);
        Action k = e.kind();
        if (fromRemaps && k == Action.REMAP && devices.isTop(e.remapFromDevice())) {
            // the top device's bio, seen where DM remapped it; the Q of its clone below is the model's
            remapped.put(key(e.device(), e.sector()));
            return selection.admit(e.time(), e.pid()) == SelectionFilter.Verdict.KEEP;
        }
        // (without Q events on the top devices, the other events are read as usual: I/O an application
        // issued straight to a lower device is replayed too)
        String name = devices.name(e.device());
        if (name == null) {
            if (k == Action.QUEUE) {
                accounting.queue();
                accounting.skip(QueueAccounting.Skip.UNMODELLED_DEVICE);
            }
            return false;
        }
        if (k == Action.SPLIT) {
            remainders.split(e);
        } else if (k == Action.REMAP) {
            remapped.put(key(e.device(), e.sector()));
        } else if (k == Action.QUEUE) {
            accounting.queue();
            if (remainders.isRemainder(e)) {
                accounting.skip(QueueAccounting.Skip.SPLIT_REMAINDER);
                return false; // the remainder of a split, re-queued: not a new bio
            }
            if (remapped.remove(key(e.device(), e.sector()))) {
                accounting.skip(QueueAccounting.Skip.REMAPPED_CLONE);
                return false; // a clone the stack produced: the model makes its own
            }
            if (leaveWorkerIo && !devices.isTop(e.device())) {
                b.addLeftToModel(name + "\t" + rwbs(e.action()) + "\t" + (isWorker(e.pid()) ? "worker" : "task"),
                        e.sectors());
                accounting.skip(QueueAccounting.Skip.STACK_OWN_IO);
                return false; // the stack's own I/O (kcopyd, metadata, held writes): the model makes its own
            }
            SelectionFilter.Verdict v = selection.admit(e.time(), e.pid());
            if (v != SelectionFilter.Verdict.KEEP) {
                accounting.skip(v == SelectionFilter.Verdict.OUTSIDE_WINDOW
                        ? QueueAccounting.Skip.OUTSIDE_WINDOW : QueueAccounting.Skip.NOT_SAMPLED);
                return false;
            }
            accounting.deliver();
            return true;
        }
        return false;
    }

    private String comm(int pid) {
        return source instanceof BlktraceSource b ? b.comm(pid) : comms.get(pid);
    }

    private boolean isWorker(int pid) {
        String comm = comm(pid);
        return comm != null && (comm.startsWith("kworker/") || comm.startsWith("kcopyd") || comm.startsWith("ksnaphd")
                || comm.startsWith("kdmflush"));
    }

    /** blkparse's RWBS letters of a Q: F (preflush), W/R/D, F (FUA), S (sync). */
    private static String rwbs(int a) {
        StringBuilder sb = new StringBuilder(4);
        if ((a & Category.FLUSH) != 0) {
            sb.append('F');
        }
        sb.append((a & Category.DISCARD) != 0 ? 'D' : (a & Category.WRITE) != 0 ? 'W' : 'R');
        if ((a & Category.FUA) != 0) {
            sb.append('F');
        }
        if ((a & Category.SYNC) != 0) {
            sb.append('S');
        }
        return sb.toString();
    }

    private static long key(int dev, long sector) {
        return ((long) dev << 40) ^ sector;
    }

    /** The modelled devices' numbers and names, looked up per event without boxing the number. */
    static final class DeviceNames {
        private final int[] numbers;
        private final String[] names;
        private final int[] tops;

        DeviceNames(Map<Integer, String> devices, java.util.Set<Integer> topDevices) {
            numbers = devices.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            names = new String[numbers.length];
            for (int i = 0; i < numbers.length; i++) {
                names[i] = devices.get(numbers[i]);
            }
            tops = topDevices.stream().mapToInt(Integer::intValue).sorted().toArray();
        }

        /** The name of a modelled device, or null. */
        String name(int dev) {
            int i = java.util.Arrays.binarySearch(numbers, dev);
            return i < 0 ? null : names[i];
        }

        /** The index of a device's name among these (in device number order): the inverse of {@link #nameAt}. */
        int indexOf(String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i] == name) {
                    return i;
                }
            }
            throw new IllegalArgumentException("not one of these devices' names: " + name);
        }

        /** The name at {@code index} (the same instance {@link #name} gives). */
        String nameAt(int index) {
            return names[index];
        }

        /** The same devices, numbers, names and top devices. */
        boolean sameAs(DeviceNames o) {
            return java.util.Arrays.equals(numbers, o.numbers) && java.util.Arrays.equals(names, o.names)
                    && java.util.Arrays.equals(tops, o.tops);
        }

        boolean isTop(int dev) {
            return java.util.Arrays.binarySearch(tops, dev) >= 0;
        }
    }
}
