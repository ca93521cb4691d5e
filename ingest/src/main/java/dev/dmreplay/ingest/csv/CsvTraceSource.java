package dev.dmreplay.ingest.csv;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads MSR Cambridge, Alibaba 2020 and Tencent CBS CSV traces (formats.md 6.1-6.3; plain, gzip or tgz) as
 * canonical events: each record becomes a Q event ({@code BLK_TA_QUEUE}, READ or WRITE), and where the format
 * has a response time (MSR) also a C event ({@code BLK_TA_COMPLETE}) at Q + response time. Devices are numbered
 * as {@link CsvDeviceMapper} documents; pid and cpu are 0; sequence numbers count events per device from 1.
 *
 * <p>Times are nanoseconds relative to the earliest record. The published traces are nearly, not strictly,
 * sorted, so records pass through a reorder window: an event is released once a record at least
 * {@code window} ns later has been read. A record older than an event already released (more than the window
 * out of order) is an error, or in lenient mode skipped and counted. Ties keep file order (Q before its C).
 * Memory holds the records of one window (at most {@link #MAX_BUFFERED}, beyond which reading fails).
 */
public final class CsvTraceSource implements EventSource {

    /** Default reorder window: one second of trace time. */
    public static final long DEFAULT_WINDOW_NS = 1_000_000_000L;
    /** Most events held for reordering. */
    public static final int MAX_BUFFERED = 1 << 22;
    private static final int SNIFF_LINES = 5;

    private record Pending(long time, long order, boolean complete, CsvTraceRecord rec) {
    }

    private final String source;
    private final CsvTraceFormat format;
    private final boolean lenient;
    private final long window;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final CsvDeviceMapper devices = new CsvDeviceMapper();
    private static final Comparator<Pending> ORDER = (a, b) -> a.time != b.time ? Long.compare(a.time, b.time)
            : Long.compare(a.order, b.order);
    /** Arrivals: nearly sorted, kept by insertion. */
    private final ReorderBuffer<Pending> arrivals = new ReorderBuffer<>(ORDER);
    /** Completions (MSR): arrival + response time, far from arrival order, kept in a heap of in-flight I/Os. */
    private final PriorityQueue<Pending> completions = new PriorityQueue<>(ORDER);
    private final Map<DevNo, int[]> sequences = new HashMap<>();
    private long order;
    private long maxSeen = Long.MIN_VALUE;
    private long lastReleased = Long.MIN_VALUE;
    private long origin = Long.MIN_VALUE;
    private boolean eof;
    private boolean first = true;
    private long skippedCount;
    private final List<String> skippedFirst = new ArrayList<>();

    /**
     * @param format the format, or null to detect it from the first lines
     * @param window reorder window in ns of trace time
     */
    public CsvTraceSource(String source, InputStream in, CsvTraceFormat format, long window, ReadOptions options)
            throws IOException {
        if (window < 0) {
            throw new IllegalArgumentException("window must be >= 0");
        }
        this.source = source;
        this.lenient = options.lenient();
        this.window = window;
        BufferedReader reader = new BufferedReader(new InputStreamReader(CsvInputs.unwrap(in),
                StandardCharsets.UTF_8), 1 << 16);
        this.format = format != null ? format : sniff(source, reader);
        // No quoting in these formats; fields are stripped where parsed (cheaper than setTrim on every field)
        this.parser = CSVFormat.DEFAULT.builder().setQuote(null).setIgnoreEmptyLines(true).get()
                .parse(reader);
        this.records = parser.iterator();
    }

    /** Opens a file with format detection and the default window. */
    public static CsvTraceSource open(Path file, ReadOptions options) throws IOException {
        return open(file, null, DEFAULT_WINDOW_NS, options);
    }

    public static CsvTraceSource open(Path file, CsvTraceFormat format, long window, ReadOptions options)
            throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return new CsvTraceSource(file.toString(), in, format, window, options);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static CsvTraceFormat sniff(String source, BufferedReader reader) throws IOException {
        reader.mark(1 << 16);
        List<List<String>> lines = new ArrayList<>();
        CSVFormat f = CSVFormat.DEFAULT.builder().setQuote(null).get();
        String line;
        int read = 0;
        while (lines.size() < SNIFF_LINES && (line = reader.readLine()) != null && read++ < 1000) {
            if (line.isBlank()) {
                continue;
            }
            try (CSVParser p = f.parse(new StringReader(line))) {
                lines.add(p.getRecords().get(0).toList());
            }
        }
        reader.reset();
        if (lines.isEmpty()) {
            throw TraceFormatException.of(source, "empty: no CSV records to recognise a format from");
        }
        CsvTraceFormat fmt = CsvTraceFormat.sniff(lines);
        if (fmt == null) {
            // A bad record in the sample must not hide the format: it is reported when its line is read.
            fmt = CsvTraceFormat.mostLikely(lines);
        }
        if (fmt == null) {
            throw TraceFormatException.atLine(source, 1, "not a known CSV trace: expected MSR Cambridge "
                    + "(Timestamp,Hostname,DiskNumber,Read|Write,Offset,Size,ResponseTime), Alibaba "
                    + "(device_id,R|W,offset,length,timestamp) or Tencent (Timestamp,Offset,Size,0|1,VolumeID), got '"
                    + TraceFormatException.shorten(String.join(",", lines.get(0))) + "'");
        }
        return fmt;
    }

    public CsvTraceFormat format() {
        return format;
    }

    @Override
    public BlockEvent next() throws IOException {
        while (true) {
            Pending a = arrivals.peek();
            Pending c = completions.peek();
            Pending head = a == null ? c : c == null ? a : ORDER.compare(a, c) <= 0 ? a : c;
            if (head != null && (eof || head.time <= maxSeen - window)) {
                if (head == a) {
                    arrivals.poll();
                } else {
                    completions.poll();
                }
                return release(head);
            }
            if (eof) {
                return null;
            }
            readRecord();
        }
    }

    private void readRecord() throws IOException {
        CSVRecord r;
        try {
            if (!records.hasNext()) {
                eof = true;
                return;
            }
            r = records.next();
        } catch (UncheckedIOException e) {
            throw TraceFormatException.atLine(source, parser.getCurrentLineNumber(), "unreadable CSV: "
                    + e.getCause().getMessage());
        }
        long line = parser.getCurrentLineNumber();
        if (first) {
            first = false;
            if (format.isHeader(r.toList())) {
                return;
            }
        }
        CsvTraceRecord rec;
        try {
            rec = format.parse(r, devices);
            if (rec.time() < lastReleased) {
                throw new CsvLineException("out of order by " + (lastReleased - rec.time()) + " ns, more than the "
                        + "reorder window of " + window + " ns");
            }
        } catch (CsvLineException e) {
            if (!lenient) {
                throw TraceFormatException.atLine(source, line, format + ": " + e.getMessage());
            }
            skippedCount++;
            if (skippedFirst.size() < SkipReport.KEEP) {
                skippedFirst.add(source + ":" + line + ": " + format + ": " + e.getMessage());
            }
            return;
        }
        if (arrivals.size() + completions.size() >= MAX_BUFFERED) {
            throw TraceFormatException.atLine(source, line, "more than " + MAX_BUFFERED + " events within the "
                    + "reorder window of " + window + " ns: input far from time order");
        }
        maxSeen = Math.max(maxSeen, rec.time());
        arrivals.add(new Pending(rec.time(), order++, false, rec));
        if (rec.responseNs() >= 0) {
            completions.add(new Pending(rec.time() + rec.responseNs(), order++, true, rec));
        }
    }

    private BlockEvent release(Pending p) {
        if (origin == Long.MIN_VALUE) {
            origin = p.time;
        }
        lastReleased = p.time; // released in time order
        CsvTraceRecord r = p.rec;
        int seq = ++sequences.computeIfAbsent(r.device(), d -> new int[1])[0];
        int rw = r.write() ? Category.WRITE : Category.READ;
        int action = p.complete ? Action.COMPLETE.code() | Category.COMPLETE | rw
                : Action.QUEUE.code() | Category.QUEUE | rw;
        return new BlockEvent(p.time - origin, seq, r.sector(), (int) r.bytes(), action, 0, r.device().kernel(), 0, 0,
                BlockEvent.NO_PDU);
    }

    @Override
    public SkipReport skipped() {
        return skippedCount == 0 ? SkipReport.NONE : new SkipReport(skippedCount, skippedFirst);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
