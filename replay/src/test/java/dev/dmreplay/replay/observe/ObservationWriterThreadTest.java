package dev.dmreplay.replay.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observation file is encoded on a thread of its own: every observation handed over is written, in order,
 * however the batches fall, with the footer as completed before closing; an encoding error reaches the caller.
 */
class ObservationWriterThreadTest {
    @TempDir
    Path dir;

    private static Observation observation(int i) {
        return new Observation(i * 10L, i % 3 == 0 ? ObservationKind.SUBMIT : ObservationKind.COMPLETE,
                "task/" + (i % 7), "dm-" + (i % 2), null, i, i * 8L, 8, i % 5, i % 11 == 0 ? "note " + i : null,
                Facts.NONE);
    }

    @Test
    void everyObservationIsWrittenInOrderWithTheCompletedFooter() throws Exception {
        Path f = dir.resolve("o.parquet");
        List<Observation> written = new ArrayList<>();
        int n = ParquetObservationWriter.BATCH * (ParquetObservationWriter.BATCHES + 2) + 17;
        try (ParquetObservationWriter w = new ParquetObservationWriter(f, Map.of("dmreplay.run.traceSha256", ""))) {
            for (int i = 0; i < n; i++) {
                Observation o = observation(i);
                w.on(o);
                written.add(o);
            }
            assertThat(w.rows()).isEqualTo(n);
            w.completeFooter(Map.of("dmreplay.run.traceSha256", "abc"));
            assertThatThrownBy(() -> w.completeFooter(Map.of("dmreplay.run.other", "x")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        List<Observation> read = new ArrayList<>();
        try (ObservationReader r = ObservationReader.open(f)) {
            for (Observation o; (o = r.next()) != null; ) {
                read.add(o);
            }
            assertThat(r.footer()).containsEntry("dmreplay.run.traceSha256", "abc");
        }
        assertThat(read).isEqualTo(written);
    }

    @Test
    void anEncodingErrorIsThrownByTheWriter() throws Exception {
        Path f = dir.resolve("bad.parquet");
        ParquetObservationWriter w = new ParquetObservationWriter(f);
        w.on(observation(1));
        // a required column without a value: parquet refuses the record on the encoding thread
        w.on(new Observation(2, null, null, null, null, 0, 0, 0, 0, null, Facts.NONE));
        assertThatThrownBy(() -> {
            for (int i = 0; i < ParquetObservationWriter.BATCH * (ParquetObservationWriter.BATCHES + 2); i++) {
                w.on(observation(i));
            }
            w.close();
        }).isInstanceOf(RuntimeException.class);
    }
}
