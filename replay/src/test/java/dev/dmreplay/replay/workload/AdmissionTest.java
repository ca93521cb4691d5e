package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admission bound of a trace replay: a trace that submits many bios at one instant has at most the bound in
 * flight, every bio still completes, and the bios held back are counted with their delay.
 */
class AdmissionTest {
    @TempDir
    Path dir;

    /**
     * blkparse text of {@code n} 4 KiB writes queued on dm device 253:0 at time 0 (and, with {@code completed},
     * each completed 1 ms later in the same order), beside a one-line linear table onto 254:0.
     */
    static Path burst(Path dir, int n, boolean completed) throws IOException {
        Files.writeString(dir.resolve("dmsetup_table.txt"), "lin: 0 67108864 linear 254:0 0\n");
        Path f = dir.resolve("burst.txt.gz");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(f), 1 << 16);
             PrintStream p = new PrintStream(os, false, StandardCharsets.US_ASCII)) {
            int seq = 1;
            for (int i = 0; i < n; i++) {
                p.printf("253,0    0 %8d     0.000000000  4242  Q   W %d + 8 [fio]%n", seq++, (long) i * 8);
            }
            if (completed) {
                for (int i = 0; i < n; i++) {
                    p.printf("253,0    0 %8d     0.001000000  4242  C   W %d + 8 [0]%n", seq++, (long) i * 8);
                }
            }
        }
        return f;
    }

    private static TraceReplay.Prepared prepare(Path trace, int max) throws IOException {
        return TraceReplay.prepare(TraceReplay.Setup.builder(trace).maxInFlight(max).build());
    }

    @Test
    void aBurstAtOneInstantIsAdmittedAtTheBoundAndEveryBioCompletes() throws Exception {
        TraceReplay.Prepared p = prepare(burst(dir, 5000, false), 64);
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        assertThat(r.submitted()).isEqualTo(5000);
        assertThat(r.completed()).isEqualTo(5000);
        Admission.Device d = p.workload().admission().devices().get(0);
        assertThat(d.name).isEqualTo("lin");
        assertThat(d.limit).isEqualTo(64);
        assertThat(d.source).isEqualTo(Admission.Source.OPTION);
        assertThat(d.peak).isEqualTo(64);
        assertThat(d.delayed).isEqualTo(5000 - 64);
        assertThat(d.maxDelayNanos).isPositive();
        assertThat(d.delayNanos).isGreaterThanOrEqualTo(d.maxDelayNanos);
        // more than LOOKAHEAD requests were due at once: the rest were read after their time
        assertThat(p.workload().heldByLookahead()).isPositive();
    }

    @Test
    void withoutTheOptionTheLimitIsTheRecordedInFlightCount() throws Exception {
        TraceReplay.Prepared p = prepare(burst(dir, 300, true), 0);
        Admission.Device d = p.workload().admission().devices().get(0);
        assertThat(d.source).isEqualTo(Admission.Source.RECORDED);
        assertThat(d.limit).isEqualTo(300);
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        assertThat(r.completed()).isEqualTo(300);
        assertThat(d.peak).isEqualTo(300);
        assertThat(d.delayed).isZero();
    }

    @Test
    void withoutCompletionsRecordedTheLimitIsTheLargestTagDepth() throws Exception {
        TraceReplay.Prepared p = prepare(burst(dir, 10, false), 0);
        Admission.Device d = p.workload().admission().devices().get(0);
        assertThat(d.source).isEqualTo(Admission.Source.CONSTANT);
        assertThat(d.limit).isEqualTo(Admission.MAX_DEPTH);
    }
}
