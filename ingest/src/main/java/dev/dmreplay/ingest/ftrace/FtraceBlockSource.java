package dev.dmreplay.ingest.ftrace;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.SkipLog;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.ingest.records.RecordException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the text of the kernel's block tracepoints (include/trace/events/block.h, 5.x/6.x) as printed by the
 * trace buffer ({@code /sys/kernel/tracing/trace_pipe}), {@code trace-cmd report} and {@code perf script}, and
 * turns each event into the record blktrace makes at the same hook ({@code kernel/trace/blktrace.c} registers
 * its probes on these tracepoints): {@code bio_queue} Q, {@code bio_backmerge} M, {@code bio_frontmerge} F,
 * {@code getrq} G, {@code rq_insert} I, {@code rq_issue} D, {@code rq_requeue} R, {@code rq_complete} and
 * {@code bio_complete} C, {@code split} X (the new sector in its payload), {@code bio_remap}/{@code rq_remap} A
 * (the original device and sector in its payload). Devices and sectors are the kernel's, so a trace of a DM
 * stack keeps its remaps. Events with no blktrace record (plug/unplug without a device, {@code rq_merge},
 * {@code io_start}/{@code io_done}, buffer events, other subsystems) are counted in {@link #ignored()}.
 *
 * <p>Lines are taken in file order (the tools print them in time order); sequence numbers count events per
 * device from 1. Streams line by line.
 */
public final class FtraceBlockSource implements EventSource {
    private final String source;
    private final boolean lenient;
    private final BufferedReader reader;
    private final Map<Integer, int[]> sequences = new HashMap<>();
    private final SortedMap<String, Long> ignored = new TreeMap<>();
    /** Pids whose name was announced; blktrace announces each with a PROCESS note ({@code trace_note_tsk}). */
    private final java.util.Set<Integer> named = new java.util.HashSet<>();
    private BlockEvent pending;
    private long line;
    private final SkipLog skips = new SkipLog();

    public FtraceBlockSource(String source, InputStream in, ReadOptions options) {
        this.source = source;
        this.lenient = options.lenient();
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Whether {@code line} is a block tracepoint event line. */
    public static boolean looksLike(String line) {
        try {
            return TracepointLine.parse(line) != null;
        } catch (RecordException e) {
            return false;
        }
    }

    /** Tracepoint events read but not turned into records, by event name. */
    public SortedMap<String, Long> ignored() {
        return new TreeMap<>(ignored);
    }

    @Override
    public BlockEvent next() throws IOException {
        if (pending != null) {
            BlockEvent e = pending;
            pending = null;
            return e;
        }
        String text;
        while ((text = reader.readLine()) != null) {
            line++;
            try {
                TracepointLine t = TracepointLine.parse(text);
                if (t == null) {
                    continue;
                }
                BlockEvent e = event(t);
                if (e != null) {
                    if (named.add(e.pid())) {
                        // the task's name first, as blktrace's PROCESS note; the event follows
                        pending = e;
                        return processNote(t, e);
                    }
                    return e;
                }
                ignored.merge(t.event(), 1L, Long::sum);
            } catch (RecordException e) {
                if (!lenient) {
                    throw TraceFormatException.atLine(source, line, "block tracepoint text: " + e.getMessage());
                }
                skips.add(source + ":" + line + ": block tracepoint text: " + e.getMessage());
            }
        }
        return null;
    }

    private BlockEvent event(TracepointLine t) throws RecordException {
        Action a = switch (t.event()) {
            case "bio_queue" -> Action.QUEUE;
            case "bio_backmerge" -> Action.BACKMERGE;
            case "bio_frontmerge" -> Action.FRONTMERGE;
            case "getrq" -> Action.GETRQ;
            case "sleeprq" -> Action.SLEEPRQ;
            case "rq_insert" -> Action.INSERT;
            case "rq_issue" -> Action.ISSUE;
            case "rq_requeue" -> Action.REQUEUE;
            case "rq_complete", "bio_complete" -> Action.COMPLETE;
            case "split" -> Action.SPLIT;
            case "bio_remap", "rq_remap" -> Action.REMAP;
            default -> null;
        };
        if (a == null) {
            return null;
        }
        Fields f = new Fields(t.fields());
        int dev = f.device();
        String rwbs = f.word("RWBS");
        long sector;
        long bytes;
        byte[] pdu = BlockEvent.NO_PDU;
        int error = 0;
        switch (t.event()) {
            case "rq_insert", "rq_issue" -> {
                long rqBytes = f.number("bytes");
                f.command();
                sector = f.number("sector");
                long nr = f.plusSectors();
                bytes = rqBytes != 0 ? rqBytes : nr << 9;
            }
            case "rq_complete", "rq_requeue" -> {
                f.command();
                sector = f.number("sector");
                bytes = f.plusSectors() << 9;
                error = f.bracketedError();
            }
            case "split" -> {
                sector = f.number("sector");
                f.expect("/");
                long next = f.number("new sector");
                // the tracepoint prints no size; as the blkparse text reader does, a read keeps a nominal
                // sector so that its RWBS stays R (a zero-byte read prints N)
                bytes = rwbs.contains("R") ? 512 : 0;
                pdu = ByteBuffer.allocate(8).putLong(next).array();
            }
            case "bio_remap", "rq_remap" -> {
                sector = f.number("sector");
                bytes = f.plusSectors() << 9;
                f.expect("<-");
                int from = f.parenthesisedDevice();
                long fromSector = f.number("original sector");
                pdu = ByteBuffer.allocate(16).putInt(from).putInt(dev).putLong(fromSector).array();
            }
            case "bio_complete" -> {
                sector = f.number("sector");
                bytes = f.plusSectors() << 9;
                error = f.bracketedError();
            }
            default -> {
                sector = f.number("sector");
                bytes = f.plusSectors() << 9;
            }
        }
        if (bytes > 0xffffffffL) {
            throw new RecordException("size " + bytes + " bytes exceeds a trace record's 32-bit byte count");
        }
        int categories = TracepointRwbs.categories(rwbs, bytes);
        int action = a.code() | categories | switch (a) {
            case REQUEUE -> Category.REQUEUE;
            case ISSUE -> Category.ISSUE;
            case COMPLETE -> Category.COMPLETE;
            case SPLIT -> 0;
            default -> Category.QUEUE;
        };
        int seq = ++sequences.computeIfAbsent(dev, d -> new int[1])[0];
        return new BlockEvent(t.timeNs(), seq, sector, (int) bytes, action, t.pid(), dev, t.cpu(), error & 0xffff,
                pdu);
    }

    private static BlockEvent processNote(TracepointLine t, BlockEvent e) {
        byte[] comm = new byte[16];
        byte[] name = t.comm().getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(name, 0, comm, 0, Math.min(15, name.length));
        return new BlockEvent(e.time(), 0, 0, 0, Action.NOTIFY_PROCESS.code() | Action.TC_NOTIFY_BIT, e.pid(),
                e.device(), e.cpu(), 0, comm);
    }

    /** A cursor over the whitespace-separated fields of one {@code TP_printk} output. */
    private static final class Fields {
        private final String[] w;
        private int i;

        Fields(String text) {
            this.w = text.isEmpty() ? new String[0] : text.split("\\s+");
        }

        String word(String what) throws RecordException {
            if (i >= w.length) {
                throw new RecordException("missing " + what);
            }
            return w[i++];
        }

        int device() throws RecordException {
            String d = word("device 'major,minor'");
            int comma = d.indexOf(',');
            if (comma <= 0) {
                throw new RecordException("device '" + d + "' is not major,minor");
            }
            try {
                return new DevNo(Integer.parseInt(d.substring(0, comma)), Integer.parseInt(d.substring(comma + 1)))
                        .kernel();
            } catch (IllegalArgumentException e) {
                throw new RecordException("device '" + d + "' is not major,minor");
            }
        }

        long number(String what) throws RecordException {
            return TracepointLine.unsigned(word(what), what);
        }

        long plusSectors() throws RecordException {
            expect("+");
            return number("sector count");
        }

        void expect(String token) throws RecordException {
            String got = word("'" + token + "'");
            if (!got.equals(token)) {
                throw new RecordException("expected '" + token + "', got '" + got + "'");
            }
        }

        /** {@code (cmd)}: a passthrough command's bytes in hex, or empty; may hold spaces. */
        void command() throws RecordException {
            String first = word("(command)");
            if (!first.startsWith("(")) {
                throw new RecordException("expected '(command)', got '" + first + "'");
            }
            String cur = first;
            while (!cur.endsWith(")")) {
                cur = word("')' closing the command");
            }
        }

        int parenthesisedDevice() throws RecordException {
            String d = word("(major,minor)");
            if (!d.startsWith("(") || !d.endsWith(")")) {
                throw new RecordException("expected '(major,minor)', got '" + d + "'");
            }
            String[] mm = d.substring(1, d.length() - 1).split(",");
            try {
                return new DevNo(Integer.parseInt(mm[0]), Integer.parseInt(mm[1])).kernel();
            } catch (RuntimeException e) {
                throw new RecordException("expected '(major,minor)', got '" + d + "'");
            }
        }

        /** The {@code [error]} of a completion (after an optional ioprio {@code class,hint,level}). */
        int bracketedError() throws RecordException {
            while (i < w.length && !w[i].startsWith("[")) {
                i++; // ioprio of 6.x kernels
            }
            if (i >= w.length) {
                return 0;
            }
            String e = w[i++];
            if (!e.endsWith("]")) {
                throw new RecordException("expected '[error]', got '" + e + "'");
            }
            String n = e.substring(1, e.length() - 1);
            try {
                return Math.abs(Integer.parseInt(n)) == 0 ? 0 : (-Math.abs(Integer.parseInt(n))) & 0xffff;
            } catch (NumberFormatException ex) {
                throw new RecordException("expected '[error]', got '" + e + "'");
            }
        }
    }

    @Override
    public SkipReport skipped() {
        return skips.report();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
