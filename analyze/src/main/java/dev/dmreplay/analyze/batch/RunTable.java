package dev.dmreplay.analyze.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.ingest.io.AtomicOutput;
import dev.dmreplay.ingest.store.LocalParquet;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The result table of a batch, one {@link RunRow} per run in the batch's order: {@code runs.parquet} (ZSTD, one
 * row group) and {@code runs.csv} (RFC 4180, {@code \n} line ends, the pools as a JSON array). Both are written
 * atomically and are byte-identical for the same rows. The schema is documented in docs/FORMATS.md.
 */
public final class RunTable {
    /** The columns, in order, with their Parquet/Spark type; {@code pools} is a list of structs. */
    public static final List<String> COLUMNS = List.of("trace", "input", "strategy", "pressure", "knobs", "outcome",
            "error", "completed", "submitted", "q2c_p50_ns", "q2c_p99_ns", "end_time_ns", "chain", "pools");

    public static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message run {
              required binary trace (STRING);
              required binary input (STRING);
              required binary strategy (STRING);
              required binary pressure (STRING);
              required binary knobs (STRING);
              required binary outcome (STRING);
              required binary error (STRING);
              required int64 completed;
              required int64 submitted;
              required int64 q2c_p50_ns;
              required int64 q2c_p99_ns;
              required int64 end_time_ns;
              required binary chain (STRING);
              required group pools (LIST) {
                repeated group list {
                  required group element {
                    required binary pool (STRING);
                    required int32 size;
                    required int32 low_water;
                    required int64 sleeps;
                  }
                }
              }
            }""");

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunTable() {
    }

    /** Writes {@code rows} as {@code file} (Parquet), atomically. */
    public static void writeParquet(List<RunRow> rows, Path file) throws IOException {
        try (AtomicOutput out = AtomicOutput.create(file)) {
            try (ParquetWriter<RunRow> w = LocalParquet.builder(new LocalOutputFile(out.path()), new Support())
                    .withConf(new PlainParquetConfiguration())
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(CompressionCodecName.ZSTD)
                    .build()) {
                for (RunRow r : rows) {
                    w.write(r);
                }
            }
            out.commit();
        }
    }

    /** Writes {@code rows} as {@code file} (CSV with a header of {@link #COLUMNS}), atomically. */
    public static void writeCsv(List<RunRow> rows, Path file) throws IOException {
        try (AtomicOutput out = AtomicOutput.create(file)) {
            Writer w = new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8);
            try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
                p.printRecord(COLUMNS);
                for (RunRow r : rows) {
                    p.printRecord(r.trace(), r.input(), r.strategy(), r.pressure(), r.knobs(), r.outcome(), r.error(),
                            r.completed(), r.submitted(), r.q2cP50Ns(), r.q2cP99Ns(), r.endTimeNs(), r.chain(),
                            poolsJson(r.pools()));
                }
            }
            out.commit();
        }
    }

    /** The pools as the CSV writes them: {@code [{"pool":..,"size":..,"low_water":..,"sleeps":..},...]}. */
    public static String poolsJson(List<RunRow.Pool> pools) {
        ArrayNode a = JSON.createArrayNode();
        for (RunRow.Pool p : pools) {
            ObjectNode o = a.addObject();
            o.put("pool", p.pool());
            o.put("size", p.size());
            o.put("low_water", p.lowWater());
            o.put("sleeps", p.sleeps());
        }
        try {
            return JSON.writeValueAsString(a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Support extends LocalParquet.RecordSupport<RunRow> {
        Support() {
            super(SCHEMA, () -> new HashMap<>(Map.of()));
        }

        @Override
        public void write(RunRow r) {
            rc.startMessage();
            string("trace", 0, r.trace());
            string("input", 1, r.input());
            string("strategy", 2, r.strategy());
            string("pressure", 3, r.pressure());
            string("knobs", 4, r.knobs());
            string("outcome", 5, r.outcome());
            string("error", 6, r.error());
            int64("completed", 7, r.completed());
            int64("submitted", 8, r.submitted());
            int64("q2c_p50_ns", 9, r.q2cP50Ns());
            int64("q2c_p99_ns", 10, r.q2cP99Ns());
            int64("end_time_ns", 11, r.endTimeNs());
            string("chain", 12, r.chain());
            rc.startField("pools", 13);
            rc.startGroup();
            if (!r.pools().isEmpty()) {
                rc.startField("list", 0);
                for (RunRow.Pool p : r.pools()) {
                    rc.startGroup();
                    rc.startField("element", 0);
                    rc.startGroup();
                    string("pool", 0, p.pool());
                    int32("size", 1, p.size());
                    int32("low_water", 2, p.lowWater());
                    int64("sleeps", 3, p.sleeps());
                    rc.endGroup();
                    rc.endField("element", 0);
                    rc.endGroup();
                }
                rc.endField("list", 0);
            }
            rc.endGroup();
            rc.endField("pools", 13);
            rc.endMessage();
        }
    }
}
