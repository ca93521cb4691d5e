package dev.dmreplay.ingest.blkparse;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.DevNo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Recovers device names ({@code sda}, {@code dm-0}) from blkparse's summary block, the only place the text names
 * devices: each {@code CPU<n> (<name>):} / {@code Events (<name>): N entries} block is matched to the device
 * whose events in the text have the same CPU set, the same number of queued (Q) requests, and no more events
 * than the block counts (DRV_DATA records are counted there but never printed). A name whose block fits no
 * device or several is left out.
 */
final class BlkparseTextSummary {

    /** What the summary says about one name. */
    private static final class Block {
        final TreeSet<Integer> cpus = new TreeSet<>();
        long queued;
        boolean queuedKnown = true;
        long events = -1;
    }

    /** What the text's events say about one device. */
    private static final class Seen {
        final TreeSet<Integer> cpus = new TreeSet<>();
        long queued;
        long events;
    }

    private final Map<String, Block> blocks = new LinkedHashMap<>();
    private final Map<Integer, Seen> seen = new HashMap<>();
    private Block current;
    private boolean currentIsCpu;

    /** Counts a displayed event (notes excluded), as blkparse's per-device statistics do. */
    void event(BlockEvent e) {
        Action a = e.kind();
        if (a == Action.NOTIFY_PROCESS) {
            return;
        }
        Seen s = seen.computeIfAbsent(e.device(), d -> new Seen());
        s.cpus.add(e.cpu());
        s.events++;
        if (a == Action.QUEUE && !e.isPc()) {
            s.queued++;
        }
    }

    /** A summary line (the parser has recognised it as one). */
    void line(String line) {
        if (line.startsWith("CPU")) {
            int open = line.indexOf(" (");
            if (open > 3 && line.endsWith("):")) {
                long cpu = parse(line.substring(3, open));
                current = blocks.computeIfAbsent(line.substring(open + 2, line.length() - 2), n -> new Block());
                currentIsCpu = cpu >= 0;
                if (currentIsCpu) {
                    current.cpus.add((int) cpu);
                }
            }
        } else if (line.startsWith("Total (")) {
            current = null;
        } else if (line.startsWith("Events (")) {
            int close = line.indexOf("): ");
            int end = line.lastIndexOf(" entries");
            // " entries" may share its leading space with "): " ("Events (sda): entries"): no count then
            if (close > 0 && end >= close + 3) {
                blocks.computeIfAbsent(line.substring(8, close), n -> new Block()).events =
                        parse(line.substring(close + 3, end).replace(",", ""));
            }
            current = null;
        } else if (current != null && currentIsCpu && line.startsWith(" Reads Queued:")) {
            long reads = count(line, " Reads Queued:");
            long writes = count(line, " Writes Queued:");
            if (reads < 0 || writes < 0) {
                current.queuedKnown = false;
            } else {
                current.queued += reads + writes;
            }
        }
    }

    /** {@code <label> <count>, <size>}: the count, or -1 when it is scaled (K/M suffix) or grouped. */
    private static long count(String line, String label) {
        int i = line.indexOf(label);
        if (i < 0) {
            return -1;
        }
        int from = i + label.length();
        int comma = line.indexOf(", ", from);
        return comma < 0 ? -1 : parse(line.substring(from, comma).strip());
    }

    private static long parse(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Device numbers to the names the summary gives them, where the match is unique. */
    Map<DevNo, String> names() {
        Map<DevNo, String> out = new TreeMap<>();
        Map<Integer, Integer> claimed = new HashMap<>();
        for (Map.Entry<String, Block> b : blocks.entrySet()) {
            Block blk = b.getValue();
            if (blk.events < 0 || blk.cpus.isEmpty()) {
                continue;
            }
            List<Integer> fits = new ArrayList<>();
            for (Map.Entry<Integer, Seen> s : seen.entrySet()) {
                Seen sn = s.getValue();
                if (sn.cpus.equals(blk.cpus) && sn.events <= blk.events
                        && (!blk.queuedKnown || sn.queued == blk.queued)) {
                    fits.add(s.getKey());
                }
            }
            if (fits.size() == 1) {
                claimed.merge(fits.get(0), 1, Integer::sum);
                out.put(DevNo.ofKernel(fits.get(0)), b.getKey());
            }
        }
        // a device two names fit is ambiguous: drop it
        claimed.forEach((dev, n) -> {
            if (n > 1) {
                out.remove(DevNo.ofKernel(dev));
            }
        });
        return out;
    }
}
