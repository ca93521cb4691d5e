package dev.dmreplay.analyze.btt;

import static dev.dmreplay.analyze.btt.CFormat.bitTime;
import static dev.dmreplay.analyze.btt.CFormat.fixed;
import static dev.dmreplay.analyze.btt.CFormat.pad;
import static dev.dmreplay.analyze.btt.CFormat.padRight;

/**
 * Writes btt 2.09's {@code NAME.avg} report ({@code output_avgs()} in {@code output.c}) byte for byte, including
 * its arithmetic quirks (integer averages, the pre-order "median", float merge ratio in the TOTAL row).
 */
final class BttReport {
    private static final String DASHES = "--------------- ------------- ------------- ------------- -----------\n";
    private static final Interval[] DM = {Interval.Q2Q_DM, Interval.Q2A_DM, Interval.Q2C_DM};
    private static final Interval[] PER = {Interval.Q2Q, Interval.Q2A, Interval.Q2G, Interval.S2G, Interval.G2I,
        Interval.Q2M, Interval.I2D, Interval.D2C, Interval.Q2C};
    private static final Interval[] ALL = {Interval.Q2Q, Interval.Q2A, Interval.Q2G, Interval.S2G, Interval.G2I,
        Interval.Q2M, Interval.I2D, Interval.M2D, Interval.D2C, Interval.Q2C};

    private final BttEngine engine;
    private final StringBuilder out = new StringBuilder(8192);

    BttReport(BttEngine engine) {
        this.engine = engine;
    }

    String render(boolean allData) {
        if (allData) {
            section("Per Process");
            for (Interval i : DM) {
                perProcess(i);
            }
            out.append('\n');
            for (Interval i : PER) {
                perProcess(i);
            }
            section("Per Device");
            for (Interval i : DM) {
                perDevice(i);
            }
            out.append('\n');
            for (Interval i : PER) {
                perDevice(i);
            }
        }
        section("All Devices");
        header("ALL");
        for (Interval i : DM) {
            avgRow(i.label(), engine.all().get(i));
        }
        out.append('\n');
        for (Interval i : ALL) {
            avgRow(i.label(), engine.all().get(i));
        }
        out.append('\n');
        section("Device Overhead");
        overhead();
        section("Device Merge Information");
        merges();
        section("Device Q2Q Seek Information");
        seeks(true);
        section("Device D2D Seek Information");
        seeks(false);
        section("Plug Information");
        plugs();
        section("Active Requests At Q Information");
        activeRequests();
        section("I/O Active Period Information");
        live();
        if (allData) {
            section("Q2D Histogram");
            q2dHistogram();
        }
        return out.toString();
    }

    private void section(String hdr) {
        out.append("==================== ").append(hdr).append(" ====================\n\n");
    }

    private void header(String hdr) {
        out.append(pad(hdr, 15)).append(' ').append(pad("MIN", 13)).append(' ').append(pad("AVG", 13)).append(' ')
                .append(pad("MAX", 13)).append(' ').append(pad("N", 11)).append('\n').append(DASHES);
    }

    private void avgRow(String name, AvgInfo a) {
        if (a.n > 0) {
            out.append(padRight(name, 15)).append(' ').append(fixed(bitTime(a.min), 13, 9)).append(' ')
                    .append(fixed(a.avgSeconds(), 13, 9)).append(' ').append(fixed(bitTime(a.max), 13, 9))
                    .append(' ').append(pad(Integer.toString(a.n), 11)).append('\n');
        }
    }

    private void perProcess(Interval i) {
        header(i.label());
        for (BttProcess p : engine.processes()) {
            String name = p.name.length() > 14 ? p.name.substring(0, 14) : p.name;
            avgRow(name, p.avgs.get(i));
        }
        out.append('\n');
    }

    private void perDevice(Interval i) {
        header(i.label());
        for (BttDevice d : engine.devices()) {
            avgRow(d.label(), d.avgs.get(i));
        }
        out.append('\n');
    }

    private static String pct(double v) {
        return fixed(v, 8, 4) + "%";
    }

    private void overhead() {
        out.append(pad("DEV", 10)).append(" | ").append(pad("Q2G", 9)).append(' ').append(pad("G2I", 9)).append(' ')
                .append(pad("Q2M", 9)).append(' ').append(pad("I2D", 9)).append(' ').append(pad("D2C", 9))
                .append('\n');
        String dash = "---------- | --------- --------- --------- --------- ---------\n";
        out.append(dash);
        Interval[] cols = {Interval.Q2G, Interval.G2I, Interval.Q2M, Interval.I2D, Interval.D2C};
        long[] tot = new long[cols.length];
        int[] n = new int[cols.length];
        long q2cTot = 0;
        for (BttDevice d : engine.devices()) {
            AvgInfo q2c = d.avgs.get(Interval.Q2C);
            if (q2c.n > 0 && q2c.total != 0) {
                double q2cTotal = (double) q2c.total;
                out.append(pad(d.label(), 10)).append(" |");
                for (int c = 0; c < cols.length; c++) {
                    AvgInfo a = d.avgs.get(cols[c]);
                    out.append(' ').append(pct(100.0 * (double) a.total / q2cTotal));
                    tot[c] += a.total;
                    n[c] += a.n;
                }
                out.append('\n');
                q2cTot += q2c.total;
            }
        }
        if (n[0] != 0 || n[1] != 0 || n[2] != 0 || n[3] != 0 || n[4] != 0) {
            out.append(dash);
            out.append(pad("Overall", 10)).append(" |");
            double q2c = (double) q2cTot;
            for (int c = 0; c < cols.length; c++) {
                out.append(' ').append(pct(n[c] == 0 ? 0.0 : 100.0 * ((double) tot[c] / q2c)));
            }
            out.append('\n');
        }
        out.append('\n');
    }

    private void merges() {
        String head = pad("DEV", 10) + " | " + pad("#Q", 8) + " " + pad("#D", 8) + " " + pad("Ratio", 7) + " | "
                + pad("BLKmin", 8) + " " + pad("BLKavg", 8) + " " + pad("BLKmax", 8) + " " + pad("Total", 8) + "\n";
        String dash = "---------- | -------- -------- ------- | -------- -------- -------- --------\n";
        out.append(head).append(dash);
        int nMerges = 0;
        long nq = 0;
        long nd = 0;
        long blkmin = 0;
        long blkmax = 0;
        long total = 0;
        for (BttDevice d : engine.devices()) {
            if (d.nQs == 0 || d.nDs == 0) {
                continue;
            }
            long qs = effectiveQs(d);
            double ratio = qs < d.nDs ? 1.0 : (double) qs / (double) d.nDs;
            AvgInfo b = d.avgs.blks;
            long blksAvg = (long) ((double) b.total / (double) d.nDs);
            out.append(pad(d.label(), 10)).append(" | ").append(pad(Long.toUnsignedString(qs), 8)).append(' ')
                    .append(pad(Long.toUnsignedString(d.nDs), 8)).append(' ').append(fixed(ratio, 7, 1))
                    .append(" | ").append(pad(Long.toUnsignedString(b.min), 8)).append(' ')
                    .append(pad(Long.toUnsignedString(blksAvg), 8)).append(' ')
                    .append(pad(Long.toUnsignedString(b.max), 8)).append(' ')
                    .append(pad(Long.toUnsignedString(b.total), 8)).append('\n');
            if (nMerges++ == 0) {
                blkmin = b.min;
                blkmax = b.max;
            }
            nq += qs;
            nd += d.nDs;
            total += b.total;
            if (b.min < blkmin) {
                blkmin = b.min;
            }
            if (b.max > blkmax) {
                blkmax = b.max;
            }
        }
        if (nMerges > 1) {
            out.append(dash).append(head);
            double ratio = (double) ((float) nq / (float) nd);
            out.append(pad("TOTAL", 10)).append(" | ").append(pad(Long.toUnsignedString(nq), 8)).append(' ')
                    .append(pad(Long.toUnsignedString(nd), 8)).append(' ').append(fixed(ratio, 7, 1))
                    .append(" | ").append(pad(Long.toUnsignedString(blkmin), 8)).append(' ')
                    .append(pad(Long.toUnsignedString(Long.divideUnsigned(total, nd)), 8)).append(' ')
                    .append(pad(Long.toUnsignedString(blkmax), 8)).append(' ')
                    .append(pad(Long.toUnsignedString(total), 8)).append('\n');
        }
        out.append('\n');
    }

    /** One entry of btt's cross-device mode list ({@code struct seek_mode_info}). */
    private static final class ModeInfo {
        ModeInfo next;
        long mode;
        int nseeks;
    }

    private void seeks(boolean q2q) {
        String head = pad("DEV", 10) + " | " + pad("NSEEKS", 15) + " " + pad("MEAN", 15) + " " + pad("MEDIAN", 15)
                + " | " + padRight("MODE", 15) + "\n";
        String dash = "---------- | --------------- --------------- --------------- | ---------------\n";
        out.append(head).append(dash);
        int nSeeks = 1;
        long totSeeks = 0;
        double totMean = 0;
        long totMedian = 0;
        ModeInfo list = null;
        for (BttDevice d : engine.devices()) {
            SeekStats s = q2q ? d.q2qSeek : d.d2dSeek;
            long ns = s.nseeks();
            if (ns <= 0) {
                continue;
            }
            double mean = s.mean();
            long median = s.median();
            SeekStats.Modes m = s.modes();
            int nmodes = m.modes().size();
            out.append(pad(d.label(), 10)).append(" | ").append(pad(Long.toString(ns), 15)).append(' ')
                    .append(fixed(mean, 15, 1)).append(' ').append(pad(Long.toString(median), 15)).append(" | ")
                    .append(nmodes > 0 ? m.modes().get(0) : 0).append('(').append(m.mostSeeks()).append(')');
            if (nmodes > 2) {
                moreLine(nmodes - 1);
            } else {
                for (int i = 1; i < nmodes; i++) {
                    out.append(' ').append(m.modes().get(i));
                }
                out.append('\n');
            }
            totSeeks += ns;
            totMean += ns * mean;
            totMedian += ns * median;
            nSeeks++;
            for (long mode : m.modes()) {
                ModeInfo p = list;
                while (p != null && p.mode != mode) {
                    p = p.next;
                }
                if (p != null) {
                    p.nseeks += m.mostSeeks();
                } else {
                    ModeInfo mi = new ModeInfo();
                    mi.next = list;
                    mi.mode = mode;
                    mi.nseeks = m.mostSeeks();
                    list = mi;
                }
            }
        }
        if (nSeeks > 1) {
            out.append(dash);
            out.append(pad("Overall", 10)).append(" | ").append(pad("NSEEKS", 15)).append(' ')
                    .append(pad("MEAN", 15)).append(' ').append(pad("MEDIAN", 15)).append(" | ")
                    .append(padRight("MODE", 15)).append('\n');
            ModeInfo best = null;
            ModeInfo thisOne;
            while ((thisOne = list) != null) {
                list = thisOne.next;
                thisOne.next = null;
                if (best == null || thisOne.nseeks > best.nseeks) {
                    best = thisOne;
                } else if (thisOne.nseeks == best.nseeks) {
                    ModeInfo p = best;
                    while (p != null && p.mode != thisOne.mode) {
                        p = p.next;
                    }
                    if (p != null) {
                        thisOne.nseeks += p.nseeks;
                    } else {
                        thisOne.next = best;
                    }
                    best = thisOne;
                }
            }
            out.append(pad("Average", 10)).append(" | ").append(pad(Long.toString(totSeeks), 15)).append(' ')
                    .append(fixed(totMean / totSeeks, 15, 1)).append(' ')
                    .append(pad(Long.toString(totMedian / totSeeks), 15)).append(" | ").append(best.mode)
                    .append('(').append(best.nseeks).append(')');
            if (best.next != null) {
                int i = 0;
                for (ModeInfo p = best.next; p != null; p = p.next) {
                    i++;
                }
                moreLine(i);
            }
            out.append('\n');
        }
        out.append('\n');
    }

    private void moreLine(int more) {
        out.append('\n').append(pad("", 10)).append("   ").append(pad("", 15)).append(' ').append(pad("", 15))
                .append(' ').append(pad("", 15)).append("   ...(").append(more).append(" more)\n");
    }

    private void plugs() {
        out.append(pad("DEV", 10)).append(" | ").append(pad("# Plugs", 10)).append(' ').append(pad("# Timer Us", 10))
                .append("  | % Time Q Plugged\n");
        out.append("---------- | ---------- ----------  | ----------------\n");
        int nPlugs = 0;
        long plugsTot = 0;
        long timerTot = 0;
        double pctTot = 0;
        for (BttDevice d : engine.devices()) {
            int nplugs = closedPlugs(d);
            double plugged = d.plugged ? d.pluggedTime + (d.endTime - d.lastPlug) : d.pluggedTime;
            if (nplugs + d.nplugsT > 0) {
                double delta = d.endTime - d.startTime;
                double pct = 100.0 * (plugged / delta);
                out.append(pad(d.label(), 10)).append(" | ").append(pad(Integer.toString(nplugs), 10)).append('(')
                        .append(pad(Integer.toString(d.nplugsT), 10)).append(") | ").append(fixed(pct, 13, 9))
                        .append("%\n");
                nPlugs++;
                plugsTot += nplugs;
                timerTot += d.nplugsT;
                pctTot += pct;
            }
        }
        if (nPlugs > 1) {
            out.append("---------- | ---------- ----------  | ----------------\n");
            out.append(pad("Overall", 10)).append(" | ").append(pad("# Plugs", 10)).append(' ')
                    .append(pad("# Timer Us", 10)).append("  | % Time Q Plugged\n");
            out.append(pad("Average", 10)).append(" | ").append(pad(Long.toString(plugsTot / nPlugs), 10))
                    .append('(').append(pad(Long.toString(timerTot / nPlugs), 10)).append(") | ")
                    .append(fixed(pctTot / nPlugs, 13, 9)).append("%\n");
        }
        out.append('\n');

        out.append(pad("DEV", 10)).append(" | ").append(pad("IOs/Unp", 10)).append("   ").append(pad("IOs/Unp(to)", 10))
                .append('\n');
        out.append("---------- | ----------   ----------\n");
        long nUp = 0;
        long nUpT = 0;
        long totUp = 0;
        long totUpT = 0;
        for (BttDevice d : engine.devices()) {
            double a = 0.0;
            double at = 0.0;
            int nplugs = closedPlugs(d);
            if (d.niosUp != 0 && nplugs != 0) {
                a = (double) d.niosUp / (double) nplugs;
                nUp += nplugs;
                totUp += d.niosUp;
            }
            if (d.niosUpT != 0 && d.nplugsT != 0) {
                at = (double) d.niosUpT / (double) d.nplugsT;
                nUpT += d.nplugsT;
                totUpT += d.niosUpT;
            }
            out.append(pad(d.label(), 10)).append(" | ").append(fixed(a, 10, 1)).append("   ").append(fixed(at, 10, 1))
                    .append('\n');
        }
        if (nUp != 0 || nUpT != 0) {
            double a = nUp != 0 ? (double) totUp / (double) nUp : 0.0;
            double at = nUpT != 0 ? (double) totUpT / (double) nUpT : 0.0;
            out.append("---------- | ----------   ----------\n");
            out.append(pad("Overall", 10)).append(" | ").append(pad("IOs/Unp", 10)).append("   ")
                    .append(pad("IOs/Unp(to)", 10)).append('\n');
            out.append(pad("Average", 10)).append(" | ").append(fixed(a, 10, 1)).append("   ").append(fixed(at, 10, 1))
                    .append('\n');
        }
        out.append('\n');
    }

    /** btt closes a plug still open at the end (dip_unplug at the device's last record, 0 I/Os). */
    private static int closedPlugs(BttDevice d) {
        return d.plugged ? d.nplugs + 1 : d.nplugs;
    }

    /** The merge table raises btt's Q count to the D count when lower; later sections see the raised value. */
    private static long effectiveQs(BttDevice d) {
        return (d.nQs != 0 && d.nDs != 0 && d.nQs < d.nDs) ? d.nDs : d.nQs;
    }

    private void activeRequests() {
        out.append(pad("DEV", 10)).append(" | ").append(pad("Avg Reqs @ Q", 13)).append('\n');
        out.append("---------- | -------------\n");
        int n = 0;
        long tQs = 0;
        long tAct = 0;
        for (BttDevice d : engine.devices()) {
            long nQs = effectiveQs(d);
            if (nQs > 0 && !d.remapper) {
                out.append(pad(d.label(), 10)).append(" | ").append(fixed((double) d.tActQ / (double) nQs, 13, 1))
                        .append('\n');
                n++;
                tQs += nQs;
                tAct += d.tActQ;
            }
        }
        if (n > 1) {
            out.append("---------- | -------------\n");
            out.append(pad("Overall", 10)).append(" | ").append(pad("Avgs Reqs @ Q", 13)).append('\n');
            out.append(pad("Average", 10)).append(" | ").append(fixed((double) tAct / (double) tQs, 13, 1))
                    .append('\n');
        }
        out.append('\n');
    }

    private void live() {
        out.append(pad("DEV", 10)).append(" | ").append(pad("# Live", 10)).append(' ').append(pad("Avg. Act", 13))
                .append(' ').append(pad("Avg. !Act", 13)).append(' ').append(pad("% Live", 6)).append('\n');
        String dash = "---------- | ---------- ------------- ------------- ------\n";
        out.append(dash);
        for (BttDevice d : engine.devices()) {
            liveRow(d.label(), d.live.summary());
        }
        out.append(dash);
        liveRow("Total Sys", engine.sysLive().summary());
        out.append('\n');
    }

    private void liveRow(String name, LiveTree.Summary s) {
        out.append(pad(name, 10)).append(" | ").append(pad(Long.toString(s.nlives()), 10)).append(' ')
                .append(fixed(s.avgLive(), 13, 9)).append(' ').append(fixed(s.avgLull(), 13, 9)).append(' ')
                .append(fixed(s.pctLive(), 6, 2)).append('\n');
    }

    private void q2dHistogram() {
        out.append(pad("DEV", 10)).append(" | ");
        for (int i = 0; i < Q2dHistogram.LABELS.length - 1; i++) {
            out.append(pad(Q2dHistogram.LABELS[i], 5)).append(' ');
        }
        out.append(">=1.0\n ");
        out.append("--------- | ");
        dashes();
        Q2dHistogram sum = new Q2dHistogram();
        int n = 0;
        for (BttDevice d : engine.devices()) {
            if (d.q2d.n > 0) {
                out.append(pad(d.label(), 10)).append(" | ");
                histRow(d.q2d);
                sum.addAll(d.q2d);
                n++;
            }
        }
        if (n > 0) {
            out.append("========== | ");
            dashes();
            out.append(pad("AVG", 10)).append(" | ");
            histRow(sum);
            out.append('\n');
        }
    }

    private void dashes() {
        out.append("===== ".repeat(10)).append('\n');
    }

    private void histRow(Q2dHistogram h) {
        double nh = (double) h.n;
        for (long b : h.buckets) {
            out.append(fixed(100.0 * (double) b / nh, 5, 1)).append(' ');
        }
        out.append('\n');
    }
}
