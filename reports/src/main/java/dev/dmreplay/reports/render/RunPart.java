package dev.dmreplay.reports.render;

import dev.dmreplay.analyze.pressure.Distribution;
import dev.dmreplay.analyze.pressure.PoolReport;
import dev.dmreplay.analyze.pressure.RescueActivity;
import dev.dmreplay.analyze.run.RecordedLatency;
import dev.dmreplay.analyze.run.RunReport;
import dev.dmreplay.analyze.run.TopLevelLatency;
import dev.dmreplay.analyze.stall.StallReport;
import dev.dmreplay.analyze.stall.Wait;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One replay run: what it was, top-level latency, pool occupancy, rescue activity, stalls and deadlocks. */
final class RunPart {
    /** Long waits listed per run (the run's waits.csv has all of them). */
    static final int WAITS_SHOWN = 20;

    private RunPart() {
    }

    static void render(Html h, RunReport r, DmStack stack, String anchor, HtmlReport.Ids ids) {
        h.open("section", "id", anchor).el("h2", "Replay run " + r.name()).nl();
        h.open("table");
        // the summary's result.* figures are shown below from the observations; knobs go on one line
        List<String> knobs = new ArrayList<>();
        for (Map.Entry<String, String> e : r.about().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("knobs.")) {
                knobs.add(k.substring("knobs.".length()) + "=" + e.getValue());
            } else if (k.equals("result.outcome") || k.equals("outcome")) {
                h.open("tr").el("th", "outcome").el("td", e.getValue(), "class", e.getValue()).close("tr").nl();
            } else if (!k.startsWith("result.") && !e.getValue().isEmpty()) {
                h.open("tr").el("th", k).el("td", e.getValue()).close("tr").nl();
            }
        }
        if (!knobs.isEmpty()) {
            h.open("tr").el("th", "knobs").el("td", String.join(", ", knobs)).close("tr").nl();
        }
        h.open("tr").el("th", "observations").el("td", Long.toString(r.observations())).close("tr");
        h.open("tr").el("th", "simulated time").el("td", Fmt.ms(r.endNs()) + " ms").close("tr").nl();
        h.close("table").nl();
        latency(h, r.latency(), r.recorded(), !r.stalls().deadlocks().isEmpty());
        if (stack != null) {
            stack(h, stack, ids);
        }
        pools(h, r, ids);
        rescue(h, r.rescue());
        stalls(h, r.stalls(), ids);
        h.close("section").nl();
    }

    private static void stack(Html h, DmStack s, HtmlReport.Ids ids) {
        h.el("h3", "Device-mapper stack");
        if (!s.drawable()) {
            h.el("p", "Not drawn: " + s.note() + ".", "class", "note");
            return;
        }
        h.el("p", "The table the run replayed, top-level devices at the top: each table line with the devices it "
                + "maps onto, the leaf devices at the bottom, and each device's mempools and biosets with their "
                + "reserves (min_nr) as this run created them.", "class", "note");
        h.raw(StackSvg.render(ids.diagram(), s)).nl();
    }

    private static void latency(Html h, TopLevelLatency.Report l, RecordedLatency rec, boolean deadlocked) {
        h.el("h3", "Top-level bios");
        h.el("p", "submitted " + l.submitted() + ", completed " + l.completed() + ", errors " + l.errors()
                + ", unfinished " + l.unfinished() + ", delayed submissions " + l.delayedSubmissions() + "; "
                + (l.stuck() || deadlocked
                        ? "no throughput: the run is stuck (" + l.unfinished() + " top-level bio(s) never completed)"
                        : Fmt.num(l.iops(), 1) + " IOPS, " + Fmt.num(l.mibPerSecond(), 2) + " MiB/s over "
                                + Fmt.ms(l.spanNs()) + " ms"));
        h.open("table");
        h.headRow(List.of("latency (ms)", "N", "min", "mean", "p50", "p90", "p99", "p99.9", "max"));
        dist(h, "Q2C", l.q2c());
        if (l.correctionAvailable()) {
            dist(h, "Q2C corrected", l.q2cCorrected());
        }
        h.close("table").nl();
        if (rec != null) {
            recorded(h, l, rec);
        }
    }

    /** The run's Q2C beside the recorded trace's (btt's Q2Cdm of the mapped devices, else Q2C) and their ratios. */
    private static void recorded(Html h, TopLevelLatency.Report l, RecordedLatency rec) {
        h.el("h4", "Against the recorded trace");
        if (rec.count() == 0) {
            h.el("p", "The recorded trace " + rec.trace() + " has no completions to compare with.", "class", "note");
            return;
        }
        h.el("p", "The trace the run replayed, " + rec.trace() + ", as recorded (" + rec.interval() + ", "
                + rec.count() + " bios), and replay / recorded.", "class", "note");
        h.open("table");
        h.headRow(List.of("latency (ms)", "N", "mean", "p50", "p90", "p99", "max"));
        h.row(List.of("replay Q2C", Long.toString(l.q2c().count()), Fmt.ms(l.q2c().mean()), Fmt.ms(l.q2c().p50()),
                Fmt.ms(l.q2c().p90()), Fmt.ms(l.q2c().p99()), Fmt.ms(l.q2c().max())));
        h.row(List.of("recorded " + rec.interval(), Long.toString(rec.count()), Fmt.ms(rec.meanNs()),
                Fmt.ms(rec.p50Ns()), Fmt.ms(rec.p90Ns()), Fmt.ms(rec.p99Ns()), Fmt.ms(rec.maxNs())));
        h.row(List.of("replay / recorded", "", ratio(l.q2c().mean(), rec.meanNs()), ratio(l.q2c().p50(), rec.p50Ns()),
                ratio(l.q2c().p90(), rec.p90Ns()), ratio(l.q2c().p99(), rec.p99Ns()), ratio(l.q2c().max(), rec.maxNs())));
        h.close("table").nl();
        if (rec.evicted() > 0) {
            h.el("p", rec.evicted() + " queued bios of the recorded trace exceeded the in-flight bound and were "
                    + "dropped; they have no recorded Q2C.", "class", "note");
        }
    }

    private static String ratio(long replay, long recorded) {
        double x = RecordedLatency.ratio(replay, recorded);
        return Double.isNaN(x) ? "-" : Fmt.num(x, 2);
    }

    private static void dist(Html h, String name, Distribution.Summary d) {
        h.row(List.of(name, Long.toString(d.count()), Fmt.ms(d.min()), Fmt.ms(d.mean()), Fmt.ms(d.p50()),
                Fmt.ms(d.p90()), Fmt.ms(d.p99()), Fmt.ms(d.p999()), Fmt.ms(d.max())));
    }

    /**
     * A pool's occupancy (elements in use, the bucket's maximum) as a step series named {@code name}, with one more
     * point at the end of the run, since the last bucket's state holds until then; null without samples.
     */
    static SvgChart.Series occupancy(PoolReport p, long runEndNs, String name) {
        List<PoolReport.Sample> tl = p.timeline();
        if (tl.isEmpty()) {
            return null;
        }
        double[] x = new double[tl.size() + 1];
        double[] y = new double[tl.size() + 1];
        for (int i = 0; i < tl.size(); i++) {
            x[i] = tl.get(i).startNs() / 1e9;
            y[i] = tl.get(i).inUseMax();
        }
        x[tl.size()] = Math.max(runEndNs / 1e9, x[tl.size() - 1]);
        y[tl.size()] = y[tl.size() - 1];
        return new SvgChart.Series(name, x, y);
    }

    private static void pools(Html h, RunReport r, HtmlReport.Ids ids) {
        h.el("h3", "Mempools and biosets");
        if (r.pools().isEmpty()) {
            h.el("p", "No allocations observed.");
            return;
        }
        List<SvgChart.Series> s = new ArrayList<>();
        for (PoolReport p : r.pools()) {
            SvgChart.Series occupancy = occupancy(p, r.endNs(), p.pool());
            if (occupancy != null) {
                s.add(occupancy);
            }
        }
        if (!s.isEmpty()) {
            h.raw(SvgChart.render(ids.next(), "Pool occupancy (elements in use, highest per bucket)",
                    "simulated time", "elements in use", s, true)).nl();
        }
        h.open("table");
        h.headRow(List.of("pool", "allocations", "in use peak", "reserve low-water", "empty reserve (ms)",
                "empty episodes", "non-blocking failures", "GFP_NOWAIT failures", "sleeps", "sleep total, ended (ms)",
                "longest sleep (ms)", "asleep at end", "5 s re-polls"));
        for (PoolReport p : r.pools()) {
            h.row(List.of(p.pool(), Long.toString(p.allocations()), Long.toString(p.peakInUse()),
                    Long.toString(p.reserveLowWater()), Fmt.ms(p.emptyReserveNs()), Long.toString(p.emptyEpisodes()),
                    Long.toString(p.nonBlockingFailures()), Long.toString(p.nowaitFailures()),
                    Long.toString(p.sleepsBegun()), Fmt.ms(p.sleeps().total()), Fmt.ms(p.longestSleepNs()),
                    Long.toString(p.asleepAtEnd()), Long.toString(p.repolls())));
        }
        h.close("table").nl();
        if (r.pools().stream().anyMatch(p -> p.asleepAtEnd() > 0)) {
            h.el("p", "A sleep still going on when the run ended counts in the longest sleep up to the end of the "
                    + "run; the sleep total adds up the sleeps that ended.", "class", "note");
        }
    }

    private static void rescue(Html h, RescueActivity.Report x) {
        h.el("h3", "Waits, punts and rescues");
        if (x.punts().isEmpty() && x.offloads().isEmpty() && x.lists().isEmpty()) {
            h.el("p", "No punts to a rescuer, no offloads, no rescued bios.");
            return;
        }
        h.open("table");
        h.headRow(List.of("mechanism", "where", "calls / firings", "bios moved", "detail"));
        for (RescueActivity.PuntReport p : x.punts()) {
            h.row(List.of("punt_bios_to_rescuer", p.bioset(), Long.toString(p.punts()), Long.toString(p.biosPunted()),
                    ""));
        }
        for (RescueActivity.OffloadReport o : x.offloads()) {
            h.row(List.of(o.mechanism(), o.device(), Long.toString(o.firings()), Long.toString(o.bios()),
                    "at most " + o.maxAtOnce() + " at once"));
        }
        for (RescueActivity.ListReport l : x.lists()) {
            h.row(List.of("rescue list", l.list().isEmpty() ? "(unnamed)" : l.list(),
                    l.added() < 0 ? "" : Long.toString(l.added()), Long.toString(l.resubmitted()),
                    l.depthKnown() ? "depth high-water " + l.depthHighWater() : ""));
        }
        h.close("table").nl();
    }

    private static void stalls(Html h, StallReport s, HtmlReport.Ids ids) {
        h.el("h3", "Stalls and deadlocks");
        long open = s.unfinished().stream().filter(w -> w.durationNs() > s.thresholdNs()).count();
        h.el("p", s.longWaitCount() + " wait(s) longer than " + Fmt.ms(s.thresholdNs()) + " ms"
                + (open > 0 ? " (" + open + " still waiting at the end)" : "")
                + (s.longestWaitNs() > 0 ? ", longest wait " + Fmt.ms(s.longestWaitNs()) + " ms" : "") + ".");
        if (!s.longWaits().isEmpty()) {
            waits(h, s.longWaits().subList(0, Math.min(WAITS_SHOWN, s.longWaits().size())));
            if (s.longWaits().size() > WAITS_SHOWN) {
                h.el("p", (s.longWaits().size() - WAITS_SHOWN) + " more in the run's waits.csv", "class", "note");
            }
        }
        if (!s.unfinished().isEmpty()) {
            h.el("h4", "Still waiting when the run ended: " + s.unfinished().size());
            waits(h, s.unfinished().subList(0, Math.min(WAITS_SHOWN, s.unfinished().size())));
        }
        if (!s.modelStalls().isEmpty()) {
            h.el("h4", "Stalls reported by the model: " + s.modelStalls().size());
            h.open("table");
            h.headRow(List.of("at (ms)", "task", "for (ms)", "in", "on"));
            for (StallReport.ModelStall m : s.modelStalls().subList(0, Math.min(WAITS_SHOWN,
                    s.modelStalls().size()))) {
                h.row(List.of(Fmt.ms(m.timeNs()), m.task(), Fmt.ms(m.ns()), m.what(), m.resource()));
            }
            h.close("table").nl();
        }
        for (String chain : s.deadlocks()) {
            h.el("h4", "Deadlock: the wait-for chain", "class", "mismatch");
            ChainPart.render(h, chain, ids);
        }
    }

    private static void waits(Html h, List<Wait> waits) {
        h.open("table");
        h.headRow(List.of("task", "waited (ms)", "in", "on", "from (ms)", "wake-ups", "re-polls", "released by"));
        for (Wait w : waits) {
            h.row(List.of(w.task(), Fmt.ms(w.durationNs()), w.function(), w.resource(), Fmt.ms(w.beginNs()),
                    w.ended() ? Long.toString(w.wakeups()) : "", w.ended() ? Long.toString(w.repolls()) : "",
                    w.ended() ? w.releasedBy() : "(still asleep)"));
        }
        h.close("table").nl();
    }
}
