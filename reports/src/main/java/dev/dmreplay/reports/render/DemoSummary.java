package dev.dmreplay.reports.render;

import dev.dmreplay.analyze.btt.Interval;
import dev.dmreplay.analyze.info.TraceInfo;
import dev.dmreplay.analyze.latency.IntervalKey;
import dev.dmreplay.analyze.latency.LatencyDistribution;
import dev.dmreplay.analyze.run.RunReport;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.scenario.ScenarioResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The short text lines the demo prints (and puts at the top of its report). */
public final class DemoSummary {
    private DemoSummary() {
    }

    public static List<String> trace(ReportModel.TraceData t) {
        List<String> out = new ArrayList<>();
        TraceInfo i = t.info();
        List<String> devs = new ArrayList<>();
        for (TraceInfo.Device d : i.devices()) {
            devs.add(d.name() != null ? d.name() : d.dev().toString());
        }
        out.add(String.format(Locale.ROOT, "trace %s: %d events, %d queued I/Os over %.3f ms on %s", t.name(),
                i.events(), i.ios(), (i.time() == null ? 0 : i.time().durationNs()) / 1e6,
                String.join(", ", devs)));
        LatencyDistribution q2c = t.analysis().stats().distributions()
                .get(new IntervalKey(Interval.Q2C, IntervalKey.ALL_DEVICES));
        LatencyDistribution d2c = t.analysis().stats().distributions()
                .get(new IntervalKey(Interval.D2C, IntervalKey.ALL_DEVICES));
        if (q2c != null) {
            out.add(String.format(Locale.ROOT, "latency (btt, all devices): Q2C mean %.3f ms, p99 %.3f ms, max %.3f ms%s",
                    q2c.mean() / 1e6, q2c.percentile(99) / 1e6, q2c.max() / 1e6,
                    d2c == null ? "" : String.format(Locale.ROOT, "; D2C mean %.3f ms", d2c.mean() / 1e6)));
        }
        return out;
    }

    public static String scenarios(ReportModel.ScenarioData s) {
        Map<Outcome, Integer> n = new EnumMap<>(Outcome.class);
        int cells = 0;
        int mismatches = 0;
        for (List<ScenarioResult> row : s.rows()) {
            for (ScenarioResult r : row) {
                n.merge(r.outcome(), 1, Integer::sum);
                cells++;
                if (!r.matches()) {
                    mismatches++;
                }
            }
        }
        List<String> parts = new ArrayList<>();
        n.forEach((o, c) -> parts.add(c + " " + o.name()));
        return "scenarios: " + s.rows().size() + " scenarios, " + cells + " runs: " + String.join(", ", parts) + "; "
                + (mismatches == 0 ? "all as expected" : mismatches + " differ from the expectation");
    }

    public static String run(String strategy, String pressure, RunReport r) {
        var l = r.latency();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "replay %-6s pressure %-5s %s: %d of %d bios completed", strategy,
                pressure, r.outcome().isEmpty() ? "?" : r.outcome(), l.completed(), l.submitted()));
        if (l.q2c().count() > 0) {
            b.append(String.format(Locale.ROOT, ", Q2C p99 %.3f ms", l.q2c().p99() / 1e6));
        }
        if (!r.stalls().deadlocks().isEmpty()) {
            String chain = r.stalls().deadlocks().get(0);
            int nl = chain.indexOf('\n');
            b.append("; ").append(nl < 0 ? chain : chain.substring(0, nl));
        }
        return b.toString();
    }

    /**
     * Which runs have the lowest top-level Q2C p99 among those that completed every bio (a deadlocked run's
     * latency covers only the bios that finished before it, so it cannot win).
     */
    public static String best(List<RunReport> runs) {
        long bestP99 = Long.MAX_VALUE;
        List<String> best = new ArrayList<>();
        for (RunReport r : runs) {
            var l = r.latency();
            if (l.unfinished() > 0 || l.completed() == 0 || !r.stalls().deadlocks().isEmpty()) {
                continue;
            }
            long p = l.q2c().p99();
            if (p < bestP99) {
                bestP99 = p;
                best.clear();
            }
            if (p == bestP99) {
                best.add(r.name());
            }
        }
        return best.isEmpty() ? "no run completed every bio"
                : String.format(Locale.ROOT, "lowest top-level Q2C p99 among runs that completed every bio: %.3f ms (%s)",
                        bestP99 / 1e6, String.join(", ", best));
    }

    /**
     * One fidelity check: exact top-level bios and the Q2C ratios of the bundle's first top device (the latency
     * map lists the top devices first).
     */
    public static String fidelity(String bundle, dev.dmreplay.analyze.fidelity.FidelityReport r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "fidelity %s: %d of %d top-level bios with the kernel's lower bios (%.2f %%)", bundle, r.matched(),
                r.bios(), 100.0 * r.matchRate()));
        r.latency().entrySet().stream().findFirst().ifPresent(e -> {
            var l = e.getValue();
            if (!Double.isNaN(l.ratio50())) {
                b.append(String.format(Locale.ROOT, ", %s Q2C model/kernel p50 %.2f p90 %.2f p99 %.2f", e.getKey(),
                        l.ratio50(), l.ratio90(), l.ratio99()));
            }
        });
        return b.toString();
    }

    /** A file-name-safe label of a pressure spec ("hard@1s-5s" becomes "hard-1s-5s"). */
    public static String label(String pressure) {
        return pressure.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "");
    }
}
