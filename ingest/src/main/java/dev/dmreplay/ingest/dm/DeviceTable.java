package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.model.DevNo;
import java.util.List;

/**
 * One device's table as read from a {@code dmsetup table} dump.
 *
 * @param uuid   from {@code --concise} or {@code -v}, else null
 * @param number from {@code -v} ({@code Major, minor:}), else null
 * @param minor  from {@code --concise} (which gives no major), else -1
 * @param line  line of the device's first segment
 */
public record DeviceTable(String name, String uuid, DevNo number, int minor, List<Segment> segments, int line) {
    public DeviceTable {
        segments = List.copyOf(segments);
    }
}
