package dev.dmreplay.reports.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.dm.DevRef;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.dm.Lower;
import dev.dmreplay.ingest.dm.MappedDevice;
import dev.dmreplay.ingest.dm.Segment;
import dev.dmreplay.ingest.model.DevNo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/** Glue between opened traces and the {@code info} report: header, device names, DM table, reader counts. */
final class TraceSupport {

    private TraceSupport() {
    }

    /** The full {@code info} report of {@code t} after {@code c} saw all its events. */
    static ObjectNode report(OpenedTrace t, TraceInfoCollector c) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode header = f.objectNode();
        header.put("trace", t.path().toString());
        header.put("format", t.format().name().toLowerCase(Locale.ROOT));
        header.put("description", t.description());
        ArrayNode inputs = header.putArray("inputs");
        t.inputs().forEach(inputs::add);
        Map<String, Long> extra = new LinkedHashMap<>();
        extra.put("skipped_records", t.events().skipped().count());
        extra.put("wrong_cpu_records", null); // null: the input cannot tell (not a per-CPU blktrace set)
        extra.putAll(t.readerCounts());
        Map<DevNo, String> inferred = t.topology() == null ? Map.of() : inferNumbers(t, c.remapTargets());
        Function<DevNo, String> names = dev -> {
            if (t.topology() != null && t.topology().device(dev).isPresent()) {
                return t.topology().device(dev).get().name();
            }
            String guess = inferred.get(dev);
            return guess != null ? guess : t.deviceName(dev);
        };
        ObjectNode root = c.toJson(names, header, extra);
        if (t.topology() != null) {
            root.set("dm", dm(t.topology(), t, inferred));
            ArrayNode warnings = root.putArray("warnings");
            t.topology().warnings().forEach(warnings::add);
        }
        return root;
    }

    /**
     * Numbers for mapped devices the dumps give no number (a bare {@code dmsetup table}): a traced device whose
     * bios were remapped (A events) onto exactly the devices a table references, when only one table and one
     * traced device match each other.
     */
    static Map<DevNo, String> inferNumbers(OpenedTrace t, SortedMap<DevNo, SortedSet<DevNo>> remapTargets) {
        Map<DevNo, String> out = new TreeMap<>();
        Map<String, List<DevNo>> candidates = new TreeMap<>();
        Map<DevNo, Integer> claims = new TreeMap<>();
        for (MappedDevice d : t.topology().devices()) {
            if (d.devNo() != null) {
                continue;
            }
            SortedSet<DevNo> refs = new TreeSet<>();
            boolean allNumbers = true;
            for (DevRef r : d.references()) {
                if (r.number() == null) {
                    allNumbers = false;
                } else {
                    refs.add(r.number());
                }
            }
            if (!allNumbers || refs.isEmpty()) {
                continue;
            }
            List<DevNo> match = new ArrayList<>();
            remapTargets.forEach((upper, lowers) -> {
                if (lowers.equals(refs) && t.topology().device(upper).isEmpty()) {
                    match.add(upper);
                }
            });
            candidates.put(d.name(), match);
            match.forEach(m -> claims.merge(m, 1, Integer::sum));
        }
        candidates.forEach((name, match) -> {
            if (match.size() == 1 && claims.get(match.get(0)) == 1) {
                out.put(match.get(0), name);
            }
        });
        return out;
    }

    /** The table's mapped devices by name: number, size, segments and what each maps onto. */
    static ObjectNode dm(DmTopology topo, OpenedTrace t, Map<DevNo, String> inferred) {
        ObjectNode dm = JsonNodeFactory.instance.objectNode();
        for (MappedDevice d : topo.devices()) {
            ObjectNode o = dm.putObject(d.name());
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
            if (number != null) {
                o.put("dev", number.toString());
                o.put("major", number.major());
                o.put("minor", number.minor());
                if (guessed) {
                    o.put("dev_inferred_from_remaps", true);
                }
            } else {
                o.putNull("dev");
            }
            o.put("sectors", d.sectors());
            ArrayNode targets = o.putArray("targets");
            for (Segment s : d.segments()) {
                ObjectNode seg = targets.addObject();
                seg.put("start", s.start());
                seg.put("length", s.length());
                seg.put("type", s.target().type());
                seg.put("args", s.target().params());
                ArrayNode devs = seg.putArray("devices");
                s.target().devices().forEach(r -> devs.add(r.toString()));
            }
            ArrayNode onto = o.putArray("maps_onto");
            for (Lower l : topo.lowers(d.name())) {
                onto.add(describe(l, t));
            }
            ArrayNode used = o.putArray("used_by");
            topo.uppers(d.name()).forEach(used::add);
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
