package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.model.DevNo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A device-mapper device: its name, its number when a dump gave it, its uuid when known, and its table.
 *
 * @param devNo null when only the table was given
 * @param uuid  null when unknown, empty when the device has none
 */
public record MappedDevice(String name, DevNo devNo, String uuid, List<Segment> segments) {

    public MappedDevice {
        segments = List.copyOf(segments);
    }

    /** Size in sectors (end of the last segment). */
    public long sectors() {
        return segments.isEmpty() ? 0 : segments.get(segments.size() - 1).end();
    }

    /** The segment holding {@code sector} (binary search, as {@code dm_table_find_target}). */
    public Optional<Segment> segmentAt(long sector) {
        int lo = 0, hi = segments.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Segment s = segments.get(mid);
            if (sector < s.start()) {
                hi = mid - 1;
            } else if (sector >= s.end()) {
                lo = mid + 1;
            } else {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Every device the table references, first occurrence order, without duplicates. */
    public List<DevRef> references() {
        Set<DevRef> out = new LinkedHashSet<>();
        for (Segment s : segments) {
            out.addAll(s.target().devices());
        }
        return List.copyOf(out);
    }

    /** The target types of the segments, e.g. {@code [linear, linear]}. */
    public List<String> targetTypes() {
        List<String> out = new ArrayList<>();
        segments.forEach(s -> out.add(s.target().type()));
        return out;
    }

    /** The table as {@code dmsetup table <name>} prints it, one line per segment (keys masked). */
    public String renderTable() {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            sb.append(s.render()).append('\n');
        }
        return sb.toString();
    }
}
