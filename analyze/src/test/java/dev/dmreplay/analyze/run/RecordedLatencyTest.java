package dev.dmreplay.analyze.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.synth.SynthStack;
import dev.dmreplay.ingest.synth.TraceSynthesizer;
import dev.dmreplay.ingest.synth.WorkloadSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorded side of a run's latency comparison. */
class RecordedLatencyTest {

    @Test
    void everyTopLevelBioOfAStripedTraceCountsSplitOnesIncluded(@TempDir Path dir) throws Exception {
        // synth completes a split bio as a v6.1 kernel does: with its last fragment's sector and size
        TraceSynthesizer.Summary s = new TraceSynthesizer(SynthStack.of("striped"),
                WorkloadSpec.parse("read=70,bs=4k-64k,seq=30,qd=32,rate=0,procs=4"), 2, 7)
                .write(dir, 20_000, null);
        assertThat(s.splits()).isPositive();

        RecordedLatency r = RecordedLatency.of(dir, false);

        assertThat(r.interval()).isEqualTo("Q2Cdm");
        assertThat(r.count()).isEqualTo(s.bios());
    }
}
