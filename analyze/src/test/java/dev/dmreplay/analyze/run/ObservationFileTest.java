package dev.dmreplay.analyze.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.analyze.pressure.PoolReport;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.FreeTo;
import dev.dmreplay.replay.observe.ObservationReader;
import dev.dmreplay.replay.observe.ParquetObservationWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservationFileTest {
    @TempDir
    Path tmp;

    private Path write(List<Observation> l) throws Exception {
        Path f = tmp.resolve("observations.parquet");
        try (ParquetObservationWriter w = new ParquetObservationWriter(f)) {
            l.forEach(w::on);
        }
        return f;
    }

    @Test
    void readsBackWhatTheReplayWrote() throws Exception {
        List<Observation> l = new Obs()
                .submit(0, "T1", 1, 8)
                .alloc(5, "T1", "md->bs of X", 2, 15)
                .add(7, ObservationKind.DEADLOCK, null, null, null, 0, 0, 0, 0, "a waits for b\nb waits for a")
                .list();
        Path f = write(l);
        List<Observation> back = new ArrayList<>();
        try (ObservationReader o = ObservationReader.open(f)) {
            Observation x;
            while ((x = o.next()) != null) {
                back.add(x);
            }
            assertThat(o.rows()).isEqualTo(3);
        }
        assertThat(back).isEqualTo(l);
        RunDirectory d = RunDirectory.open(tmp);
        assertThat(RunDirectory.isRunDirectory(tmp)).isTrue();
        assertThat(d.summary()).isNull();
        RunReport r = d.analyze(RunAnalysis.Options.defaults());
        assertThat(r.observations()).isEqualTo(3);
        assertThat(r.stalls().deadlocks()).containsExactly("a waits for b\nb waits for a");
        assertThat(r.outcome()).isEqualTo("DEADLOCK");
    }

    @Test
    void filesOfTheCurrentWriterDeclareFreesOlderFilesGetTheApproximation() throws Exception {
        String pool = "md->bs of X";
        write(new Obs().submit(0, "T1", 1, 8).alloc(5, "T1", pool, 2, 15).free(9, pool, 2, 16, FreeTo.RESERVE)
                .alloc(10, "T1", pool, 3, 15).top(12, "T1", 1, 12).list());
        try (ObservationReader o = ObservationReader.open(tmp.resolve("observations.parquet"))) {
            assertThat(o.freesObserved()).isTrue();
        }
        PoolReport exact = RunDirectory.open(tmp).analyze(RunAnalysis.Options.defaults()).pools().get(0);
        assertThat(exact.exactOccupancy()).isTrue();
        assertThat(exact.peakInUse()).isEqualTo(1);
        assertThat(exact.inUseAtEnd()).isEqualTo(1);     // bio 3's element was never freed
        assertThat(exact.reserveHigh()).isEqualTo(16);

        // a file as written before FREE existed: same schema, no footer declaration
        Path old = Files.createDirectories(tmp.resolve("old")).resolve("observations.parquet");
        SimpleGroupFactory g = new SimpleGroupFactory(ObservationReader.SCHEMA_V1);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(old))
                .withType(ObservationReader.SCHEMA_V1).withConf(new PlainParquetConfiguration()).build()) {
            w.write(g.newGroup().append("time", 5L).append("kind", "ALLOC").append("task", "T1")
                    .append("resource", pool).append("bio", 2L).append("sector", 0L).append("sectors", 0)
                    .append("value", 15L));
            w.write(g.newGroup().append("time", 10L).append("kind", "COMPLETE").append("device", "sda")
                    .append("bio", 2L).append("sector", 0L).append("sectors", 8).append("value", 0L)
                    .append("detail", "leaf"));
        }
        try (ObservationReader o = ObservationReader.open(old)) {
            assertThat(o.freesObserved()).isFalse();
        }
        PoolReport approx = RunDirectory.open(old.getParent()).analyze(RunAnalysis.Options.defaults()).pools().get(0);
        assertThat(approx.exactOccupancy()).isFalse();
        assertThat(approx.peakInUse()).isEqualTo(1);
        assertThat(approx.inUseAtEnd()).isZero();          // released with its bio's completion
    }

    @Test
    void summaryFieldsAreFlattenedInOrder() throws Exception {
        write(new Obs().submit(0, "T1", 1, 8).top(10, "T1", 1, 10).list());
        Files.writeString(tmp.resolve("summary.json"), "{\"trace\":\"t\",\"strategy\":\"DF\",\"notes\":[\"x\"],"
                + "\"result\":{\"outcome\":\"FINE\",\"endTimeNs\":50}}");
        RunReport r = RunDirectory.open(tmp).analyze(RunAnalysis.Options.defaults());
        assertThat(r.about()).containsExactly(java.util.Map.entry("trace", "t"), java.util.Map.entry("strategy", "DF"),
                java.util.Map.entry("result.outcome", "FINE"), java.util.Map.entry("result.endTimeNs", "50"));
        assertThat(r.endNs()).isEqualTo(50);
        assertThat(r.strategy()).isEqualTo("DF");
        assertThat(r.outcome()).isEqualTo("FINE");
    }

    @Test
    void badFilesAreFormatErrors() throws Exception {
        Path junk = tmp.resolve("junk.parquet");
        Files.writeString(junk, "hello");
        assertThatThrownBy(() -> ObservationReader.open(junk)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("junk.parquet").hasMessageContaining("Parquet magic");

        Path other = tmp.resolve("other.parquet");
        MessageType schema = MessageTypeParser.parseMessageType("message x { required int64 time; }");
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(other)).withType(schema)
                .withConf(new PlainParquetConfiguration()).build()) {
            w.write(new SimpleGroupFactory(schema).newGroup().append("time", 1L));
        }
        assertThatThrownBy(() -> ObservationReader.open(other)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("column 'kind' missing");

        Path back = write(new Obs().submit(10, "T1", 1, 8).submit(5, "T1", 2, 8).list());
        try (ObservationReader o = ObservationReader.open(back)) {
            o.next();
            assertThatThrownBy(o::next).isInstanceOf(TraceFormatException.class)
                    .hasMessageContaining("row 1").hasMessageContaining("simulation order");
        }
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(RunDirectory.isRunDirectory(empty)).isFalse();
        assertThatThrownBy(() -> RunDirectory.open(empty)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("no observations.parquet");
        Files.writeString(tmp.resolve("summary.json"), "{ not json");
        assertThatThrownBy(() -> RunDirectory.open(tmp).about()).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("summary.json");
    }
}
