package dev.dmreplay.reports.render;

import dev.dmreplay.replay.run.HelperIoComparison;
import java.util.List;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;

/** The short text {@code dmreplay replay} prints about a run: strategy, devices, counts, outcome, pools. */
public final class ReplaySummaryText {
    private ReplaySummaryText() {
    }

    public static String render(TraceReplay.Prepared p, RunResult r, Strategy st) {
        StringBuilder sb = new StringBuilder();
        sb.append("strategy ").append(st.name()).append(" (").append(st.title).append(")\n");
        sb.append("top devices ").append(String.join(", ", p.topDevices()))
                .append(p.fromRemaps() ? " (reconstructed from remaps)" : "").append('\n');
        sb.append(String.format(java.util.Locale.ROOT,
                "bios completed %d of %d submitted (%d errors), mean latency %.3f ms, max %.3f ms%n",
                r.completed(), r.submitted(), r.errors(), r.meanLatencyNs() / 1e6, r.maxLatencyNs() / 1e6));
        if (!p.fromRemaps()) {
            sb.append("trace ").append(p.workload().accounting().summary()).append('\n');
        }
        sb.append(String.format(java.util.Locale.ROOT, "virtual time %.6f s, %d events%n", r.endTimeNs() / 1e9,
                r.eventsRun()));
        sb.append("outcome ").append(r.outcome());
        if (!r.chain().isEmpty()) {
            sb.append(": ").append(r.chain());
        }
        sb.append('\n');
        if (r.stalls() > 0) {
            sb.append("stalls ").append(r.stalls()).append(", longest wait ")
                    .append(String.format(java.util.Locale.ROOT, "%.3f ms", r.longestWaitNs() / 1e6))
                    .append(r.longestWait().isEmpty() ? "" : " (" + r.longestWait() + ")").append('\n');
        }
        List<HelperIoComparison.Row> helper = HelperIoComparison.compare(p.machine(), p.workload());
        if (!helper.isEmpty()) { // stacks whose targets issue their own I/O (snapshots, mirrors)
            sb.append("target-issued I/O below the top devices       kernel   model  model classes\n");
            for (HelperIoComparison.Row h : helper) {
                sb.append(String.format(java.util.Locale.ROOT, "  %-20s %-5s %-7s %9d %7d  %s%n", h.device(),
                        h.rwbs(), h.issuer(), h.kernelBios(), h.modelBios(), h.modelClasses()));
            }
            for (String status : HelperIoComparison.snapshotStatus(p.machine())) {
                sb.append("dmsetup status (model) ").append(status).append('\n');
            }
        }
        if (r.order() != null) {
            sb.append("issue order ").append(ScenarioReport.orderText(r.order())).append('\n');
        }
        sb.append("pool                                   size  peak  low  nb-fail  sleeps\n");
        for (Mempool.MempoolStats m : r.pools()) {
            sb.append(String.format(java.util.Locale.ROOT, "%-38s %4d %5d %4d %8d %7d%n", m.pool(), m.minNr(),
                    m.peakInUse(), m.reserveLowWater(), m.nonBlockingFailures(), m.sleeps()));
        }
        return sb.toString();
    }
}
