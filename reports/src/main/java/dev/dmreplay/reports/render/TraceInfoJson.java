package dev.dmreplay.reports.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.analyze.info.IoOp;
import dev.dmreplay.analyze.info.TraceInfo;
import dev.dmreplay.ingest.bundle.TraceFormat;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.DevNo;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dmreplay info --json}: the {@link TraceInfo} as one JSON object with a fixed key order (README, "dmreplay
 * info"). The key names of actions, operations and suspicious counts are shared with the text and HTML forms.
 */
public final class TraceInfoJson {
    private TraceInfoJson() {
    }

    /** The report as a JSON tree. */
    public static ObjectNode tree(TraceInfo i) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        TraceInfo.Source src = i.source();
        root.put("trace", src.trace());
        root.put("format", formatName(src.format()));
        root.put("description", src.description());
        ArrayNode inputs = root.putArray("inputs");
        src.inputs().forEach(inputs::add);
        root.put("events", i.events());
        root.put("records", i.records());
        root.put("ios", i.ios());
        ObjectNode time = root.putObject("time");
        if (i.time() != null) {
            time.put("first_ns", i.time().firstNs());
            time.put("last_ns", i.time().lastNs());
            time.put("duration_ns", i.time().durationNs());
        }
        ObjectNode byAction = root.putObject("actions");
        i.actions().forEach((a, n) -> byAction.put(actionName(a), n));
        ObjectNode byOp = root.putObject("operations");
        ObjectNode app = root.putObject("application");
        for (IoOp op : IoOp.values()) {
            String k = opName(op);
            byOp.putObject(k).put("ios", i.operations().get(op).ios()).put("bytes", i.operations().get(op).bytes());
            app.putObject(k).put("ios", i.application().get(op).ios()).put("bytes", i.application().get(op).bytes());
        }
        root.put("bytes_read", i.bytesRead());
        root.put("bytes_written", i.bytesWritten());
        root.put("bytes_discarded", i.bytesDiscarded());

        ArrayNode devs = root.putArray("devices");
        for (TraceInfo.Device d : i.devices()) {
            ObjectNode o = devs.addObject();
            putDev(o, d.dev());
            o.put("name", d.name());
            o.put("records", d.records());
            o.put("ios", d.ios());
            o.put("completions", d.completions());
            o.put("bytes_read", d.bytesRead());
            o.put("bytes_written", d.bytesWritten());
        }
        ArrayNode procs = root.putArray("processes");
        for (TraceInfo.Process p : i.processes()) {
            procs.addObject().put("pid", p.pid()).put("comm", p.comm()).put("events", p.events());
        }
        ArrayNode remaps = root.putArray("remaps");
        for (TraceInfo.Remap m : i.remaps()) {
            remaps.addObject().put("from", m.from().toString()).put("from_name", m.fromName())
                    .put("to", m.to().toString()).put("to_name", m.toName()).put("count", m.count());
        }
        ObjectNode sus = root.putObject("suspicious");
        suspicious(i.suspicious()).forEach(sus::put);
        ArrayNode notes = root.putArray("notes");
        i.notes().forEach(notes::add);
        if (i.dm() != null) {
            ObjectNode dm = root.putObject("dm");
            i.dm().forEach((name, d) -> dm(dm.putObject(name), d));
            ArrayNode warnings = root.putArray("warnings");
            i.warnings().forEach(warnings::add);
        }
        return root;
    }

    private static void dm(ObjectNode o, TraceInfo.DmDevice d) {
        if (d.dev() != null) {
            putDev(o, d.dev());
            if (d.devInferred()) {
                o.put("dev_inferred_from_remaps", true);
            }
        } else {
            o.putNull("dev");
        }
        o.put("sectors", d.sectors());
        ArrayNode targets = o.putArray("targets");
        for (TraceInfo.DmTarget t : d.targets()) {
            ObjectNode seg = targets.addObject();
            seg.put("start", t.start());
            seg.put("length", t.length());
            seg.put("type", t.type());
            seg.put("args", t.args());
            ArrayNode devs = seg.putArray("devices");
            t.devices().forEach(devs::add);
        }
        ArrayNode onto = o.putArray("maps_onto");
        d.mapsOnto().forEach(onto::add);
        ArrayNode used = o.putArray("used_by");
        d.usedBy().forEach(used::add);
    }

    private static void putDev(ObjectNode o, DevNo dev) {
        o.put("dev", dev.toString());
        o.put("major", dev.major());
        o.put("minor", dev.minor());
    }

    /** The suspicious counts by key, in report order; null: the input cannot tell. */
    static Map<String, Long> suspicious(TraceInfo.Suspicious s) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("skipped_records", s.skippedRecords());
        m.put("skipped_uncounted_records_at_most", s.skippedUncountedAtMost());
        m.put("damaged_stretches", s.damagedStretches());
        m.put("skipped_bytes", s.skippedBytes());
        m.put("wrong_cpu_records", s.wrongCpuRecords());
        m.put("out_of_order_timestamps", s.outOfOrderTimestamps());
        m.put("events_after_last_completion", s.eventsAfterLastCompletion());
        m.put("queued_without_completion", s.queuedWithoutCompletion());
        m.put("unknown_actions", s.unknownActions());
        m.put("cgroup_messages_dropped_by_blkparse", s.cgroupMessagesDroppedByBlkparse());
        m.put("records_without_category", s.recordsWithoutCategory());
        return m;
    }

    /** A trace format's name: the enum's in lower case. */
    static String formatName(TraceFormat f) {
        return f.name().toLowerCase(Locale.ROOT);
    }

    /** An operation's key: its name in lower case. */
    static String opName(IoOp op) {
        return op.name().toLowerCase(Locale.ROOT);
    }

    /** An action's key: blkparse's letters, with names for those blkparse prints no letters for. */
    static String actionName(Action a) {
        return switch (a) {
            case ABORT -> "abort";
            case DRV_DATA -> "drv_data";
            case UNKNOWN -> "unknown";
            case NOTIFY_MESSAGE -> "m";
            default -> a.letters();
        };
    }
}
