package dev.dmreplay.ingest.blkparse;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one line of blkparse 1.2.0 default output (formats.md 2.1-2.6) back into {@link BlockEvent}s.
 *
 * <p>What text cannot carry is rebuilt the way the kernel sets it ({@code __blk_add_trace},
 * {@code blk_add_trace_rq}, Linux 6.x): the action word gets the action's {@code BLK_TA_*} category, the
 * RWBS letters' category bits ({@code N} and {@code R} mean {@code READ}, {@code D} means
 * {@code WRITE|DISCARD} as {@code op_is_write(REQ_OP_DISCARD)}), and {@code FS} (or {@code PC}) on the
 * request events I, D, R and C (not on C of dm/md devices, which complete bios). Sizes are {@code nsect << 9}. Where a line prints no size although RWBS says
 * {@code R} (bytes != 0), a size is substituted so that {@link BlockEvent#rwbs()} prints the same letters:
 * X lines get the first part ({@code (remainder - sector) << 9}; the binary record has the whole bio), PC
 * completions the size of the last PC request dispatched on that device (one sector when there was none). A
 * PC payload printed with a
 * trailing {@code ..} (only zeros follow) is padded with zeros to 16 bytes.
 *
 * <p>Process names: the first time a pid shows a (new) command name, a {@code BLK_TN_PROCESS} note (16-byte
 * NUL-padded name, as {@code trace_note_tsk}) is emitted just before the event, so downstream consumers see
 * names exactly as with binary input. {@code (null)} (no name known to blkparse) emits no note.
 */
final class BlkparseTextParser {

    private static final int TN_PROCESS = Action.TC_NOTIFY_BIT;
    private static final int TN_MESSAGE = Action.TC_NOTIFY_BIT | 2;
    private static final byte[] NULL_COMM = "(null)".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final BlkparseTextCursor c = new BlkparseTextCursor();
    private final Map<Integer, byte[]> comms = new HashMap<>();
    private final Map<Integer, Integer> pcBytes = new HashMap<>();
    private boolean inSummary;
    private final BlkparseTextSummary summary = new BlkparseTextSummary();
    private int commFrom;
    private int commTo;
    private int lastPid = -1;
    private byte[] lastComm;
    private long events;

    long events() {
        return events;
    }

    /** Device names recovered from the summary block read so far. */
    java.util.Map<DevNo, String> deviceNames() {
        return summary.names();
    }

    /**
     * Parses one line (without its terminator), appending 0, 1 or 2 events (a PROCESS note and the event).
     * Known non-event lines (summary, {@code Input file ... added}, the DRV_DATA notice, blank lines) add
     * nothing.
     */
    void parse(byte[] b, int from, int to, List<BlockEvent> out) throws BlkparseTextException {
        if (to > from && b[to - 1] == '\r') {
            to--;
        }
        c.reset(b, from, to);
        c.skipSpaces();
        if (c.atEnd()) {
            return;
        }
        if (c.isDigit()) {
            event(out);
            return;
        }
        if (nonEvent(from, to)) {
            return;
        }
        throw new BlkparseTextException("not a blkparse event, summary or notice line: '" + c.rest(from) + "'");
    }

    private boolean nonEvent(int from, int to) {
        c.pos = from;
        if (c.startsWith("Input file ") || c.startsWith("discarded traces containing low-level device driver")) {
            return true;
        }
        if (c.startsWith("CPU") || c.startsWith("Total (") || c.startsWith("Throughput (R/W):")
                || c.startsWith("Events (") || c.startsWith("Skips:")) {
            inSummary = true;
            summary.line(c.line());
            return true;
        }
        // -s per-program block title "<comm> (<pid>[, ...])"
        if (to - from > 4 && c.buf[to - 1] == ')') {
            int open = -1;
            for (int i = to - 2; i > from; i--) {
                if (c.buf[i] == '(' && c.buf[i - 1] == ' ') {
                    open = i;
                    break;
                }
            }
            if (open > 0 && c.buf[open + 1] >= '0' && c.buf[open + 1] <= '9') {
                inSummary = true;
                return true;
            }
        }
        // counter lines of the summary are indented by one space
        if (inSummary && c.buf[from] == ' ') {
            summary.line(c.line());
            return true;
        }
        return false;
    }

    private void event(List<BlockEvent> out) throws BlkparseTextException {
        long major = c.unsigned("major");
        c.expect(',', "',' between major and minor");
        long minor = c.unsigned("minor");
        if (major > 0xfff || minor > DevNo.MINOR_MASK) {
            throw new BlkparseTextException("device " + major + "," + minor + " out of range");
        }
        int device = (int) ((major << DevNo.MINOR_BITS) | minor);
        c.skipSpaces();
        long cpu = c.unsigned("cpu");
        c.skipSpaces();
        long seq = c.unsigned("sequence");
        c.skipSpaces();
        long sec = c.unsigned("seconds");
        c.expect('.', "'.' in the time");
        long nsec = c.fraction("nanoseconds");
        if (sec > Long.MAX_VALUE / 1_000_000_000L - 1) {
            throw new BlkparseTextException("time " + sec + " s out of range");
        }
        long time = sec * 1_000_000_000L + nsec;
        c.skipSpaces();
        long pid = c.unsigned("pid");
        c.skipSpaces();
        int actStart = c.pos;
        while (!c.atEnd() && c.peek() != ' ') {
            c.pos++;
        }
        int actLen = c.pos - actStart;
        int code = actionCode(actStart, actLen);
        c.skipSpaces();
        int rwbsStart = c.pos;
        while (!c.atEnd() && c.peek() != ' ') {
            c.pos++;
        }
        int rwbs = rwbsBits(rwbsStart, c.pos);
        boolean readLetter = hasReadLetter(rwbsStart, c.pos);
        if (seq > 0xffffffffL || cpu > 0xffffffffL || pid > 0xffffffffL) {
            throw new BlkparseTextException("cpu, sequence or pid out of 32-bit range");
        }
        if (code == -2) {
            message(out, time, (int) seq, (int) pid, device, (int) cpu);
            return;
        }
        int action = code | rwbs | category(code);
        int tailStart = c.pos;
        c.skipSpaces();
        long sector = 0;
        long bytes = 0;
        int error = 0;
        byte[] pdu = BlockEvent.NO_PDU;
        boolean comm = false;
        boolean sizePrinted = true;
        switch (code) {
            case 15 -> { // A: sector + nsect <- (maj,min) from_sector
                if (c.isDigit()) {
                    sector = c.unsigned64("sector");
                    bytes = nsect();
                }
                c.skipSpaces();
                c.expect('<', "'<- (maj,min) sector'");
                c.expect('-', "'<- (maj,min) sector'");
                c.skipSpaces();
                c.expect('(', "'(' of the remapped-from device");
                long fmaj = c.unsigned("remapped-from major");
                c.expect(',', "',' in the remapped-from device");
                long fmin = c.unsigned("remapped-from minor");
                c.expect(')', "')' of the remapped-from device");
                c.skipSpaces();
                long from = c.unsigned64("remapped-from sector");
                if (fmaj > 0xfff || fmin > DevNo.MINOR_MASK) {
                    throw new BlkparseTextException("device " + fmaj + "," + fmin + " out of range");
                }
                pdu = new byte[16];
                putInt(pdu, 0, (int) ((fmaj << DevNo.MINOR_BITS) | fmin));
                putInt(pdu, 4, device);
                putLong(pdu, 8, from);
            }
            case 13 -> { // X: sector / remainder [comm]
                sector = c.unsigned64("sector");
                c.skipSpaces();
                c.expect('/', "'/' between sector and split sector");
                c.skipSpaces();
                long rem = c.unsigned64("split sector");
                pdu = new byte[8];
                putLong(pdu, 0, rem);
                bytes = rem > sector ? Math.min((rem - sector) << 9, 0xffffffffL) : 0;
                sizePrinted = false;
                comm = comm();
            }
            case 9 -> comm = comm(); // P
            case 10, 11 -> { // U, UT: [comm] depth
                comm = comm();
                c.skipSpaces();
                long depth = c.unsigned("unplug depth");
                pdu = new byte[8];
                putLong(pdu, 0, depth);
            }
            case 6, 8 -> { // R, C: sector [+ nsect] [(elapsed)] [error]; PC: [(pdu)] [error]
                if (c.isDigit()) {
                    sector = c.unsigned64("sector");
                    c.skipSpaces();
                    if (c.peek() == '+') {
                        bytes = nsect();
                    }
                    elapsed();
                    if (!bioBased(device)) {
                        action |= Category.FS;
                    }
                } else {
                    action |= Category.PC;
                    pdu = pcPdu();
                    bytes = readLetter ? pcBytes.getOrDefault(device, 0) : 0;
                    sizePrinted = false;
                }
                error = errorField();
            }
            default -> { // Q M F G S I D B: [sector + nsect] [(elapsed)] [comm]; PC I D Q B: bytes [(pdu)] [comm]
                if (c.isDigit()) {
                    long first = c.unsigned64("sector");
                    c.skipSpaces();
                    if (c.peek() == '+') {
                        sector = first;
                        bytes = nsect();
                        elapsed();
                        if (code == 12 || code == 7) {
                            action |= Category.FS;
                        }
                    } else {
                        action |= Category.PC;
                        bytes = first;
                        if (bytes > 0xffffffffL) {
                            throw new BlkparseTextException("PC byte count " + bytes + " out of range");
                        }
                        pdu = pcPdu();
                        pcBytes.put(device, (int) bytes);
                    }
                } else {
                    elapsed(); // "D  FN (  567064) [kworker/1:1H]" with -t
                    if (code == 12 || code == 7) {
                        action |= Category.FS;
                    }
                }
                comm = comm();
            }
        }
        c.skipSpaces();
        if (!c.atEnd()) {
            throw new BlkparseTextException("unexpected text after the " + actName(code) + " line's tail: '"
                    + c.rest(c.pos) + "'");
        }
        if (readLetter && bytes == 0) {
            if (sizePrinted) {
                throw new BlkparseTextException("RWBS 'R' needs a non-zero size, line has none: '"
                        + c.rest(tailStart) + "'");
            }
            bytes = 512; // size not printed (X, PC completion without its dispatch): keep rwbs() = "R"
        }
        if (comm) {
            note(out, time, (int) pid, device, (int) cpu);
        }
        BlockEvent e = new BlockEvent(time, (int) seq, sector, (int) bytes, action, (int) pid, device, (int) cpu,
                error, pdu);
        out.add(e);
        summary.event(e);
        events++;
    }

    /**
     * Completions on dm and md devices are bio completions ({@code blk_add_trace_bio_complete}), which carry no
     * FS bit; request completions ({@code blk_add_trace_rq_complete}) do.
     */
    private static boolean bioBased(int device) {
        return DevNo.ofKernel(device).isRemapper();
    }

    /** Action letters to the {@code __BLK_TA_*} code; -2 for a message ({@code m}). */
    private int actionCode(int from, int len) throws BlkparseTextException {
        byte[] b = c.buf;
        if (len == 1) {
            switch (b[from]) {
                case 'Q': return 1;
                case 'M': return 2;
                case 'F': return 3;
                case 'G': return 4;
                case 'S': return 5;
                case 'R': return 6;
                case 'D': return 7;
                case 'C': return 8;
                case 'P': return 9;
                case 'U': return 10;
                case 'T': return 11; // older blkparse and -F spec letter for UNPLUG_TIMER
                case 'I': return 12;
                case 'X': return 13;
                case 'B': return 14;
                case 'A': return 15;
                case 'm': return -2;
                default: break;
            }
        } else if (len == 2 && b[from] == 'U' && b[from + 1] == 'T') {
            return 11;
        }
        throw new BlkparseTextException("unknown action '" + new String(b, from, Math.min(len, 8),
                java.nio.charset.StandardCharsets.ISO_8859_1) + "'");
    }

    private static String actName(int code) {
        return code == 11 ? "UT" : String.valueOf("?QMFGSRDCPU?IXBA".charAt(code));
    }

    /** The {@code BLK_TA_*} category an action carries ({@code include/uapi/linux/blktrace_api.h}). */
    private static int category(int code) {
        return switch (code) {
            case 6 -> Category.REQUEUE;
            case 7 -> Category.ISSUE;
            case 8 -> Category.COMPLETE;
            case 13, 14 -> 0;
            default -> Category.QUEUE;
        };
    }

    /** RWBS as {@code fill_rwbs} builds it: [F] D|W|R|N [F] [A] [S] [M]. */
    private int rwbsBits(int from, int to) throws BlkparseTextException {
        byte[] b = c.buf;
        int i = from;
        int bits = 0;
        if (i < to && b[i] == 'F' && i + 1 < to && "DWRN".indexOf(b[i + 1]) >= 0) {
            bits |= Category.FLUSH;
            i++;
        }
        if (i >= to) {
            throw badRwbs(from, to);
        }
        switch (b[i++]) {
            case 'D' -> bits |= Category.WRITE | Category.DISCARD;
            case 'W' -> bits |= Category.WRITE;
            case 'R', 'N' -> bits |= Category.READ;
            default -> throw badRwbs(from, to);
        }
        if (i < to && b[i] == 'F') {
            bits |= Category.FUA;
            i++;
        }
        if (i < to && b[i] == 'A') {
            bits |= Category.AHEAD;
            i++;
        }
        if (i < to && b[i] == 'S') {
            bits |= Category.SYNC;
            i++;
        }
        if (i < to && b[i] == 'M') {
            bits |= Category.META;
            i++;
        }
        if (i != to) {
            throw badRwbs(from, to);
        }
        return bits;
    }

    private boolean hasReadLetter(int from, int to) {
        for (int i = from; i < to; i++) {
            if (c.buf[i] == 'R') {
                return true;
            }
        }
        return false;
    }

    private BlkparseTextException badRwbs(int from, int to) {
        return new BlkparseTextException("bad RWBS '" + new String(c.buf, from, Math.min(to - from, 8),
                java.nio.charset.StandardCharsets.ISO_8859_1) + "' (expected [F]D|W|R|N[F][A][S][M])");
    }

    /** {@code + nsect} → bytes. */
    private long nsect() throws BlkparseTextException {
        c.skipSpaces();
        c.expect('+', "'+ sectors'");
        c.skipSpaces();
        long n = c.unsigned("sector count");
        if (n > 0xffffffffL >> 9) {
            throw new BlkparseTextException("sector count " + n + " out of range");
        }
        return n << 9;
    }

    /** The {@code (%8llu)} elapsed column of {@code blkparse -t}: skipped. */
    private void elapsed() throws BlkparseTextException {
        c.skipSpaces();
        if (c.peek() == '(') {
            c.pos++;
            c.skipSpaces();
            // %llu of an unsigned difference: 20 digits when blkparse pairs a flush with an earlier issue
            if (!c.isDigit()) {
                throw new BlkparseTextException("expected the elapsed time at column " + (c.pos - c.start + 1));
            }
            while (c.isDigit()) {
                c.pos++;
            }
            c.expect(')', "')' after the elapsed time");
        }
    }

    /**
     * {@code [comm]}: the name ends at the last ']' of the line, so names holding ']' survive and U/UT keep
     * their trailing depth. The name is left in {@link #commFrom}/{@link #commTo} (no copy: most lines repeat a
     * known name).
     */
    private boolean comm() throws BlkparseTextException {
        c.skipSpaces();
        c.expect('[', "'[command]'");
        int close = c.lastIndexOf(']');
        if (close < 0) {
            throw new BlkparseTextException("missing ']' after the command name");
        }
        commFrom = c.pos;
        commTo = close;
        c.pos = close + 1;
        return true;
    }

    private int errorField() throws BlkparseTextException {
        c.skipSpaces();
        c.expect('[', "'[error]'");
        long e = c.unsigned("error");
        c.expect(']', "']' after the error");
        if (e > 0xffff) {
            throw new BlkparseTextException("error " + e + " out of the u16 range");
        }
        return (int) e;
    }

    /** {@code (12 00 ..)}: hex bytes, ".." = zeros to the end (padded to 16 bytes); absent = no payload. */
    private byte[] pcPdu() throws BlkparseTextException {
        c.skipSpaces();
        if (c.peek() != '(') {
            return BlockEvent.NO_PDU;
        }
        c.pos++;
        byte[] out = new byte[16];
        int n = 0;
        boolean zerosFollow = false;
        while (true) {
            c.skipSpaces();
            if (c.tryChar(')')) {
                break;
            }
            if (c.startsWith("..")) {
                c.pos += 2;
                zerosFollow = true;
                continue;
            }
            int hi = hex(c.peek());
            c.pos++;
            int lo = hex(c.peek());
            c.pos++;
            if (hi < 0 || lo < 0) {
                throw new BlkparseTextException("bad hex byte in the PC payload at column " + (c.pos - c.start - 1));
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = (byte) (hi << 4 | lo);
        }
        return zerosFollow ? Arrays.copyOf(out, Math.max(n, 16)) : Arrays.copyOf(out, n);
    }

    private static int hex(int ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        if (ch >= 'A' && ch <= 'F') {
            return ch - 'A' + 10;
        }
        return -1;
    }

    private void message(List<BlockEvent> out, long time, int seq, int pid, int device, int cpu) {
        int from = Math.min(c.pos + 1, c.end);
        byte[] text = Arrays.copyOfRange(c.buf, from, c.end);
        BlockEvent m = new BlockEvent(time, seq, 0, 0, TN_MESSAGE, pid, device, cpu, 0, text);
        out.add(m);
        summary.event(m);
        events++;
    }

    private void note(List<BlockEvent> out, long time, int pid, int device, int cpu) {
        byte[] b = c.buf;
        if (Arrays.equals(b, commFrom, commTo, NULL_COMM, 0, NULL_COMM.length)) {
            return;
        }
        byte[] known = pid == lastPid ? lastComm : comms.get(pid);
        if (known != null && Arrays.equals(b, commFrom, commTo, known, 0, known.length)) {
            lastPid = pid;
            lastComm = known;
            return;
        }
        byte[] name = Arrays.copyOfRange(b, commFrom, commTo);
        comms.put(pid, name);
        lastPid = pid;
        lastComm = name;
        byte[] pdu = Arrays.copyOf(name, Math.max(16, name.length + 1));
        out.add(new BlockEvent(time, 0, 0, 0, TN_PROCESS, pid, device, cpu, 0, pdu));
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }
}
