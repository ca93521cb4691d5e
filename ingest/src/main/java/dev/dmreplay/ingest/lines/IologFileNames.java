package dev.dmreplay.ingest.lines;

import dev.dmreplay.ingest.model.DevNo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The file names a fio iolog is written against: what the user mapped a device to ({@code dm-0=/dev/vg/data},
 * keyed by the device's DM name, its kernel name ({@code dm-0}) or {@code major:minor}), else the device's own path ({@code /dev/mapper/NAME} for
 * a mapped device, {@code /dev/NAME} for a kernel name, the name itself when the trace already named a path),
 * else {@code /dev/block/MAJOR:MINOR}, the path udev gives every block device.
 */
public final class IologFileNames implements Function<DevNo, String> {
    private final Map<String, String> map;
    private final Function<DevNo, String> names;
    private final Function<DevNo, String> kernelNames;
    private final Function<DevNo, Boolean> mapped;
    private final java.util.Set<String> used = new java.util.HashSet<>();

    /**
     * @param pairs  {@code DEV=FILE} pairs as given on the command line
     * @param names       the best name of a device (its DM name if it has one), or null
     * @param kernelNames the kernel's name of a device as the trace's inputs give it ({@code dm-0}), or null
     * @param mapped      whether a device is a device-mapper device (named under /dev/mapper)
     * @throws IllegalArgumentException naming the bad pair
     */
    public IologFileNames(List<String> pairs, Function<DevNo, String> names, Function<DevNo, String> kernelNames,
                          Function<DevNo, Boolean> mapped) {
        this.map = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException("--map '" + p + "': expected DEV=FILE");
            }
            map.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
        }
        this.names = names;
        this.kernelNames = kernelNames;
        this.mapped = mapped;
    }

    @Override
    public String apply(DevNo dev) {
        String name = names.apply(dev);
        String colon = dev.major() + ":" + dev.minor();
        String comma = dev.major() + "," + dev.minor();
        for (String key : new String[] {name, kernelNames.apply(dev), colon, comma}) {
            if (key != null && map.containsKey(key)) {
                used.add(key);
                return map.get(key);
            }
        }
        if (name == null) {
            return "/dev/block/" + colon;
        }
        if (name.startsWith("/")) {
            return name;
        }
        return Boolean.TRUE.equals(mapped.apply(dev)) ? "/dev/mapper/" + name : "/dev/" + name;
    }

    /** The keys of the user's map that named no device with application I/O (a typo, most likely). */
    public List<String> unusedKeys() {
        return map.keySet().stream().filter(k -> !used.contains(k)).toList();
    }
}
