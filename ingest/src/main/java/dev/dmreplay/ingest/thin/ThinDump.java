package dev.dmreplay.ingest.thin;

import java.util.List;
import java.util.Optional;

/**
 * The pool metadata a {@code thin_dump} printed: the superblock and every thin device, in the dump's order.
 *
 * @param source where it was read from (for messages)
 */
public record ThinDump(String source, ThinSuperblock superblock, List<ThinDeviceDump> devices) {
    public ThinDump {
        devices = List.copyOf(devices);
    }

    public Optional<ThinDeviceDump> device(long devId) {
        return devices.stream().filter(d -> d.devId() == devId).findFirst();
    }

    /** One past the highest data block any device maps; 0 when nothing is mapped. */
    public long dataBlocksSpanned() {
        long end = 0;
        for (ThinDeviceDump d : devices) {
            for (ThinMappingRun r : d.runs()) {
                end = Math.max(end, r.dataEnd());
            }
        }
        return end;
    }
}
