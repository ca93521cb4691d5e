package dev.dmreplay.ingest.csv;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.SkipLog;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.records.IoRecord;
import dev.dmreplay.ingest.records.IoRecordStream;
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
import java.util.Iterator;
import java.util.List;
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
    public static final long DEFAULT_WINDOW_NS = IoRecordStream.DEFAULT_WINDOW_NS;
    /** Most events held for reordering. */
    public static final int MAX_BUFFERED = IoRecordStream.MAX_BUFFERED;
    private static final int SNIFF_LINES = 5;

    private final String source;
    private final CsvTraceFormat format;
    private final boolean lenient;
    private final IoRecordStream stream;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final CsvDeviceMapper devices = new CsvDeviceMapper();
    private boolean eof;
    private long parsed;
    private boolean first = true;
    private final SkipLog skips = new SkipLog();

    /**
     * @param format the format, or null to detect it from the first lines
     * @param window reorder window in ns of trace time
     */
    public CsvTraceSource(String source, InputStream in, CsvTraceFormat format, long window, ReadOptions options)
            throws IOException {
        this.stream = new IoRecordStream(window);
        this.source = source;
        this.lenient = options.lenient();
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

    /** The devices read so far, by the names the trace gives them (e.g. {@code hm_1} for MSR Cambridge). */
    public java.util.Map<dev.dmreplay.ingest.model.DevNo, String> deviceNames() {
        return devices.names();
    }

    @Override
    public BlockEvent next() throws IOException {
        while (true) {
            BlockEvent e = stream.poll(eof);
            if (e != null || eof) {
                return e;
            }
            readRecord();
        }
    }

    private void readRecord() throws IOException {
        CSVRecord r;
        try {
            if (!records.hasNext()) {
                eof = true;
                if (parsed == 0 && skips.count() == 0) {
                    // the same verdict as a blktrace set whose files are all empty: no trace to read
                    throw TraceFormatException.atLine(source, parser.getCurrentLineNumber(), format
                            + ": no I/O records" + (first ? "" : " after the header line"));
                }
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
        IoRecord rec;
        try {
            rec = format.parse(r, devices);
            long late = stream.tooLate(rec);
            if (late > 0) {
                throw new CsvLineException("out of order by " + late + " ns, more than the "
                        + "reorder window of " + stream.window() + " ns");
            }
        } catch (CsvLineException e) {
            if (!lenient) {
                throw TraceFormatException.atLine(source, line, format + ": " + e.getMessage());
            }
            skips.add(source + ":" + line + ": " + format + ": " + e.getMessage());
            return;
        }
        if (stream.full()) {
            throw TraceFormatException.atLine(source, line, "more than " + MAX_BUFFERED + " events within the "
                    + "reorder window of " + stream.window() + " ns: input far from time order");
        }
        stream.add(rec);
        parsed++;
    }

    @Override
    public SkipReport skipped() {
        return skips.report();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
