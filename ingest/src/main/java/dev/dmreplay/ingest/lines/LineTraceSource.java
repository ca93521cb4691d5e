package dev.dmreplay.ingest.lines;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.SkipLog;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.ingest.records.IoRecord;
import dev.dmreplay.ingest.records.IoRecordStream;
import dev.dmreplay.ingest.records.RecordException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a line-oriented whole-I/O trace ({@link LineTraceFormat}) as canonical events through an
 * {@link IoRecordStream}: a Q per I/O, and a C where the format records a completion (biosnoop). Streams: memory
 * holds one reorder window. Bad lines are errors naming file and line, or in lenient mode skipped and counted.
 */
public final class LineTraceSource implements EventSource {
    /** How many non-blank lines are looked at to recognise the format. */
    static final int SNIFF_LINES = 40;

    private final String source;
    private final LineTraceFormat format;
    private final boolean lenient;
    private final BufferedReader reader;
    private final NamedDevices devices;
    private final LineParser parser;
    private final IoRecordStream stream;
    private long line;
    private boolean eof;
    private long records;
    private final SkipLog skips = new SkipLog();

    /**
     * @param in     the decompressed text
     * @param format the format, or null to recognise it from the first lines
     */
    public LineTraceSource(String source, InputStream in, LineTraceFormat format, long window, ReadOptions options)
            throws IOException {
        this.source = source;
        this.lenient = options.lenient();
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        this.format = format != null ? format : sniff(source, reader);
        this.devices = new NamedDevices(this.format.major());
        this.parser = this.format.newParser(devices);
        this.stream = new IoRecordStream(window);
    }

    private static LineTraceFormat sniff(String source, BufferedReader reader) throws IOException {
        reader.mark(1 << 20);
        List<String> lines = new ArrayList<>();
        String l;
        int read = 0;
        while (lines.size() < SNIFF_LINES && (l = reader.readLine()) != null && read++ < 10_000) {
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        reader.reset();
        LineTraceFormat f = LineTraceFormat.sniff(lines);
        if (f == null) {
            throw TraceFormatException.atLine(source, 1, "not a known line trace: expected a blkreplay load, a"
                    + " DiskSim/MQSim ASCII trace, a fio iolog (v2/v3) or biosnoop output");
        }
        return f;
    }

    public LineTraceFormat format() {
        return format;
    }

    /** The names of the devices seen so far (file names, disk names, device indexes). */
    public Map<DevNo, String> deviceNames() {
        return devices.names();
    }

    @Override
    public BlockEvent next() throws IOException {
        while (true) {
            BlockEvent e = stream.poll(eof);
            if (e != null || eof) {
                return e;
            }
            readLine();
        }
    }

    private void readLine() throws IOException {
        String text = reader.readLine();
        if (text == null) {
            eof = true;
            if (records == 0 && skips.count() == 0) {
                throw TraceFormatException.atLine(source, line, format.description() + ": no I/O records");
            }
            return;
        }
        line++;
        IoRecord rec;
        try {
            rec = parser.parse(text);
            if (rec == null) {
                return;
            }
            long late = stream.tooLate(rec);
            if (late > 0) {
                throw new RecordException("out of order by " + late + " ns, more than the reorder window of "
                        + stream.window() + " ns");
            }
        } catch (RecordException e) {
            if (!lenient) {
                throw TraceFormatException.atLine(source, line, format.description() + ": " + e.getMessage());
            }
            skips.add(source + ":" + line + ": " + format.description() + ": " + e.getMessage());
            return;
        }
        if (stream.full()) {
            throw TraceFormatException.atLine(source, line, "more than " + IoRecordStream.MAX_BUFFERED
                    + " events within the reorder window of " + stream.window() + " ns: input far from time order");
        }
        stream.add(rec);
        records++;
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
