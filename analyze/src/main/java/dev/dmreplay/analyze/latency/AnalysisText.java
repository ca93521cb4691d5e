package dev.dmreplay.analyze.latency;

import static dev.dmreplay.analyze.btt.CFormat.fixed;
import static dev.dmreplay.analyze.btt.CFormat.pad;
import static dev.dmreplay.analyze.btt.CFormat.padRight;

import dev.dmreplay.analyze.btt.CFormat;
import dev.dmreplay.analyze.btt.Interval;
import dev.dmreplay.analyze.btt.LayerStats;
import dev.dmreplay.ingest.model.DevNo;
import java.util.Map;

/**
 * The human-readable report of {@code dmreplay analyze}: btt's default report, then what btt does not give:
 * percentiles of every interval, the intervals the trace cannot give and why, per-layer attribution for dm
 * stacks, queue depth.
 */
public final class AnalysisText {
    private AnalysisText() {
    }

    public static String render(Analysis a) {
        StringBuilder out = new StringBuilder(a.bttReport(false));
        section(out, "Percentiles (dmreplay)");
        out.append(padRight("INTERVAL", 8)).append(' ').append(pad("DEVICE", 10)).append(' ').append(pad("N", 11));
        for (String h : new String[] {"P50", "P90", "P99", "P99.9", "MAX"}) {
            out.append(' ').append(pad(h, 13));
        }
        out.append('\n').append("-------- ---------- -----------").append(" -------------".repeat(5)).append('\n');
        Interval last = null;
        for (var en : a.stats().distributions().entrySet()) {
            IntervalKey k = en.getKey();
            LatencyDistribution d = en.getValue();
            if (last != null && last != k.interval()) {
                out.append('\n');
            }
            last = k.interval();
            out.append(padRight(k.interval().label(), 8)).append(' ').append(pad(label(k), 10)).append(' ')
                    .append(pad(Long.toString(d.count()), 11));
            for (double p : new double[] {50, 90, 99, 99.9, 100}) {
                out.append(' ').append(fixed(CFormat.bitTime(d.percentile(p)), 13, 9));
            }
            out.append('\n');
        }
        out.append("(seconds; G2D and D2C/rq are dmreplay's: getrq to dispatch without I, dispatch to completion "
                + "per request)\n\n");

        Map<Interval, String> missing = a.unavailable();
        if (!missing.isEmpty()) {
            section(out, "Unavailable Intervals");
            missing.forEach((i, why) -> out.append(padRight(i.label(), 8)).append(' ').append(why).append('\n'));
            out.append('\n');
        }

        if (!a.btt().layers().isEmpty()) {
            section(out, "Layer Attribution (dmreplay)");
            out.append(pad("DEV", 10)).append(" | ").append(pad("# Bios", 8)).append(' ').append(pad("Avg. Q2C", 13))
                    .append(' ').append(pad("In layer", 13)).append(' ').append(pad("Below", 13)).append(' ')
                    .append(pad("% Layer", 7)).append('\n');
            out.append("---------- | -------- ------------- ------------- ------------- -------\n");
            for (var en : a.btt().layers().entrySet()) {
                LayerStats s = en.getValue();
                out.append(pad(devLabel(en.getKey()), 10)).append(" | ").append(pad(Long.toString(s.bios()), 8));
                if (s.bios() > 0) {
                    double n = s.bios();
                    out.append(' ').append(fixed(s.q2cSum() / n / 1e9, 13, 9)).append(' ')
                            .append(fixed(s.ownSum() / n / 1e9, 13, 9)).append(' ')
                            .append(fixed(s.belowSum() / n / 1e9, 13, 9)).append(' ')
                            .append(fixed(s.q2cSum() == 0 ? 0 : 100.0 * s.ownSum() / s.q2cSum(), 6, 2)).append('%');
                }
                out.append('\n');
                for (var l : s.lower().entrySet()) {
                    LayerStats.Lower lo = l.getValue();
                    double n = Math.max(1, lo.pieces());
                    out.append(pad("-> " + devLabel(l.getKey()), 23)).append(" pieces ").append(lo.pieces())
                            .append(", avg Q2C ").append(fixed(lo.q2cSum() / n / 1e9, 0, 9))
                            .append(", avg Q2D ").append(fixed(lo.q2dSum() / n / 1e9, 0, 9))
                            .append(", avg D2C ").append(fixed(lo.d2cSum() / n / 1e9, 0, 9)).append('\n');
                }
            }
            out.append("(In layer: queue to first remapped piece plus last piece's completion to this completion; "
                    + "Below: first lower Q to last lower C)\n\n");
        }

        if (!a.queueDepth().isEmpty()) {
            section(out, "Queue Depth (dmreplay)");
            out.append(pad("DEV", 10)).append(" | ").append(pad("Max depth", 10)).append(' ')
                    .append(pad("Avg depth", 10)).append('\n');
            out.append("---------- | ---------- ----------\n");
            for (var en : a.queueDepth().entrySet()) {
                QueueDepth q = en.getValue();
                double sum = 0;
                for (QueueDepth.Second s : q.seconds().values()) {
                    sum += s.average();
                }
                double avg = q.seconds().isEmpty() ? 0 : sum / q.seconds().size();
                out.append(pad(devLabel(en.getKey()), 10)).append(" | ").append(pad(Integer.toString(q.peak()), 10))
                        .append(' ').append(fixed(avg, 10, 2)).append('\n');
            }
            out.append("(requests dispatched (D) and not yet completed (C); average of the per-second averages)\n\n");
        }
        if (a.btt().inFlight() > 0 || a.btt().replacedQs() > 0) {
            out.append("note: ").append(a.btt().inFlight()).append(" queued bios never completed (e.g. split bios "
                    + "whose whole-bio Q no completion covers) and ").append(a.btt().replacedQs())
                    .append(" were replaced by a later Q at the same sector; btt counts them the same way\n");
        }
        if (a.evicted() > 0) {
            out.append("note: ").append(a.evicted()).append(" queued bios or open requests exceeded the in-flight "
                    + "bound and were dropped; figures may differ from btt's\n");
        }
        if (a.btt().seeksUnrecorded() > 0) {
            out.append("note: ").append(a.btt().seeksUnrecorded()).append(" seeks at distances first seen after the "
                    + "bound of distinct distances were left out of the seek median and modes (count and mean exact)\n");
        }
        return out.toString();
    }

    private static void section(StringBuilder out, String name) {
        out.append("==================== ").append(name).append(" ====================\n\n");
    }

    private static String label(IntervalKey k) {
        return k.allDevices() ? "ALL" : devLabel(k.device());
    }

    static String devLabel(int device) {
        DevNo d = DevNo.ofKernel(device);
        return String.format("(%3d,%3d)", d.major(), d.minor());
    }
}
