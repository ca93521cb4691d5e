package dev.dmreplay.ingest.blkparse;

import dev.dmreplay.ingest.blktrace.BlktraceInput;
import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.blktrace.PidNames;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders canonical events as blkparse 1.2.0 prints them by default ({@code blkparse -i ... -o out.txt}): event
 * lines ({@code process_default()} in blkparse_fmt.c, {@code dump_trace_fs()}, {@code dump_trace_pc()},
 * {@code handle_notify()} in blkparse.c) and the summary block ({@link BlkparseSummary}).
 *
 * <p>Input is the record stream of an {@link EventSource} in blkparse's merged order, with the notes blkparse
 * consumes while reading ahead (PROCESS, TIMESTAMP, cgroup-flagged messages) at their read-ahead positions, as
 * {@link BlktraceSource} returns them and as a {@code blkparse -d} dump stores them. PROCESS notes fill the
 * pid→name table (first name wins); the other consumed notes print nothing and are not counted. Times are
 * printed relative to the first merged record.
 *
 * <p>Records blkparse drops are dropped the same way: an unknown fs action (ABORT, zone actions) and pc actions
 * other than Q G S R D C I print {@code Bad fs action <hex>} / {@code Bad pc action <hex>} on the diagnostics
 * stream and no line, but are counted in Events; DRV_DATA prints nothing, is counted and sets
 * {@link #sawDriverData()}; records with no category bit are neither printed nor counted.
 *
 * <p>Not thread-safe. Call {@link #event} per record, then {@link #finish()}.
 */
public final class BlkparseWriter {
    private static final int TC_NOTIFY = Category.NOTIFY;
    private static final int TN_PROCESS = 0x04000000;
    private static final int TN_MESSAGE = 0x04000002;
    private static final byte[] NULL_COMM = "(null)".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * @param grouping    thousands separators in the summary, as blkparse prints under an en_US locale (the
     *                    reference output, made where that locale is missing, has none)
     * @param summary     print the summary block (blkparse {@code -q} turns it off)
     * @param diagnostics where blkparse's stderr lines go ({@code Bad fs action ...}); null discards them
     */
    public record Options(boolean grouping, boolean summary, PrintStream diagnostics) {
        public static final Options DEFAULT = new Options(false, true, null);
    }

    private final BlkparseLineFormat out;
    private final Options options;
    private final BlkparseSummary summary;
    private final PidNames names = new PidNames();
    private final Map<Integer, Integer> deviceInputs = new HashMap<>();
    private boolean started;
    private long genesis;
    private boolean driverData;
    private long badActions;
    private long v2Only;
    private long lines;
    private final byte[] rwbsBuf = new byte[6];

    /** A writer whose summary is keyed by input names, in order (one block group per {@code -i}). */
    public BlkparseWriter(OutputStream out, List<String> inputNames, Options options) {
        this.out = new BlkparseLineFormat(out, 1 << 16);
        this.options = options;
        this.summary = new BlkparseSummary(options.grouping());
        for (String n : inputNames) {
            summary.add(n);
        }
    }

    /**
     * Renders a whole source. A {@link BlktraceSource} of per-CPU sets keeps blkparse's per-input summary; any
     * other source (a merged dump, a text or table reader) is summarised per device number in order of first
     * appearance, named {@code maj,min}, as blkparse does for a piped dump.
     */
    public static BlkparseWriter render(EventSource src, OutputStream os, Options options) throws IOException {
        if (src instanceof BlktraceSource bs && bs.inputs().stream().noneMatch(BlktraceInput::merged)) {
            List<String> names = bs.inputs().stream().map(BlktraceInput::name).toList();
            BlkparseWriter w = new BlkparseWriter(os, names, options);
            for (BlockEvent e = bs.next(); e != null; e = bs.next()) {
                w.event(e, bs.currentInput(), bs.currentCpu());
            }
            w.finish();
            return w;
        }
        BlkparseWriter w = new BlkparseWriter(os, List.of(), options);
        for (BlockEvent e = src.next(); e != null; e = src.next()) {
            w.event(e);
        }
        w.finish();
        return w;
    }

    /** A record of a source without inputs: summarised per device, CPU taken from the record. */
    public void event(BlockEvent e) throws IOException {
        Integer input = deviceInputs.get(e.device());
        if (input == null) {
            input = summary.size();
            summary.add(e.dev().toString());
            deviceInputs.put(e.device(), input);
        }
        event(e, input, e.cpu());
    }

    /**
     * One record, read from input {@code input} (index into the names given) on CPU {@code cpu}. A version 8
     * record is rendered as its version 7 equivalent (the lower half of its action); one that has no version 7
     * equivalent (a zone write plug event) is left out and counted in {@link #v2OnlyEvents()}.
     */
    public void event(BlockEvent e, int input, int cpu) throws IOException {
        if (e.isV2Only()) {
            v2Only++;
            return;
        }
        int action = e.action();
        if ((action & TC_NOTIFY) != 0 && action != TN_MESSAGE) {
            // consumed at read-ahead time by blkparse: only PROCESS has an effect on the text
            if (action == TN_PROCESS) {
                names.addIfAbsent(e.pid(), e.pdu());
            }
            return;
        }
        if (!started) {
            started = true;
            genesis = e.time();
        }
        long time = e.time() - genesis;
        BlkparseSummary.Device dev = summary.device(input);
        BlkparseSummary.IoStats st = dev.cpu(cpu);
        st.nelems++;
        dev.lastReportedTime = time;
        if ((action & 0xffff0000) == 0) {
            return; // outside blkparse's act_mask (all categories): not shown, not counted
        }
        if (action == TN_MESSAGE) {
            message(e, time);
        } else if ((action & Category.PC) != 0) {
            pc(e, dev, st, cpu, time);
        } else {
            fs(e, dev, st, cpu, time);
        }
        if (dev.events == 0) {
            dev.firstReportedTime = time;
        }
        dev.events++;
    }

    /** Writes the summary (unless disabled) and flushes. */
    public void finish() throws IOException {
        if (options.summary()) {
            byte[] s = summary.render().getBytes(StandardCharsets.ISO_8859_1);
            out.reserve(s.length);
            out.put(s);
        }
        out.flush();
    }

    /** Whether a DRV_DATA record was seen (blkparse then tells on stdout that such data is only in -d output). */
    public boolean sawDriverData() {
        return driverData;
    }

    /** Records dropped with "Bad fs action" / "Bad pc action". */
    public long badActions() {
        return badActions;
    }

    /** Version 8 records with no version 7 form (zone write plug events), not rendered. */
    public long v2OnlyEvents() {
        return v2Only;
    }

    /** Event lines written (messages included). */
    public long lines() {
        return lines;
    }

    private void fs(BlockEvent e, BlkparseSummary.Device dev, BlkparseSummary.IoStats st, int cpu, long time)
            throws IOException {
        int action = e.action();
        int w = (action & Category.WRITE) != 0 ? 1 : 0;
        long bytes = e.bytes() & 0xffffffffL;
        long kb = bytes >>> 10;
        long b = bytes & 1023;
        switch (action & 0xffff) {
            case 1 -> { // QUEUE
                if (w == 1) {
                    st.qwrites++; st.qwriteKb += kb; st.qwriteB += b;
                } else {
                    st.qreads++; st.qreadKb += kb; st.qreadB += b;
                }
                sectorTail(e, cpu, time, "Q");
            }
            case 12 -> sectorTail(e, cpu, time, "I");
            case 2, 3 -> { // BACKMERGE, FRONTMERGE
                if (w == 1) {
                    st.mwrites++; st.mwriteKb += kb; st.mwriteB += b;
                } else {
                    st.mreads++; st.mreadKb += kb; st.mreadB += b;
                }
                sectorTail(e, cpu, time, (action & 0xffff) == 2 ? "M" : "F");
            }
            case 4 -> sectorTail(e, cpu, time, "G");
            case 5 -> sectorTail(e, cpu, time, "S");
            case 6 -> { // REQUEUE
                if (dev.curDepth[w] != 0) {
                    dev.curDepth[w]--;
                }
                if (w == 1) {
                    st.wrqueue++; st.iwriteKb -= kb; st.iwriteB -= b;
                } else {
                    st.rrqueue++; st.ireadKb -= kb; st.ireadB -= b;
                }
                errorTail(e, cpu, time, "R");
            }
            case 7 -> { // ISSUE
                if (w == 1) {
                    st.iwrites++; st.iwriteKb += kb; st.iwriteB += b;
                } else {
                    st.ireads++; st.ireadKb += kb; st.ireadB += b;
                }
                depthUp(dev, w);
                sectorTail(e, cpu, time, "D");
            }
            case 8 -> { // COMPLETE
                if (dev.curDepth[w] != 0) {
                    dev.curDepth[w]--;
                }
                // account_c() takes the bytes as a C int: >> and & on a signed value
                int ib = e.bytes();
                if (w == 1) {
                    st.cwrites++; st.cwriteKb += ib >> 10; st.cwriteB += ib & 1023;
                } else {
                    st.creads++; st.creadKb += ib >> 10; st.creadB += ib & 1023;
                }
                errorTail(e, cpu, time, "C");
            }
            case 9 -> { // PLUG
                header(e, e.device(), cpu, time, "P");
                comm(e.pid());
                endLine();
            }
            case 10, 11 -> { // UNPLUG_IO, UNPLUG_TIMER
                boolean timer = (action & 0xffff) == 11;
                if (timer) {
                    st.timerUnplugs++;
                } else {
                    st.ioUnplugs++;
                }
                header(e, e.device(), cpu, time, timer ? "UT" : "U");
                comm(e.pid());
                out.put((byte) ' ');
                out.u32(pduInt(e.pdu()), 0);
                endLine();
            }
            case 13 -> { // SPLIT
                header(e, e.device(), cpu, time, "X");
                out.unsigned(e.sector(), 0);
                out.put(" / ");
                out.u32(pduInt(e.pdu()), 0);
                out.put((byte) ' ');
                comm(e.pid());
                endLine();
            }
            case 14 -> sectorTail(e, cpu, time, "B");
            case 15 -> remap(e, cpu, time);
            case 17 -> driverData = true; // binary output only
            default -> bad("Bad fs action " + Integer.toHexString(action));
        }
    }

    private void pc(BlockEvent e, BlkparseSummary.Device dev, BlkparseSummary.IoStats st, int cpu, long time)
            throws IOException {
        int action = e.action();
        int act = action & 0xffff;
        int w = (action & Category.WRITE) != 0 ? 1 : 0;
        long bytes = e.bytes() & 0xffffffffL;
        long kb = bytes >>> 10;
        long b = bytes & 1023;
        switch (act) {
            case 1 -> { // QUEUE: log_generic (no payload), then account_pc_queue
                pcBytesTail(e, cpu, time, "Q", false);
                if (w == 1) {
                    st.qwritesPc++; st.qwriteKbPc += kb; st.qwriteBPc += b;
                } else {
                    // blkparse 1.2.0 adds the KiB of a pc read queue to the fs counter (qread_kb)
                    st.qreadsPc++; st.qreadKb += kb; st.qreadBPc += b;
                }
            }
            case 4 -> sectorTail(e, cpu, time, "G");
            case 5 -> sectorTail(e, cpu, time, "S");
            case 6 -> { // REQUEUE: log_generic, no payload shown
                if (dev.curDepth[w] != 0) {
                    dev.curDepth[w]--;
                }
                if (w == 1) {
                    st.wrqueuePc++; st.iwriteKbPc -= kb; st.iwriteBPc -= b;
                } else {
                    st.rrqueuePc++; st.ireadKbPc -= kb; st.ireadBPc -= b;
                }
                header(e, e.device(), cpu, time, "R");
                errorBracket(e);
            }
            case 7 -> { // ISSUE
                if (w == 1) {
                    st.iwritesPc++; st.iwriteKbPc += kb; st.iwriteBPc += b;
                } else {
                    st.ireadsPc++; st.ireadKbPc += kb; st.ireadBPc += b;
                }
                depthUp(dev, w);
                pcBytesTail(e, cpu, time, "D", true);
            }
            case 8 -> { // COMPLETE
                if (dev.curDepth[w] != 0) {
                    dev.curDepth[w]--;
                }
                header(e, e.device(), cpu, time, "C");
                if (e.pdu().length > 0) {
                    out.reserve(3 * e.pdu().length + 8);
                    out.put((byte) '(');
                    out.pduHex(e.pdu());
                    out.put(") ");
                }
                errorBracket(e);
                if (w == 1) {
                    st.cwritesPc++;
                } else {
                    st.creadsPc++;
                }
            }
            case 12 -> pcBytesTail(e, cpu, time, "I", true);
            default -> bad("Bad pc action " + Integer.toHexString(act));
        }
    }

    private static void depthUp(BlkparseSummary.Device dev, int w) {
        dev.curDepth[w]++;
        if (dev.curDepth[w] > dev.maxDepth[w]) {
            dev.maxDepth[w] = dev.curDepth[w];
        }
    }

    private void bad(String line) {
        badActions++;
        if (options.diagnostics() != null) {
            options.diagnostics().println(line);
        }
    }

    /** {@code %3d,%-3d %2d %8d %5d.%09lu %5u %2s %3s }. */
    private void header(BlockEvent e, int device, int cpu, long time, String act) throws IOException {
        out.reserve(256);
        out.signed(device >>> 20, 3);
        out.put((byte) ',');
        out.signedLeft(device & 0xfffff, 3);
        out.put((byte) ' ');
        out.signed(cpu, 2);
        out.put((byte) ' ');
        out.signed(e.sequence(), 8);
        out.put((byte) ' ');
        out.signed((int) Long.divideUnsigned(time, 1_000_000_000L), 5);
        out.put((byte) '.');
        out.zeroPadded(Long.remainderUnsigned(time, 1_000_000_000L), 9);
        out.put((byte) ' ');
        out.u32(e.pid(), 5);
        out.put((byte) ' ');
        out.right(act, 2);
        out.put((byte) ' ');
        rwbs(e.action(), e.bytes());
        out.put((byte) ' ');
    }

    /** {@code fill_rwbs()} right-aligned in 3 columns. */
    private void rwbs(int action, int bytes) {
        byte[] r = rwbsBuf;
        int n = 0;
        if ((action & Category.FLUSH) != 0) {
            r[n++] = 'F';
        }
        if ((action & Category.DISCARD) != 0) {
            r[n++] = 'D';
        } else if ((action & Category.WRITE) != 0) {
            r[n++] = 'W';
        } else if (bytes != 0) {
            r[n++] = 'R';
        } else {
            r[n++] = 'N';
        }
        if ((action & Category.FUA) != 0) {
            r[n++] = 'F';
        }
        if ((action & Category.AHEAD) != 0) {
            r[n++] = 'A';
        }
        if ((action & Category.SYNC) != 0) {
            r[n++] = 'S';
        }
        if ((action & Category.META) != 0) {
            r[n++] = 'M';
        }
        out.spaces(3 - n);
        out.put(r, 0, n);
    }

    /** Q I D B (fs), M F G S: {@code sector + nsect [comm]}, or {@code [comm]} when no whole sector. */
    private void sectorTail(BlockEvent e, int cpu, long time, String act) throws IOException {
        header(e, e.device(), cpu, time, act);
        int nsect = e.bytes() >>> 9;
        if (nsect != 0) {
            out.unsigned(e.sector(), 0);
            out.put(" + ");
            out.u32(nsect, 0);
            out.put((byte) ' ');
        }
        comm(e.pid());
        endLine();
    }

    /** C R (fs): {@code sector + nsect [error]}, or {@code sector [error]}. */
    private void errorTail(BlockEvent e, int cpu, long time, String act) throws IOException {
        header(e, e.device(), cpu, time, act);
        out.unsigned(e.sector(), 0);
        int nsect = e.bytes() >>> 9;
        if (nsect != 0) {
            out.put(" + ");
            out.u32(nsect, 0);
        }
        out.put((byte) ' ');
        errorBracket(e);
    }

    private void errorBracket(BlockEvent e) {
        out.put((byte) '[');
        out.signed(e.error() & 0xffff, 0);
        out.put((byte) ']');
        endLine();
    }

    /** Q D I B (pc): {@code bytes (pdu) [comm]}; the payload only where blkparse passes it (D, I). */
    private void pcBytesTail(BlockEvent e, int cpu, long time, String act, boolean withPdu) throws IOException {
        header(e, e.device(), cpu, time, act);
        out.u32(e.bytes(), 0);
        out.put((byte) ' ');
        if (withPdu && e.pdu().length > 0) {
            out.reserve(3 * e.pdu().length + 8);
            out.put((byte) '(');
            out.pduHex(e.pdu());
            out.put(") ");
        }
        comm(e.pid());
        endLine();
    }

    /** A: the line's device is the remap's {@code device_to}; tail {@code sector + nsect <- (maj,min) from}. */
    private void remap(BlockEvent e, int cpu, long time) throws IOException {
        byte[] p = e.pdu();
        int from = (int) be(p, 0, 4);
        int to = (int) be(p, 4, 4);
        long fromSector = be(p, 8, 8);
        header(e, to, cpu, time, "A");
        out.unsigned(e.sector(), 0);
        out.put(" + ");
        out.u32(e.bytes() >>> 9, 0);
        out.put(" <- (");
        out.signed(from >>> 20, 0);
        out.put((byte) ',');
        out.signed(from & 0xfffff, 0);
        out.put(") ");
        out.unsigned(fromSector, 0);
        endLine();
    }

    /** A MESSAGE note: {@code %3d,%-3d %2d %8s %5d.%09lu %5u %2s %3s %s}, sequence "0", pid 0, text to NUL. */
    private void message(BlockEvent e, long time) throws IOException {
        byte[] p = e.pdu();
        if (p.length == 0) {
            return;
        }
        int textLen = 0;
        while (textLen < p.length && p[textLen] != 0) {
            textLen++;
        }
        out.reserve(128 + textLen);
        int device = e.device();
        out.signed(device >>> 20, 3);
        out.put((byte) ',');
        out.signedLeft(device & 0xfffff, 3);
        out.put((byte) ' ');
        out.signed(e.cpu(), 2);
        out.put("        0 ");
        out.signed((int) Long.divideUnsigned(time, 1_000_000_000L), 5);
        out.put((byte) '.');
        out.zeroPadded(Long.remainderUnsigned(time, 1_000_000_000L), 9);
        out.put("     0  m   N ");
        out.put(p, 0, textLen);
        endLine();
    }

    private void comm(int pid) throws IOException {
        byte[] n = names.bytes(pid);
        if (n == null) {
            n = NULL_COMM;
        }
        out.reserve(n.length + 2);
        out.put((byte) '[');
        out.put(n);
        out.put((byte) ']');
    }

    private void endLine() {
        out.put((byte) '\n');
        lines++;
    }

    /** {@code get_pdu_int()}: the payload's first 8 bytes as a big-endian u64, truncated to unsigned int. */
    private static int pduInt(byte[] p) {
        return (int) be(p, 0, 8);
    }

    /** Big-endian value of {@code n} bytes at {@code off}; missing bytes read as zero. */
    private static long be(byte[] p, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int k = off + i;
            v = (v << 8) | (k < p.length ? p[k] & 0xff : 0);
        }
        return v;
    }
}
