package dev.dmreplay.analyze.info;

import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.dm.Lower;
import dev.dmreplay.ingest.dm.MappedDevice;
import dev.dmreplay.ingest.dm.RemapBinding;
import dev.dmreplay.ingest.dm.Segment;
import dev.dmreplay.ingest.model.DevNo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code info} report of an opened trace: the collector's counts with the trace's header, device names (DM
 * names from the dumps, numbers of a bare table inferred from the remaps by {@link RemapBinding}, else the input's
 * names), the reader's own counts and the DM table.
 */
public final class TraceInfoReader {
    private TraceInfoReader() {
    }

    /** The full report of {@code t} after {@code c} saw all its events. */
    public static TraceInfo of(OpenedTrace t, TraceInfoCollector c) {
        TraceInfo.Source source = new TraceInfo.Source(t.path().toString(), t.format(), t.description(), t.inputs());
        DmTopology topo = t.topology();
        Map<DevNo, String> inferred = topo == null ? Map.of() : RemapBinding.infer(topo, c.remapTargets());
        Function<DevNo, String> names = dev -> {
            if (topo != null && topo.device(dev).isPresent()) {
                return topo.device(dev).get().name();
            }
            String guess = inferred.get(dev);
            return guess != null ? guess : t.deviceName(dev);
        };
        TraceInfo info = c.result(source, names, t.events().skipped(),
                t.readerCounts().get("wrong_cpu_records"));
        info = topo == null ? info : info.withDm(dm(topo, t, inferred), topo.warnings());
        String zoned = t.format() == dev.dmreplay.ingest.bundle.TraceFormat.BLKTRACE && c.v2Records() == 0
                ? zonedEvidence(t, topo) : null;
        if (zoned != null) {
            info = info.withWarning("a protocol version 7 trace of a zoned stack (" + zoned + "): version 7 does not"
                    + " record zone management (open, close, reset, finish), zone append or zone write plugging, so"
                    + " those operations are missing; trace with protocol version 8 (kernels from late 2025,"
                    + " BLKTRACESETUP2) for a lossless record");
        }
        return info;
    }

    /**
     * Why the traced stack looks zoned: a {@code zoned} (dm-zoned) target in the table, or a host-managed or
     * host-aware device in the bundle's {@code lsblk} dump ({@code lsblk -z} prints the zone model); null when
     * nothing says so.
     */
    static String zonedEvidence(OpenedTrace t, DmTopology topo) {
        if (topo != null) {
            for (MappedDevice d : topo.devices()) {
                if (d.targetTypes().contains("zoned")) {
                    return "the table's " + d.name() + " is a dm-zoned target";
                }
            }
        }
        String lsblk = t.lsblkText();
        if (lsblk != null) {
            for (String line : lsblk.split("\n")) {
                if (line.contains("host-managed") || line.contains("host-aware")) {
                    return "lsblk lists a zoned device: " + line.trim().replaceAll("\\s+", " ");
                }
            }
        }
        return null;
    }

    /** The table's mapped devices by name: number, size, segments and what each maps onto. */
    private static Map<String, TraceInfo.DmDevice> dm(DmTopology topo, OpenedTrace t, Map<DevNo, String> inferred) {
        Map<String, TraceInfo.DmDevice> dm = new LinkedHashMap<>();
        for (MappedDevice d : topo.devices()) {
            DevNo number = d.devNo();
            boolean guessed = false;
            if (number == null) {
                for (Map.Entry<DevNo, String> e : inferred.entrySet()) {
                    if (e.getValue().equals(d.name())) {
                        number = e.getKey();
                        guessed = true;
                    }
                }
            }
            List<TraceInfo.DmTarget> targets = new ArrayList<>();
            for (Segment s : d.segments()) {
                targets.add(new TraceInfo.DmTarget(s.start(), s.length(), s.target().type(), s.target().params(),
                        s.target().devices().stream().map(Object::toString).toList()));
            }
            List<String> onto = new ArrayList<>();
            for (Lower l : topo.lowers(d.name())) {
                onto.add(describe(l, t));
            }
            dm.put(d.name(), new TraceInfo.DmDevice(number, guessed, d.sectors(), targets, onto,
                    topo.uppers(d.name())));
        }
        return dm;
    }

    private static String describe(Lower l, OpenedTrace t) {
        if (l.isDm()) {
            return l.dmName();
        }
        DevNo n = l.ref().number();
        String name = n == null ? null : t.deviceName(n);
        return name == null ? l.ref().toString() : name + " (" + l.ref() + ")";
    }
}
