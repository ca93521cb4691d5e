package dev.dmreplay.ingest.blkparse;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.SkipLog;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads blkparse's default text output (blkparse 1.2.0; formats.md 2.1-2.6, 6.5) back into {@link BlockEvent}s,
 * in the order of the text. gzip input is recognised by its magic bytes. The summary block, {@code Input file
 * ... added} lines and the DRV_DATA notice are skipped wherever they appear; {@code -t} elapsed columns are
 * accepted and dropped. Times are relative to blkparse's first event, as printed.
 *
 * <p>A line that is none of these is an error naming file and line ({@link ReadOptions#STRICT}), or is
 * skipped and counted ({@link ReadOptions#LENIENT}, see {@link #skipped()}). Memory is bounded by the
 * longest line and the pid-to-name map.
 */
public final class BlkparseTextSource implements EventSource {

    /** Longest line accepted: message notes are at most a page in the kernel. */
    static final int MAX_LINE = 1 << 16;

    private final String source;
    private final InputStream in;
    private final boolean lenient;
    private final BlkparseTextParser parser = new BlkparseTextParser();
    private final ArrayDeque<BlockEvent> pending = new ArrayDeque<>();
    private final List<BlockEvent> scratch = new ArrayList<>(2);
    private byte[] buf = new byte[1 << 16];
    private int head;
    private int tail;
    private boolean eof;
    private long lineNo;
    private final SkipLog skips = new SkipLog();

    public BlkparseTextSource(String source, InputStream in, ReadOptions options) throws IOException {
        this.source = source;
        this.lenient = options.lenient();
        BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
        b.mark(2);
        int m0 = b.read();
        int m1 = b.read();
        b.reset();
        this.in = m0 == 0x1f && m1 == 0x8b ? new GZIPInputStream(b, 1 << 16) : b;
    }

    /** Opens a file, plain or gzip-compressed. */
    public static BlkparseTextSource open(Path file, ReadOptions options) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return new BlkparseTextSource(file.toString(), in, options);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    public BlockEvent next() throws IOException {
        while (pending.isEmpty()) {
            if (!readLine()) {
                return null;
            }
        }
        return pending.poll();
    }

    /** Reads and parses the next line; false at the end of the input. */
    private boolean readLine() throws IOException {
        int nl = indexOfNewline(head);
        while (nl < 0 && !eof) {
            fill();
            nl = indexOfNewline(head);
        }
        if (nl < 0 && head == tail) {
            return false;
        }
        int end = nl < 0 ? tail : nl;
        lineNo++;
        scratch.clear();
        try {
            parser.parse(buf, head, end, scratch);
            pending.addAll(scratch);
        } catch (BlkparseTextException e) {
            String msg = source + ":" + lineNo + ": " + e.getMessage();
            if (!lenient) {
                throw TraceFormatException.atLine(source, lineNo, e.getMessage());
            }
            skips.add(msg);
        }
        head = nl < 0 ? tail : nl + 1;
        return true;
    }

    private int indexOfNewline(int from) {
        for (int i = from; i < tail; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void fill() throws IOException {
        if (head > 0) {
            System.arraycopy(buf, head, buf, 0, tail - head);
            tail -= head;
            head = 0;
        }
        if (tail == buf.length) {
            if (buf.length >= MAX_LINE * 2) {
                throw TraceFormatException.atLine(source, lineNo + 1, "line longer than " + MAX_LINE
                        + " bytes: not blkparse text");
            }
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, tail, buf.length - tail);
        if (n < 0) {
            eof = true;
        } else {
            tail += n;
        }
    }

    /**
     * Names of devices ({@code 8,0 → sda}) recovered from blkparse's summary block, which follows the events:
     * complete once {@link #next()} has returned null; empty when the text has no summary ({@code -q}).
     */
    public java.util.Map<dev.dmreplay.ingest.model.DevNo, String> deviceNames() {
        return parser.deviceNames();
    }

    /** Lines read so far. */
    public long lines() {
        return lineNo;
    }

    @Override
    public SkipReport skipped() {
        return skips.report();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
