package dev.dmreplay.ingest.blkparse;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The statistics blkparse 1.2.0 keeps while printing, and the summary block it prints at the end
 * ({@code struct io_stats}, the {@code account_*()} helpers, {@code dump_io_stats()},
 * {@code show_device_and_cpu_stats()} and {@code size_cnv()} in blkparse.c). Counters are unsigned 64-bit in C;
 * they are kept in longs and printed unsigned, so a requeue that drives a size below zero prints as blkparse
 * does.
 */
public final class BlkparseSummary {

    /** One {@code struct io_stats}. Field names follow blkparse. */
    static final class IoStats {
        long qreads, qwrites, creads, cwrites, mreads, mwrites;
        long ireads, iwrites, rrqueue, wrqueue;
        long qreadKb, qwriteKb, creadKb, cwriteKb;
        long qreadB, qwriteB, creadB, cwriteB;
        long ireadKb, iwriteKb;
        long mreadKb, mwriteKb;
        long mreadB, mwriteB, ireadB, iwriteB;
        long qreadsPc, qwritesPc, ireadsPc, iwritesPc;
        long rrqueuePc, wrqueuePc, creadsPc, cwritesPc;
        long qreadKbPc, qwriteKbPc, ireadKbPc, iwriteKbPc;
        long qreadBPc, qwriteBPc, ireadBPc, iwriteBPc;
        long ioUnplugs, timerUnplugs;
        /** {@code per_cpu_info.nelems}: records handled on this CPU (decides whether its block is printed). */
        long nelems;

        void add(IoStats o) {
            qreads += o.qreads; qwrites += o.qwrites; creads += o.creads; cwrites += o.cwrites;
            mreads += o.mreads; mwrites += o.mwrites; ireads += o.ireads; iwrites += o.iwrites;
            rrqueue += o.rrqueue; wrqueue += o.wrqueue;
            qreadKb += o.qreadKb; qwriteKb += o.qwriteKb; creadKb += o.creadKb; cwriteKb += o.cwriteKb;
            ireadKb += o.ireadKb; iwriteKb += o.iwriteKb; mreadKb += o.mreadKb; mwriteKb += o.mwriteKb;
            qreadB += o.qreadB; qwriteB += o.qwriteB; creadB += o.creadB; cwriteB += o.cwriteB;
            ireadB += o.ireadB; iwriteB += o.iwriteB; mreadB += o.mreadB; mwriteB += o.mwriteB;
            qreadsPc += o.qreadsPc; qwritesPc += o.qwritesPc; creadsPc += o.creadsPc; cwritesPc += o.cwritesPc;
            ireadsPc += o.ireadsPc; iwritesPc += o.iwritesPc; rrqueuePc += o.rrqueuePc; wrqueuePc += o.wrqueuePc;
            qreadKbPc += o.qreadKbPc; qwriteKbPc += o.qwriteKbPc; ireadKbPc += o.ireadKbPc;
            iwriteKbPc += o.iwriteKbPc;
            qreadBPc += o.qreadBPc; qwriteBPc += o.qwriteBPc; ireadBPc += o.ireadBPc; iwriteBPc += o.iwriteBPc;
            timerUnplugs += o.timerUnplugs; ioUnplugs += o.ioUnplugs;
        }
    }

    /** One {@code struct per_dev_info}: an input name (or a device in pipe mode). */
    static final class Device {
        final String name;
        final TreeMap<Integer, IoStats> farCpus = new TreeMap<>(Integer::compareUnsigned);
        IoStats[] cpus = new IoStats[8];
        final int[] curDepth = new int[2];
        final int[] maxDepth = new int[2];
        long events;
        long firstReportedTime;
        long lastReportedTime;

        Device(String name) {
            this.name = name;
        }

        IoStats cpu(int cpu) {
            if (cpu >= 0 && cpu < 4096) {
                if (cpu >= cpus.length) {
                    cpus = java.util.Arrays.copyOf(cpus, Math.max(cpu + 1, cpus.length * 2));
                }
                IoStats s = cpus[cpu];
                if (s == null) {
                    s = cpus[cpu] = new IoStats();
                }
                return s;
            }
            return farCpus.computeIfAbsent(cpu, c -> new IoStats());
        }
    }

    private final List<Device> devices = new ArrayList<>();
    private final boolean grouping;

    BlkparseSummary(boolean grouping) {
        this.grouping = grouping;
    }

    Device add(String name) {
        Device d = new Device(name);
        devices.add(d);
        return d;
    }

    Device device(int i) {
        return devices.get(i);
    }

    int size() {
        return devices.size();
    }

    /** The whole summary block as blkparse prints it after the events. */
    String render() {
        StringBuilder sb = new StringBuilder(4096);
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            if (i > 0) {
                sb.append('\n');
            }
            IoStats total = new IoStats();
            int blocks = 0;
            String name31 = cut(d.name, 31);
            List<Integer> cpuIds = new ArrayList<>();
            for (int c = 0; c < d.cpus.length; c++) {
                if (d.cpus[c] != null) {
                    cpuIds.add(c);
                }
            }
            cpuIds.addAll(d.farCpus.keySet());
            for (int cpu : cpuIds) {
                IoStats s = d.cpu(cpu);
                if (s.nelems == 0) {
                    continue;
                }
                total.add(s);
                ioStats(sb, d, s, cut("CPU" + cpu + " (" + name31 + "):", 46));
                blocks++;
            }
            if (blocks > 1) {
                sb.append('\n');
                ioStats(sb, null, total, cut("Total (" + name31 + "):", 46));
            }
            long rrate = 0;
            long wrate = 0;
            long msec = Long.divideUnsigned(d.lastReportedTime - d.firstReportedTime, 1_000_000L);
            if (msec != 0) {
                rrate = Long.divideUnsigned(1000 * total.creadKb + total.creadB, msec);
                wrate = Long.divideUnsigned(1000 * total.cwriteKb + total.cwriteB, msec);
            }
            sb.append("\nThroughput (R/W): ").append(num(rrate)).append("KiB/s / ").append(num(wrate))
                    .append("KiB/s\n");
            sb.append("Events (").append(cut(d.name, 47)).append("): ").append(num(d.events)).append(" entries\n");
            // file mode does no sequence checking: no skips, ratio 0.0
            sb.append("Skips: 0 forward (0 -   0.0%)\n");
        }
        return sb.toString();
    }

    private void ioStats(StringBuilder sb, Device d, IoStats s, String title) {
        sb.append(title).append('\n');
        sb.append(" Reads Queued:    ").append(cnv(s.qreads, false)).append(", ")
                .append(cnv(s.qreadKb + (s.qreadB >>> 10), true)).append("iB\t");
        sb.append(" Writes Queued:    ").append(cnv(s.qwrites, false)).append(", ")
                .append(cnv(s.qwriteKb + (s.qwriteB >>> 10), true)).append("iB\n");
        sb.append(" Read Dispatches: ").append(cnv(s.ireads, false)).append(", ")
                .append(cnv(s.ireadKb + (s.ireadB >>> 10), true)).append("iB\t");
        sb.append(" Write Dispatches: ").append(cnv(s.iwrites, false)).append(", ")
                .append(cnv(s.iwriteKb + (s.iwriteB >>> 10), true)).append("iB\n");
        sb.append(" Reads Requeued:  ").append(cnv(s.rrqueue, false)).append("\t\t");
        sb.append(" Writes Requeued:  ").append(cnv(s.wrqueue, false)).append('\n');
        sb.append(" Reads Completed: ").append(cnv(s.creads, false)).append(", ")
                .append(cnv(s.creadKb + (s.creadB >>> 10), true)).append("iB\t");
        sb.append(" Writes Completed: ").append(cnv(s.cwrites, false)).append(", ")
                .append(cnv(s.cwriteKb + (s.cwriteB >>> 10), true)).append("iB\n");
        sb.append(" Read Merges:     ").append(cnv(s.mreads, false)).append(", ")
                .append(cnv(s.mreadKb + (s.mreadB >>> 10), true)).append("iB\t");
        sb.append(" Write Merges:     ").append(cnv(s.mwrites, false)).append(", ")
                .append(cnv(s.mwriteKb + (s.mwriteB >>> 10), true)).append("iB\n");
        if (d != null) {
            sb.append(" Read depth:      ").append(pad(num(d.maxDepth[0] & 0xffffffffL), 8)).append("        \t");
            sb.append(" Write depth:      ").append(pad(num(d.maxDepth[1] & 0xffffffffL), 8)).append('\n');
        }
        if ((s.qreadsPc | s.qwritesPc | s.ireadsPc | s.iwritesPc | s.rrqueuePc | s.wrqueuePc | s.creadsPc
                | s.cwritesPc) != 0) {
            sb.append(" PC Reads Queued: ").append(cnv(s.qreadsPc, false)).append(", ")
                    .append(cnv(s.qreadKbPc + (s.qreadBPc >>> 10), true)).append("iB\t");
            sb.append(" PC Writes Queued: ").append(cnv(s.qwritesPc, false)).append(", ")
                    .append(cnv(s.qwriteKbPc + (s.qwriteBPc >>> 10), true)).append("iB\n");
            sb.append(" PC Read Disp.:   ").append(cnv(s.ireadsPc, false)).append(", ")
                    .append(cnv(s.ireadKbPc + (s.ireadBPc >>> 10), true)).append("iB\t");
            sb.append(" PC Write Disp.:   ").append(cnv(s.iwritesPc, false)).append(", ")
                    .append(cnv(s.iwriteKbPc + (s.iwriteBPc >>> 10), true)).append("iB\n");
            sb.append(" PC Reads Req.:   ").append(cnv(s.rrqueuePc, false)).append("\t\t");
            sb.append(" PC Writes Req.:   ").append(cnv(s.wrqueuePc, false)).append('\n');
            sb.append(" PC Reads Compl.: ").append(cnv(s.creadsPc, false)).append("\t\t");
            sb.append(" PC Writes Compl.: ").append(cnv(s.cwritesPc, false)).append('\n');
        }
        sb.append(" IO unplugs:      ").append(pad(num(s.ioUnplugs), 8)).append("        \t");
        sb.append(" Timer unplugs:    ").append(pad(num(s.timerUnplugs), 8)).append('\n');
    }

    /**
     * {@code size_cnv()}: {@code %'8Lu} plus a suffix; while the value exceeds 1,000,000 it is divided by 1000
     * and the suffix advances ('' K M G P). Sizes are kept in KiB, so they start at K. The empty suffix is a NUL
     * in C and prints nothing.
     */
    String cnv(long value, boolean inKb) {
        final char[] suffix = {0, 'K', 'M', 'G', 'P'};
        int i = inKb ? 1 : 0;
        long v = value;
        while (Long.compareUnsigned(v, 1_000_000L) > 0 && i < suffix.length - 1) {
            i++;
            v = Long.divideUnsigned(v, 1000);
        }
        String s = pad(num(v), 8);
        return i == 0 ? s : s + suffix[i];
    }

    /** {@code %'Lu}: unsigned, with thousands separators when grouping is on (blkparse under en_US). */
    String num(long v) {
        String s = Long.toUnsignedString(v);
        if (!grouping || s.length() <= 3) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + s.length() / 3);
        int first = s.length() % 3 == 0 ? 3 : s.length() % 3;
        sb.append(s, 0, first);
        for (int i = first; i < s.length(); i += 3) {
            sb.append(',').append(s, i, i + 3);
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** snprintf into a fixed buffer: at most {@code max} characters survive. */
    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
