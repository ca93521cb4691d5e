package dev.dmreplay.reports.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.dm.Lower;
import dev.dmreplay.ingest.dm.MappedDevice;
import dev.dmreplay.ingest.dm.Segment;
import dev.dmreplay.ingest.model.DevNo;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
        ObjectNode root = c.toJson(t::deviceName, header, extra);
        if (t.topology() != null) {
            root.set("dm", dm(t.topology(), t));
            ArrayNode warnings = root.putArray("warnings");
            t.topology().warnings().forEach(warnings::add);
        }
        return root;
    }

    /** The table's mapped devices by name: number, size, segments and what each maps onto. */
    static ObjectNode dm(DmTopology topo, OpenedTrace t) {
        ObjectNode dm = JsonNodeFactory.instance.objectNode();
        for (MappedDevice d : topo.devices()) {
            ObjectNode o = dm.putObject(d.name());
            if (d.devNo() != null) {
                o.put("dev", d.devNo().toString());
                o.put("major", d.devNo().major());
                o.put("minor", d.devNo().minor());
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
