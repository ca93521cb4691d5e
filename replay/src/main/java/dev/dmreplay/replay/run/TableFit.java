package dev.dmreplay.replay.run;

import dev.dmreplay.ingest.dm.DevRef;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.dm.MappedDevice;
import dev.dmreplay.ingest.dm.MappedSector;
import dev.dmreplay.ingest.dm.Segment;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.replay.workload.OpenLongMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Checks a trace against the DM table it is replayed with, from the remap ({@code A}) events of the top devices:
 * where the table maps a sector (linear and striped lines, as {@code linear_map}/{@code stripe_map} in
 * drivers/md/dm-linear.c and dm-stripe.c compute it) and where the trace says the kernel sent it must agree, the
 * lower device must be one the line names, and no I/O may reach beyond the mapped device. A table that does not
 * fit (a linear table for a striped trace, a table of another stack) makes a replay of something else; each
 * mismatch is a warning naming the table line.
 *
 * <p>It also counts, when only the lower devices were traced, the remaps that continue the previous remap of the
 * same task on the same top device (the pieces of one bio DM split at a target or stripe boundary): a replay from
 * remaps submits each piece as a top-level bio of its own.
 */
final class TableFit implements Consumer<BlockEvent> {
    private static final int MAX_WARNINGS = 10;

    private record Misfit(String where, long[] count, String example) {
    }

    private final DmTopology topo;
    /** The top devices' numbers, ascending, and their names: looked up per event without boxing the number. */
    private final int[] topNumbers;
    private final String[] topNames;
    private final String tableSource;
    private final Map<String, Misfit> misfits = new TreeMap<>();
    /** The end sector of each task's last remap per top device and direction, by (pid, device, write). */
    private final OpenLongMap lastEnd = new OpenLongMap(1);
    private long continuedRemaps;

    TableFit(DmTopology topo, Map<Integer, String> tops, String tableSource) {
        this.topo = topo;
        this.topNumbers = tops.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.topNames = new String[topNumbers.length];
        for (int i = 0; i < topNumbers.length; i++) {
            topNames[i] = tops.get(topNumbers[i]);
        }
        this.tableSource = tableSource;
    }

    /** The name of the top device numbered {@code dev}, or null. */
    private String top(int dev) {
        int i = java.util.Arrays.binarySearch(topNumbers, dev);
        return i < 0 ? null : topNames[i];
    }

    @Override
    public void accept(BlockEvent e) {
        Action k = e.kind();
        String queuedOn = k == Action.QUEUE ? top(e.device()) : null;
        String remappedFrom = k == Action.REMAP ? top(e.remapFromDevice()) : null;
        if (queuedOn != null) {
            beyond(queuedOn, e.sector(), e.sectors());
        } else if (remappedFrom != null) {
            String name = remappedFrom;
            long from = e.remapFromSector();
            long who = ((long) e.pid() << 32) ^ e.remapFromDevice() ^ (e.isWrite() ? 1L << 63 : 0);
            int slot = lastEnd.find(who);
            boolean continued = slot >= 0 && lastEnd.value(slot, 0) == from;
            lastEnd.put(who, from + e.sectors());
            if (continued && e.sectors() > 0) {
                continuedRemaps++;
            }
            // an empty flush goes to every lower device at sector 0 (dm's __send_empty_flush): no sector to check
            if (e.sectors() > 0 && !beyond(name, from, e.sectors())) {
                remap(name, from, e);
            }
        }
    }

    /** Whether I/O of {@code sectors} at {@code sector} reaches beyond {@code name}'s table (and notes it). */
    private boolean beyond(String name, long sector, int sectors) {
        Optional<MappedDevice> md = topo.device(name);
        if (md.isEmpty() || sector + sectors <= md.get().sectors()) {
            return false;
        }
        List<Segment> segs = md.get().segments();
        Segment last = segs.isEmpty() ? null : segs.get(segs.size() - 1);
        note(last, name, "I/O beyond the device's " + md.get().sectors() + " sectors, e.g. sector " + sector + " + "
                + sectors);
        return true;
    }

    private void remap(String name, long from, BlockEvent e) {
        MappedDevice md = topo.device(name).orElse(null);
        if (md == null) {
            return;
        }
        Segment seg = md.segmentAt(from).orElse(null);
        if (seg == null) {
            return;
        }
        // a discard (or write-zeroes) spanning chunks reaches every stripe as one clone per leg
        // (__send_changing_extent_only, striped_map_range), and each leg's remap record gives the original bio's
        // start as its upper sector: only the device can be checked
        boolean extent = (e.action() & dev.dmreplay.ingest.model.Category.DISCARD) != 0;
        Optional<MappedSector> where = extent ? Optional.empty() : seg.map(from);
        if (where.isPresent()) {
            int dev = kernel(where.get().dev());
            if (dev >= 0 && (dev != e.device() || where.get().sector() != e.sector())) {
                note(seg, name, "sector " + from + " was sent to " + got(e) + ", where this line maps it to "
                        + where.get().dev() + " sector " + where.get().sector());
            }
            return;
        }
        boolean named = false;
        boolean known = true;
        for (DevRef r : seg.target().devices()) {
            int dev = kernel(r);
            known &= dev >= 0;
            named |= dev == e.device();
        }
        if (known && !named && !seg.target().devices().isEmpty()) {
            note(seg, name, "sector " + from + " was sent to " + got(e) + ", a device this line does not name");
        }
    }

    /** Where a remap sent its bio, as a warning names it (made only for a remap that disagrees with the table). */
    private static String got(BlockEvent e) {
        return DevNo.ofKernel(e.device()).colon() + " sector " + e.sector();
    }

    /** The kernel device number of {@code r} (a number, or a mapped device of the table), or -1 when unknown. */
    private int kernel(DevRef r) {
        if (r.isNumber()) {
            return r.number().kernel();
        }
        String p = r.path();
        String n = p.startsWith("/dev/mapper/") ? p.substring("/dev/mapper/".length()) : p;
        return topo.device(n).map(MappedDevice::devNo).map(DevNo::kernel).orElse(-1);
    }

    private void note(Segment seg, String name, String example) {
        String where = "table line " + (seg == null || seg.line() <= 0 ? "?" : seg.line()) + " of " + tableSource
                + " (" + name + ": " + (seg == null ? "" : seg.render()) + ")";
        misfits.computeIfAbsent(where, w -> new Misfit(w, new long[1], example)).count()[0]++;
    }

    /** One warning per table line the trace does not fit, at most {@value #MAX_WARNINGS}. */
    List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (Misfit m : misfits.values()) {
            if (out.size() == MAX_WARNINGS) {
                out.add("... and " + (misfits.size() - MAX_WARNINGS) + " more table lines the trace does not fit");
                break;
            }
            out.add(m.where() + " does not fit the trace: " + m.count()[0] + " event" + (m.count()[0] == 1 ? "" : "s")
                    + " disagree with it, e.g. " + m.example());
        }
        return out;
    }

    /** Remaps that continue the same task's previous remap on the same top device. */
    long continuedRemaps() {
        return continuedRemaps;
    }
}
