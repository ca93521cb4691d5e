package dev.dmreplay.ingest.place;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One pass over a trace for placement: per traced device its queue records and the highest sector they reach,
 * and which devices are the lower side of a remap (the stack's own clones live there, so they are not
 * application devices). Memory is one entry per device.
 */
public final class PlacementSurvey {

    /** What one traced device holds. */
    public static final class Device {
        long queues;
        long bytes;
        long extent;

        /** Q records on the device. */
        public long queues() {
            return queues;
        }

        /** Bytes those Q records move. */
        public long bytes() {
            return bytes;
        }

        /** The highest end sector (sector + length) of a Q record: the traced device is at least this big. */
        public long extent() {
            return extent;
        }
    }

    private final Map<Integer, Device> devices = new TreeMap<>();
    private final Set<Integer> remapTargets = new HashSet<>();

    private PlacementSurvey() {
    }

    /** Reads {@code events} to the end (the caller closes it). */
    public static PlacementSurvey scan(EventSource events) throws IOException {
        PlacementSurvey s = new PlacementSurvey();
        BlockEvent e;
        while ((e = events.next()) != null) {
            if (e.isNotify()) {
                continue;
            }
            Action k = e.kind();
            if (k == Action.REMAP) {
                s.remapTargets.add(e.device());
            } else if (k == Action.QUEUE) {
                Device d = s.devices.computeIfAbsent(e.device(), x -> new Device());
                d.queues++;
                d.bytes += Integer.toUnsignedLong(e.bytes());
                d.extent = Math.max(d.extent, e.sector() + e.sectors());
            }
        }
        return s;
    }

    /** Every device with Q records, by kernel device number, in number order. */
    public Map<Integer, Device> devices() {
        return Collections.unmodifiableMap(devices);
    }

    /**
     * Whether a device's Q records are application I/O: it has some and is not the lower side of any remap (a
     * device below a traced mapped device sees the stack's clones, which the model makes itself).
     */
    public boolean isApplicationDevice(int dev) {
        Device d = devices.get(dev);
        return d != null && d.queues > 0 && !remapTargets.contains(dev);
    }
}
