package dev.dmreplay.ingest.lines;

import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.ingest.records.RecordException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Device numbers for traces that name devices (a file name, a disk name, a device index): one major per format
 * from the local/experimental range, minors in order of first appearance or as the trace numbers them. Keeps the
 * names so that outputs can say {@code sda} rather than {@code 247,0}.
 */
final class NamedDevices {
    private final int major;
    private final Map<String, DevNo> byName = new HashMap<>();
    private final Map<DevNo, String> names = new LinkedHashMap<>();
    private String lastName;
    private DevNo last;

    NamedDevices(int major) {
        this.major = major;
    }

    /** The device called {@code name}; a new minor when first seen. */
    DevNo named(String name) throws RecordException {
        if (name.equals(lastName)) {
            return last;
        }
        DevNo d = byName.get(name);
        if (d == null) {
            if (byName.size() > DevNo.MINOR_MASK) {
                throw new RecordException("more than " + (DevNo.MINOR_MASK + 1) + " distinct devices");
            }
            d = new DevNo(major, byName.size());
            byName.put(name, d);
            names.put(d, name);
        }
        lastName = name;
        last = d;
        return d;
    }

    /** The device with the trace's own number {@code index}. */
    DevNo numbered(long index) throws RecordException {
        if (index < 0 || index > DevNo.MINOR_MASK) {
            throw new RecordException("device number " + index + " outside 0.." + DevNo.MINOR_MASK);
        }
        return named(Long.toString(index));
    }

    Map<DevNo, String> names() {
        return Map.copyOf(names);
    }
}
