package dev.dmreplay.analyze.latency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.analyze.btt.AvgInfo;
import dev.dmreplay.analyze.btt.BttDevice;
import dev.dmreplay.analyze.btt.Interval;
import dev.dmreplay.analyze.btt.LayerStats;
import dev.dmreplay.ingest.io.AtomicOutput;
import dev.dmreplay.ingest.model.DevNo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the machine-readable results into a directory, each file atomically: {@code analysis.json},
 * {@code intervals.csv}, {@code latency-per-second.csv}, {@code queue-depth.csv}. Times are nanoseconds since the
 * first record; devices are {@code maj,min}.
 */
public final class AnalysisFiles {
    public static final List<String> NAMES = List.of("analysis.json", "intervals.csv", "latency-per-second.csv",
            "queue-depth.csv");
    private static final double[] PCTS = {50, 90, 99, 99.9};
    private static final String[] PCT_NAMES = {"p50_ns", "p90_ns", "p99_ns", "p999_ns"};

    private AnalysisFiles() {
    }

    /** Writes all four files into {@code dir} (created if missing). */
    public static void write(Analysis a, Path dir, String traceName) throws IOException {
        binary(dir.resolve("analysis.json"), out -> json(a, traceName, out));
        text(dir.resolve("intervals.csv"), w -> intervals(a, w));
        text(dir.resolve("latency-per-second.csv"), w -> perSecond(a, w));
        text(dir.resolve("queue-depth.csv"), w -> queueDepth(a, w));
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private interface TextBody {
        void write(Writer w) throws IOException;
    }

    private static void text(Path p, TextBody body) throws IOException {
        binary(p, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            body.write(w);
            w.flush();
        });
    }

    private static void binary(Path p, Body body) throws IOException {
        try (AtomicOutput ao = AtomicOutput.create(p)) {
            body.write(ao.stream());
            ao.commit();
        }
    }

    static String dev(int device) {
        return DevNo.ofKernel(device).toString();
    }

    private static String csvDev(String name) {
        return name.indexOf(',') >= 0 ? "\"" + name + "\"" : name;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static void intervals(Analysis a, Writer w) throws IOException {
        w.write("interval,device,n,min_ns,mean_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns\n");
        for (var en : a.stats().distributions().entrySet()) {
            LatencyDistribution d = en.getValue();
            StringBuilder sb = new StringBuilder();
            sb.append(en.getKey().interval().label()).append(',').append(csvDev(en.getKey().deviceName()))
                    .append(',').append(d.count()).append(',').append(d.min()).append(',').append(num(d.mean()));
            for (double p : PCTS) {
                sb.append(',').append(d.percentile(p));
            }
            sb.append(',').append(d.max()).append('\n');
            w.write(sb.toString());
        }
    }

    private static void perSecond(Analysis a, Writer w) throws IOException {
        w.write("second,interval,device,n,mean_ns,max_ns\n");
        for (var sec : a.stats().perSecond().entrySet()) {
            for (var en : sec.getValue().entrySet()) {
                IntervalStats.Second s = en.getValue();
                w.write(sec.getKey() + "," + en.getKey().interval().label() + "," + csvDev(en.getKey().deviceName())
                        + "," + s.count() + "," + num(s.mean()) + "," + s.max() + "\n");
            }
        }
    }

    private static void queueDepth(Analysis a, Writer w) throws IOException {
        w.write("second,device,avg_depth,max_depth\n");
        // Rows by second, then device, so that a plot can stream them.
        java.util.TreeMap<Long, java.util.List<String>> rows = new java.util.TreeMap<>();
        for (var en : a.queueDepth().entrySet()) {
            for (var s : en.getValue().seconds().entrySet()) {
                rows.computeIfAbsent(s.getKey(), k -> new java.util.ArrayList<>()).add(
                        s.getKey() + "," + csvDev(dev(en.getKey())) + ","
                                + String.format(Locale.ROOT, "%.3f", s.getValue().average()) + ","
                                + s.getValue().max() + "\n");
            }
        }
        for (var r : rows.values()) {
            for (String line : r) {
                w.write(line);
            }
        }
    }

    private static void json(Analysis a, String traceName, OutputStream out) throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("trace", traceName);
        root.put("events", a.events());
        root.put("duration_ns", a.duration());
        root.put("evicted_in_flight", a.evicted());
        root.put("btt_exact", a.evicted() == 0);
        root.put("queued_never_completed", a.btt().inFlight());
        root.put("queued_replaced", a.btt().replacedQs());
        ArrayNode devs = root.putArray("devices");
        for (BttDevice d : a.btt().devices()) {
            ObjectNode n = devs.addObject();
            n.put("device", d.devNo().toString());
            n.put("remapper", d.isRemapper());
            n.put("queued", d.queued());
            n.put("dispatched", d.dispatched());
            QueueDepth q = a.queueDepth().get(d.device());
            n.put("max_queue_depth", q == null ? 0 : q.peak());
            double[] qs = d.seekSummary(true);
            double[] ds = d.seekSummary(false);
            n.put("q2q_seeks", (long) qs[0]);
            n.put("q2q_seek_mean_sectors", qs[1]);
            n.put("q2q_seek_median_sectors", (long) qs[2]);
            n.put("d2d_seeks", (long) ds[0]);
            n.put("d2d_seek_mean_sectors", ds[1]);
            n.put("d2d_seek_median_sectors", (long) ds[2]);
        }
        ObjectNode btt = root.putObject("btt_all_devices");
        for (Interval i : Interval.values()) {
            AvgInfo ai = a.btt().all().get(i);
            if (i.isBtt() && ai.n() > 0) {
                ObjectNode n = btt.putObject(i.label());
                n.put("n", ai.n());
                n.put("min_ns", ai.min());
                n.put("avg_s", ai.avgSeconds());
                n.put("max_ns", ai.max());
            }
        }
        ArrayNode ivs = root.putArray("intervals");
        for (var en : a.stats().distributions().entrySet()) {
            LatencyDistribution d = en.getValue();
            ObjectNode n = ivs.addObject();
            n.put("interval", en.getKey().interval().label());
            n.put("device", en.getKey().deviceName());
            n.put("n", d.count());
            n.put("min_ns", d.min());
            n.put("mean_ns", d.mean());
            for (int i = 0; i < PCTS.length; i++) {
                n.put(PCT_NAMES[i], d.percentile(PCTS[i]));
            }
            n.put("max_ns", d.max());
        }
        ArrayNode un = root.putArray("unavailable");
        a.unavailable().forEach((i, why) -> {
            ObjectNode n = un.addObject();
            n.put("interval", i.label());
            n.put("reason", why);
        });
        ArrayNode layers = root.putArray("layers");
        for (var en : a.btt().layers().entrySet()) {
            LayerStats s = en.getValue();
            ObjectNode n = layers.addObject();
            n.put("device", dev(en.getKey()));
            n.put("bios", s.bios());
            n.put("q2c_sum_ns", s.q2cSum());
            n.put("in_layer_sum_ns", s.ownSum());
            n.put("below_sum_ns", s.belowSum());
            ArrayNode lower = n.putArray("lower");
            for (var l : s.lower().entrySet()) {
                ObjectNode ln = lower.addObject();
                ln.put("device", dev(l.getKey()));
                ln.put("pieces", l.getValue().pieces());
                ln.put("q2c_sum_ns", l.getValue().q2cSum());
                ln.put("q2d_sum_ns", l.getValue().q2dSum());
                ln.put("d2c_sum_ns", l.getValue().d2cSum());
            }
        }
        ArrayNode qd = root.putArray("queue_depth");
        for (var en : a.queueDepth().entrySet()) {
            ObjectNode n = qd.addObject();
            n.put("device", dev(en.getKey()));
            n.put("max", en.getValue().peak());
            n.put("seconds", en.getValue().seconds().size());
        }
        m.writeValue(new NonClosing(out), root);
    }

    /** Jackson closes the stream it writes to; AtomicOutput must close it itself. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
