package dev.dmreplay.analyze.run;

import dev.dmreplay.analyze.pressure.Distribution;
import dev.dmreplay.analyze.pressure.PoolReport;
import dev.dmreplay.analyze.pressure.RescueActivity;
import dev.dmreplay.analyze.stall.StallReport;
import dev.dmreplay.analyze.stall.Wait;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.ObserveLevel;
import java.util.Map;

/** Renders a {@link RunReport} as the readable report {@code dmreplay analyze RUN-DIR} prints. */
public final class RunReportText {
    /** Long waits listed in the text (all are in the files). */
    public static final int WAITS_SHOWN = 20;
    /** Summary fields shown in the header (all of them are in run-analysis.json). */
    static final java.util.Set<String> HEADER = java.util.Set.of("trace", "strategy", "pressure", "seed", "mode",
            "result.outcome");

    private RunReportText() {
    }

    public static String render(RunReport r) {
        StringBuilder b = new StringBuilder();
        b.append("Replay run ").append(r.name()).append('\n');
        for (Map.Entry<String, String> e : r.about().entrySet()) {
            String k = e.getKey();
            if (HEADER.contains(k)) {
                b.append("  ").append(k.substring(k.lastIndexOf('.') + 1)).append(": ").append(e.getValue())
                        .append('\n');
            }
        }
        b.append("  observations: ").append(r.observations()).append(", simulated time ").append(Fmt.ns(r.endNs()))
                .append('\n');
        ObserveLevel level = r.observeLevel();
        if (level != ObserveLevel.ALL) {
            b.append("  ").append(level.notRecorded()).append('\n');
        }
        if (r.records(ObservationKind.SUBMIT)) {
            latency(b, r);
        } else {
            b.append("\nTop-level bios: ").append(notRecorded(level)).append("; from summary.json: submitted ")
                    .append(about(r, "result.submitted")).append(", completed ").append(about(r, "result.completed"))
                    .append(", mean latency ").append(aboutNs(r, "result.meanLatencyNs")).append(", max ")
                    .append(aboutNs(r, "result.maxLatencyNs")).append('\n');
        }
        if (r.records(ObservationKind.ALLOC)) {
            pools(b, r);
            rescue(b, r);
        } else {
            b.append("\nMempools and biosets: ").append(notRecorded(level))
                    .append(" (summary.json lists each pool's totals)\n");
            b.append("\nRescue: ").append(notRecorded(level)).append('\n');
        }
        if (r.records(ObservationKind.REMAP)) {
            clones(b, r);
        } else {
            b.append("\nClones per original bio: ").append(notRecorded(level)).append('\n');
        }
        if (r.records(ObservationKind.WAIT_BEGIN)) {
            stalls(b, r.stalls());
        } else {
            b.append("\nWaits: ").append(notRecorded(level)).append("; from summary.json: waits longer than the")
                    .append(" threshold ").append(about(r, "result.stalls")).append(", longest wait ")
                    .append(aboutNs(r, "result.longestWaitNs")).append('\n');
        }
        return b.toString();
    }

    private static String notRecorded(ObserveLevel level) {
        return "not recorded at observation level " + level.label();
    }

    /** A field of the run's summary, or "unknown" (no summary). */
    private static String about(RunReport r, String key) {
        String v = r.about().get(key);
        return v == null ? "unknown" : v;
    }

    private static String aboutNs(RunReport r, String key) {
        String v = r.about().get(key);
        try {
            return v == null ? "unknown" : Fmt.ns(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private static void latency(StringBuilder b, RunReport r) {
        TopLevelLatency.Report l = r.latency();
        b.append("\nTop-level bios\n");
        b.append("  submitted ").append(l.submitted()).append(", completed ").append(l.completed())
                .append(", errors ").append(l.errors()).append(", unfinished ").append(l.unfinished())
                .append(", delayed submissions ").append(l.delayedSubmissions()).append('\n');
        if (l.stuck() || !r.stalls().deadlocks().isEmpty()) {
            b.append("  throughput: none, the run is stuck (").append(l.unfinished())
                    .append(" top-level bio(s) never completed; ").append(l.completed()).append(" completed before)\n");
        } else {
            b.append("  throughput ").append(Fmt.num(l.iops(), 1)).append(" IOPS, ")
                    .append(Fmt.num(l.mibPerSecond(), 2)).append(" MiB/s over ").append(Fmt.ns(l.spanNs()))
                    .append('\n');
        }
        dist(b, "Q2C", l.q2c());
        if (l.correctionAvailable()) {
            dist(b, "Q2C corrected", l.q2cCorrected());
        } else {
            b.append("  Q2C corrected: not available (the run does not record intended submit times)\n");
        }
        RecordedLatency rec = r.recorded();
        if (rec != null) {
            b.append("  recorded trace ").append(rec.trace()).append(", ").append(rec.interval()).append(": n=")
                    .append(rec.count());
            if (rec.count() > 0) {
                b.append(" mean ").append(Fmt.ns(rec.meanNs())).append(" p50 ").append(Fmt.ns(rec.p50Ns()))
                        .append(" p99 ").append(Fmt.ns(rec.p99Ns())).append(" max ").append(Fmt.ns(rec.maxNs()))
                        .append('\n');
                b.append("  replay / recorded: mean ").append(ratio(l.q2c().mean(), rec.meanNs())).append(" p50 ")
                        .append(ratio(l.q2c().p50(), rec.p50Ns())).append(" p99 ")
                        .append(ratio(l.q2c().p99(), rec.p99Ns())).append(" max ")
                        .append(ratio(l.q2c().max(), rec.maxNs()));
            } else {
                b.append(" (the trace has no completions to compare with)");
            }
            b.append('\n');
            if (rec.evicted() > 0) {
                b.append("  note: ").append(rec.evicted()).append(" queued bios of the recorded trace exceeded the")
                        .append(" in-flight bound and were dropped; they have no recorded Q2C\n");
            }
        }
    }

    private static String ratio(long replay, long recorded) {
        double x = RecordedLatency.ratio(replay, recorded);
        return Double.isNaN(x) ? "-" : Fmt.num(x, 2);
    }

    private static void dist(StringBuilder b, String name, Distribution.Summary d) {
        b.append("  ").append(name).append(": n=").append(d.count());
        if (d.count() > 0) {
            b.append(" min ").append(Fmt.ns(d.min())).append(" mean ").append(Fmt.ns(d.mean())).append(" p50 ")
                    .append(Fmt.ns(d.p50())).append(" p90 ").append(Fmt.ns(d.p90())).append(" p99 ")
                    .append(Fmt.ns(d.p99())).append(" p99.9 ").append(Fmt.ns(d.p999())).append(" max ")
                    .append(Fmt.ns(d.max()));
        }
        b.append('\n');
    }

    private static void pools(StringBuilder b, RunReport r) {
        b.append("\nMempools and biosets\n");
        if (r.pools().isEmpty()) {
            b.append("  (no allocations observed)\n");
        }
        for (PoolReport p : r.pools()) {
            b.append("  ").append(p.pool()).append('\n');
            b.append("    allocations ").append(p.allocations()).append(", in use peak ").append(p.peakInUse())
                    .append(" (at end ").append(p.inUseAtEnd()).append(p.exactOccupancy() ? "; exact, frees observed)\n"
                            : "; approximated from bio lifetimes, frees not observed)\n");
            b.append("    reserve: most seen ").append(p.reserveHigh()).append(", low-water ")
                    .append(p.reserveLowWater()).append(", at end ").append(p.reserveAtEnd()).append(", empty ")
                    .append(Fmt.ns(p.emptyReserveNs())).append(" in ").append(p.emptyEpisodes())
                    .append(" episode(s)\n");
            b.append("    non-blocking failures ").append(p.nonBlockingFailures()).append(", GFP_NOWAIT failures ")
                    .append(p.nowaitFailures()).append(", sleeps ").append(p.sleepsBegun()).append(", 5 s re-polls ")
                    .append(p.repolls()).append('\n');
            if (p.sleeps().count() > 0) {
                Distribution.Summary s = p.sleeps();
                b.append("    sleep time: total ").append(Fmt.ns(s.total())).append(" p50 ").append(Fmt.ns(s.p50()))
                        .append(" p99 ").append(Fmt.ns(s.p99())).append(" max ").append(Fmt.ns(s.max()))
                        .append('\n');
            }
            if (p.asleepAtEnd() > 0) {
                b.append("    still asleep at the end: ").append(p.asleepAtEnd()).append(" task(s), longest sleep ")
                        .append(Fmt.ns(p.longestSleepNs())).append(" (until the end of the run)\n");
            }
        }
    }

    private static void rescue(StringBuilder b, RunReport r) {
        RescueActivity.Report x = r.rescue();
        if (x.punts().isEmpty() && x.offloads().isEmpty() && x.lists().isEmpty()) {
            b.append("\nRescue: no punts, offloads or rescued bios\n");
            return;
        }
        b.append("\nRescue\n");
        for (RescueActivity.PuntReport p : x.punts()) {
            b.append("  punt_bios_to_rescuer(").append(p.bioset()).append("): ").append(p.punts())
                    .append(" call(s), ").append(p.biosPunted()).append(" bio(s) punted\n");
        }
        for (RescueActivity.OffloadReport o : x.offloads()) {
            b.append("  ").append(o.mechanism()).append(o.device().isEmpty() ? "" : " on " + o.device()).append(": ")
                    .append(o.firings()).append(" firing(s), ").append(o.bios()).append(" bio(s), at most ")
                    .append(o.maxAtOnce()).append(" at once\n");
        }
        for (RescueActivity.ListReport l : x.lists()) {
            b.append("  ").append(l.list().isEmpty() ? "(unnamed list)" : l.list()).append(": ")
                    .append(l.resubmitted()).append(" resubmitted");
            if (l.depthKnown()) {
                b.append(", depth high-water ").append(l.depthHighWater());
            }
            b.append('\n');
        }
    }

    private static void clones(StringBuilder b, RunReport r) {
        var c = r.clones();
        if (c.clonesPerOriginal().count() == 0) {
            return;
        }
        b.append("\nClones per original bio\n");
        b.append("  made, over ").append(c.clonesPerOriginal().count()).append(" completed originals: mean ")
                .append(Fmt.num((double) c.clonesPerOriginal().total() / c.clonesPerOriginal().count(), 2)).append(" max ")
                .append(c.clonesPerOriginal().max()).append("; live at once: p50 ").append(c.liveHighWater().p50())
                .append(" p99 ").append(c.liveHighWater().p99()).append(" max ").append(c.worstLive());
        if (c.worstLive() > 0) {
            b.append(" (bio ").append(c.worstOriginal()).append(')');
        }
        b.append("; live in the whole run at most ").append(c.liveAcrossRunHighWater()).append('\n');
    }

    private static void stalls(StringBuilder b, StallReport s) {
        b.append("\nWaits longer than ").append(Fmt.ns(s.thresholdNs())).append(": ").append(s.longWaitCount());
        long open = s.unfinished().stream().filter(w -> w.durationNs() > s.thresholdNs()).count();
        if (open > 0) {
            b.append(" (").append(open).append(" still waiting at the end)");
        }
        if (s.longestWaitNs() > 0) {
            b.append(", longest wait ").append(Fmt.ns(s.longestWaitNs()));
        }
        b.append('\n');
        int n = 0;
        for (Wait w : s.longWaits()) {
            if (n++ == WAITS_SHOWN) {
                b.append("  ... ").append(s.longWaits().size() - WAITS_SHOWN).append(" more in waits.csv\n");
                break;
            }
            wait(b, w);
        }
        if (!s.unfinished().isEmpty()) {
            b.append("Still waiting at the end of the run: ").append(s.unfinished().size()).append('\n');
            for (Wait w : s.unfinished()) {
                wait(b, w);
            }
        }
        if (!s.modelStalls().isEmpty()) {
            b.append("Stalls reported by the model: ").append(s.modelStallCount()).append('\n');
            int k = 0;
            for (StallReport.ModelStall m : s.modelStalls()) {
                if (k++ == WAITS_SHOWN) {
                    b.append("  ...\n");
                    break;
                }
                b.append("  at ").append(Fmt.ns(m.timeNs())).append(": ").append(m.task()).append(" ")
                        .append(Fmt.ns(m.ns())).append(" in ").append(m.what()).append(" on ").append(m.resource())
                        .append('\n');
            }
        }
        for (String chain : s.deadlocks()) {
            b.append("DEADLOCK:\n");
            for (String line : chain.split("\n", -1)) {
                b.append("  ").append(line).append('\n');
            }
        }
    }

    private static void wait(StringBuilder b, Wait w) {
        b.append("  ").append(w.task()).append(" waited ").append(Fmt.ns(w.durationNs())).append(" in ")
                .append(w.function()).append(" on ").append(w.resource()).append(" from ").append(Fmt.ns(w.beginNs()));
        if (w.ended()) {
            b.append(", ").append(w.wakeups()).append(" wake-up(s), ").append(w.repolls()).append(" re-poll(s)");
            if (!w.releasedBy().isEmpty()) {
                b.append("; released after ").append(w.releasedBy());
            }
        }
        b.append('\n');
    }
}
