package dev.dmreplay.replay.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real snapshot capture of traces/snapshot-small (Linux 6.1, see its README) replayed end to end, and the
 * model's target-issued I/O compared with the kernel's worker-issued and target-issued {@code Q}s.
 */
class SnapshotTraceReplayTest {
    private static final Path BUNDLE = Path.of("../traces/snapshot-small");

    private static TraceReplay.Prepared prepare(Strategy s) throws java.io.IOException {
        return TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null, s.knobs, MemoryPressure.none(), 1,
                ReplayMode.parse("timed", 32), Map.of(), 0, 0, false, ReplayRun.Options.defaults()));
    }

    @Test
    void everyApplicationBioCompletesUnderStrategiesOfEveryEra() throws Exception {
        for (Strategy s : List.of(Strategy.BARE, Strategy.OFFL, Strategy.NEIL, Strategy.MODERN)) {
            TraceReplay.Prepared p = prepare(s);
            RunResult r = p.run(null, ReplayRun.Options.defaults());
            assertThat(p.topDevices()).as(s.name()).containsExactlyInAnyOrder("base", "snap");
            // 982 bios to the origin (664 writes, 300 reads, 18 flushes) and 900 to the snapshot, as fio issued them
            assertThat(r.submitted()).as(s.name()).isEqualTo(1882);
            assertThat(r.completed()).as(s.name()).isEqualTo(1882);
            assertThat(r.errors()).as(s.name()).isZero();
            assertThat(r.outcome()).as(s.name()).isEqualTo(Outcome.FINE);
        }
    }

    @Test
    void copyIoPerClassAndDeviceMatchesTheKernel() throws Exception {
        TraceReplay.Prepared p = prepare(Strategy.MODERN);
        p.run(null, ReplayRun.Options.defaults());
        Map<String, HelperIoComparison.Row> rows = new LinkedHashMap<>();
        for (HelperIoComparison.Row row : HelperIoComparison.compare(p.machine(), p.workload())) {
            rows.put(row.device() + " " + row.rwbs() + " " + row.issuer(), row);
        }
        assertThat(rows).containsOnlyKeys("base-real R worker", "base-real WS worker", "base-cow W worker",
                "base-cow WS worker", "base-cow WS task", "base-cow FWFS worker");
        // the kernel's counts, read from the trace, and the model's agree exactly where timing does not matter
        for (String k : List.of("base-real R worker", "base-real WS worker", "base-cow W worker",
                "base-cow WS worker", "base-cow WS task")) {
            assertThat(rows.get(k).modelBios()).as(k).isEqualTo(rows.get(k).kernelBios()).isPositive();
        }
        assertThat(rows.get("base-real R worker").kernelBios()).isEqualTo(1624);
        assertThat(rows.get("base-real R worker").modelClasses()).isEqualTo("COPY_READ");
        assertThat(rows.get("base-cow W worker").modelClasses()).isEqualTo("COPY_WRITE");
        assertThat(rows.get("base-cow WS worker").modelClasses()).isEqualTo("METADATA_ZERO");
        assertThat(rows.get("base-cow WS task").modelClasses()).isEqualTo("FULL_CHUNK_WRITE");
        // commits happen when no other exception is in flight: their number depends on timing (922 in the kernel)
        HelperIoComparison.Row commits = rows.get("base-cow FWFS worker");
        assertThat(commits.kernelBios()).isEqualTo(922);
        assertThat(commits.modelBios()).isBetween(830L, 1010L);
        assertThat(HelperIoComparison.snapshotStatus(p.machine()))
                .containsExactly("snap: 0 262144 snapshot 15464/262144 72"); // = dmsetup-status-after.txt
    }
}
