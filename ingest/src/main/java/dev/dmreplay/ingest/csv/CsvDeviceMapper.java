package dev.dmreplay.ingest.csv;

import dev.dmreplay.ingest.model.DevNo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Device numbers for CSV traces, which name devices by host/disk or id. Majors come from the range
 * {@code Documentation/admin-guide/devices.txt} reserves for local/experimental use (240-254), so they cannot
 * be mistaken for real disks or for device-mapper (253/254):
 *
 * <ul>
 *   <li>MSR Cambridge: major 240, minor {@code host_index * 16 + disk}; the 13 published hosts have fixed
 *       indexes in the order of the paper ({@code usr proj prn hm rsrch prxy src1 src2 stg ts web mds wdev} =
 *       0..12); other host names get 13, 14, ... in order of first appearance. Disk numbers 0..15.</li>
 *   <li>Alibaba 2020: major 241, minor = {@code device_id}.</li>
 *   <li>Tencent CBS: major 242, minor = {@code VolumeID}.</li>
 *   <li>CloudPhysics vSCSI (one volume per file): major 243, minor 0.</li>
 * </ul>
 * The line-oriented formats of {@code ingest.lines} continue the range (see
 * {@link dev.dmreplay.ingest.lines.LineTraceFormat}).
 * Ids above the 20-bit minor range are errors.
 */
public final class CsvDeviceMapper {

    public static final int MSR_MAJOR = 240;
    public static final int ALIBABA_MAJOR = 241;
    public static final int TENCENT_MAJOR = 242;
    public static final int CLOUDPHYSICS_MAJOR = 243;

    /** MSR Cambridge hosts in the order of Narayanan et al., FAST'08, table 1. */
    public static final List<String> MSR_HOSTS = List.of("usr", "proj", "prn", "hm", "rsrch", "prxy", "src1",
            "src2", "stg", "ts", "web", "mds", "wdev");

    private final Map<String, Integer> hosts = new HashMap<>();
    private final Map<Long, DevNo> cache = new HashMap<>();
    private long lastKey = -1;
    private DevNo lastDev;

    public CsvDeviceMapper() {
        for (int i = 0; i < MSR_HOSTS.size(); i++) {
            hosts.put(MSR_HOSTS.get(i), i);
        }
    }

    /** Names of the devices seen so far: {@code hm_1} (MSR host and disk), {@code dev7} (Alibaba), {@code vol42} (Tencent), {@code vscsi} (CloudPhysics). */
    private final Map<DevNo, String> names = new java.util.TreeMap<>();

    /** The devices seen so far, by the names their trace gives them. */
    public Map<DevNo, String> names() {
        return java.util.Collections.unmodifiableMap(names);
    }

    private DevNo named(DevNo d, String name) {
        if (d != lastNamed) {
            names.putIfAbsent(d, name);
            lastNamed = d;
        }
        return d;
    }

    private DevNo lastNamed;

    DevNo msr(String host, long disk) throws CsvLineException {
        if (disk < 0 || disk > 15) {
            throw new CsvLineException("disk number " + disk + " outside 0..15");
        }
        Integer idx = hosts.get(host);
        if (idx == null) {
            idx = hosts.size();
            if ((long) idx * 16 + 15 > DevNo.MINOR_MASK) {
                throw new CsvLineException("too many distinct host names");
            }
            hosts.put(host, idx);
        }
        DevNo d = of(MSR_MAJOR, idx * 16L + disk);
        return d == lastNamed ? d : named(d, host + "_" + disk);
    }

    DevNo alibaba(long deviceId) throws CsvLineException {
        DevNo d = of(ALIBABA_MAJOR, deviceId);
        return d == lastNamed ? d : named(d, "dev" + deviceId);
    }

    DevNo tencent(long volumeId) throws CsvLineException {
        DevNo d = of(TENCENT_MAJOR, volumeId);
        return d == lastNamed ? d : named(d, "vol" + volumeId);
    }

    DevNo cloudPhysics() throws CsvLineException {
        DevNo d = of(CLOUDPHYSICS_MAJOR, 0);
        return d == lastNamed ? d : named(d, "vscsi");
    }

    private DevNo of(int major, long minor) throws CsvLineException {
        if (minor < 0 || minor > DevNo.MINOR_MASK) {
            throw new CsvLineException("device id " + minor + " outside the minor range 0.." + DevNo.MINOR_MASK);
        }
        long key = ((long) major << 32) | minor;
        if (key == lastKey) {
            return lastDev; // traces run long stretches on one device
        }
        DevNo d = cache.get(key);
        if (d == null) {
            d = new DevNo(major, (int) minor);
            cache.put(key, d);
        }
        lastKey = key;
        lastDev = d;
        return d;
    }
}
