package dev.dmreplay.analyze.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dmreplay.analyze.pressure.PoolReport;
import dev.dmreplay.analyze.pressure.RescueActivity;
import dev.dmreplay.analyze.stall.Wait;
import dev.dmreplay.ingest.io.AtomicOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link RunReport} into a directory, each file atomically: {@code run-analysis.json} (everything),
 * {@code pools.csv} (one row per pool), {@code pool-timeline.csv} (occupancy per bucket), {@code waits.csv}
 * (long and unfinished waits) and {@code rescue-lists.csv} (depth changes of rescue lists). Times in ns.
 */
public final class RunReportFiles {
    public static final List<String> NAMES = List.of("run-analysis.json", "pools.csv", "pool-timeline.csv",
            "waits.csv", "rescue-lists.csv");

    private RunReportFiles() {
    }

    /** The mapper used for every JSON output: indented, map entries in their (deterministic) map order. */
    public static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static void write(RunReport r, Path dir) throws IOException {
        binary(dir.resolve("run-analysis.json"), out -> mapper().writeValue(out, r));
        text(dir.resolve("pools.csv"), w -> pools(r, w));
        text(dir.resolve("pool-timeline.csv"), w -> timeline(r, w));
        text(dir.resolve("waits.csv"), w -> waits(r, w));
        text(dir.resolve("rescue-lists.csv"), w -> lists(r, w));
    }

    /** A body writing to a stream. */
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** A body writing text. */
    public interface TextBody {
        void write(Writer w) throws IOException;
    }

    /** Writes {@code p} atomically (temporary file, then rename). */
    public static void binary(Path p, Body body) throws IOException {
        try (AtomicOutput ao = AtomicOutput.create(p)) {
            OutputStream s = ao.stream();
            body.write(new java.io.FilterOutputStream(s) {
                @Override
                public void close() throws IOException {
                    flush(); // Jackson closes the stream it wrote; AtomicOutput closes it on commit
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }
            });
            ao.commit();
        }
    }

    public static void text(Path p, TextBody body) throws IOException {
        binary(p, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            body.write(w);
            w.flush();
        });
    }

    /** Quotes a CSV field when it needs it (RFC 4180). */
    public static String csv(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static void pools(RunReport r, Writer w) throws IOException {
        w.write("pool,allocations,reserve_high,reserve_low_water,reserve_at_end,empty_reserve_ns,empty_episodes,"
                + "nonblocking_failures,nowait_failures,sleeps,sleeps_ended,sleep_total_ns,sleep_p50_ns,sleep_p99_ns,"
                + "sleep_max_ns,repolls,peak_in_use,in_use_at_end,occupancy\n");
        for (PoolReport p : r.pools()) {
            w.write(csv(p.pool()) + "," + p.allocations() + "," + p.reserveHigh() + "," + p.reserveLowWater() + ","
                    + p.reserveAtEnd() + "," + p.emptyReserveNs() + "," + p.emptyEpisodes() + ","
                    + p.nonBlockingFailures() + "," + p.nowaitFailures() + "," + p.sleepsBegun() + ","
                    + p.sleeps().count() + "," + p.sleeps().total() + "," + p.sleeps().p50() + ","
                    + p.sleeps().p99() + "," + p.sleeps().max() + "," + p.repolls() + "," + p.peakInUse() + ","
                    + p.inUseAtEnd() + "," + (p.exactOccupancy() ? "exact" : "approximate") + "\n");
        }
    }

    private static void timeline(RunReport r, Writer w) throws IOException {
        w.write("pool,start_ns,reserve_min,in_use_max,allocations,failures,sleeps\n");
        for (PoolReport p : r.pools()) {
            String name = csv(p.pool());
            for (PoolReport.Sample s : p.timeline()) {
                w.write(name + "," + s.startNs() + "," + s.reserveMin() + "," + s.inUseMax() + "," + s.allocations()
                        + "," + s.failures() + "," + s.sleeps() + "\n");
            }
        }
    }

    private static void waits(RunReport r, Writer w) throws IOException {
        w.write("task,resource,function,begin_ns,end_ns,duration_ns,wakeups,repolls,ended,released_by\n");
        for (List<Wait> l : List.of(r.stalls().longWaits(), r.stalls().unfinished())) {
            for (Wait x : l) {
                w.write(csv(x.task()) + "," + csv(x.resource()) + "," + csv(x.function()) + "," + x.beginNs() + ","
                        + x.endNs() + "," + x.durationNs() + "," + x.wakeups() + "," + x.repolls() + "," + x.ended()
                        + "," + csv(x.releasedBy()) + "\n");
            }
        }
    }

    private static void lists(RunReport r, Writer w) throws IOException {
        w.write("list,time_ns,depth\n");
        for (RescueActivity.ListReport l : r.rescue().lists()) {
            for (long[] s : l.depth()) {
                w.write(csv(l.list()) + "," + s[0] + "," + s[1] + "\n");
            }
        }
    }
}
