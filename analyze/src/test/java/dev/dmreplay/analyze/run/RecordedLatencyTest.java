package dev.dmreplay.analyze.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.synth.SynthStack;
import dev.dmreplay.ingest.synth.TraceSynthesizer;
import dev.dmreplay.ingest.synth.WorkloadSpec;
import java.nio.file.Path;
import java.util.Map;
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

    @Test
    void queuedBiosDroppedByTheInFlightBoundAreCountedAndSaid(@TempDir Path dir) throws Exception {
        // 32 bios in flight on the mapped device and 4 lower devices below it: a bound of 8 must drop some
        TraceSynthesizer.Summary s = new TraceSynthesizer(SynthStack.of("striped"),
                WorkloadSpec.parse("read=70,bs=4k-64k,seq=30,qd=32,rate=0,procs=4"), 2, 7)
                .write(dir, 20_000, null);

        RecordedLatency exact = RecordedLatency.of(dir, false);
        RecordedLatency bounded = RecordedLatency.of(dir, false, 8);

        assertThat(exact.evicted()).isZero();
        assertThat(bounded.evicted()).isPositive();
        assertThat(bounded.count()).isLessThan(s.bios());
        RunAnalysis a = new RunAnalysis();
        String withBound = RunReportText.render(a.report("run", Map.of(), 0).withRecorded(bounded));
        String withoutBound = RunReportText.render(a.report("run", Map.of(), 0).withRecorded(exact));
        assertThat(withBound).contains("note: " + bounded.evicted() + " queued bios of the recorded trace exceeded"
                + " the in-flight bound and were dropped");
        assertThat(withoutBound).doesNotContain("in-flight bound");
        // run-analysis.json: the field only when something was dropped, so exact runs keep their file as it was
        assertThat(RunReportFiles.mapper().writeValueAsString(exact)).doesNotContain("evicted");
        assertThat(RunReportFiles.mapper().writeValueAsString(bounded)).contains("\"evicted\" : " + bounded.evicted());
    }
}
