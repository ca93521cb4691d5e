package dev.dmreplay.replay.target;

import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.DevNo;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's side of a fidelity comparison: the {@code A} (remap) records of a real trace whose upper device
 * is a given mapped device, as a multiset of "lower-device sector+sectors" keys, the form the model's REMAP
 * observations are compared in.
 */
public final class KernelRemaps {
    private KernelRemaps() {
    }

    public static Map<String, Integer> from(Path trace, String upperName) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        try (OpenedTrace t = TraceOpener.open(trace, ReadOptions.STRICT, null)) {
            EventSource src = t.events();
            int upper = -1;
            for (Map.Entry<DevNo, String> e : t.inputNames().entrySet()) {
                if (t.deviceName(e.getKey()).equals(upperName)) {
                    upper = e.getKey().kernel();
                }
            }
            if (upper < 0) {
                throw new IllegalArgumentException("no traced device named " + upperName);
            }
            BlockEvent e;
            while ((e = src.next()) != null) {
                if (e.isNotify() || e.kind() != Action.REMAP || e.remapFromDevice() != upper) {
                    continue;
                }
                out.merge(key(t.deviceName(e.dev()), e.sector(), e.sectors()), 1, Integer::sum);
            }
        }
        return out;
    }

    public static String key(String lower, long sector, int sectors) {
        return lower + " " + sector + "+" + sectors;
    }

    /** How many of {@code kernel}'s entries {@code model} has (multiset intersection size). */
    public static long matched(Map<String, Integer> kernel, Map<String, Integer> model) {
        long m = 0;
        for (Map.Entry<String, Integer> e : kernel.entrySet()) {
            m += Math.min(e.getValue(), model.getOrDefault(e.getKey(), 0));
        }
        return m;
    }

    public static long total(Map<String, Integer> m) {
        long n = 0;
        for (int v : m.values()) {
            n += v;
        }
        return n;
    }
}
