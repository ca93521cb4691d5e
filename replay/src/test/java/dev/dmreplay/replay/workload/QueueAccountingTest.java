package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every Q of a real trace is accounted for: submitted, or skipped with a named reason. */
class QueueAccountingTest {
    static Path traces() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent().resolve("traces");
    }

    static RunResult replay(String bundle, TraceReplay.Prepared[] out) throws Exception {
        TraceReplay.Setup s = new TraceReplay.Setup(traces().resolve(bundle), null, Strategy.MODERN.knobs,
                MemoryPressure.parse("none"), 1, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults());
        TraceReplay.Prepared p = TraceReplay.prepare(s);
        out[0] = p;
        return p.run(null, s.options());
    }

    @Test
    void aStripedTraceSubmitsEveryTopLevelQueue() throws Exception {
        TraceReplay.Prepared[] p = new TraceReplay.Prepared[1];
        RunResult r = replay("real-striped", p);
        QueueAccounting a = p[0].workload().accounting();
        // 2718 Qs on str, 2934 on the disks after an A (5652 in all); 64 later Qs at sectors where an earlier bio
        // had been split used to be taken for split remainders and silently dropped
        assertThat(a.queues()).isEqualTo(5652);
        assertThat(a.delivered()).isEqualTo(2718);
        assertThat(a.skipped()).containsExactly(Map.entry(QueueAccounting.Skip.REMAPPED_CLONE, 2934L));
        assertThat(r.submitted()).isEqualTo(2718);
        assertThat(r.completed()).isEqualTo(2718);
        assertThat(a.summary()).isEqualTo("5652 Q records: 2718 submitted, 2934 skipped (2934 remapped clone (A before"
                + " Q): the model makes its own)");
    }

    @Test
    void theCountsAddUpOnEveryRealBundle() throws Exception {
        for (String b : new String[] {"real-linear", "real-concat", "real-delay"}) {
            TraceReplay.Prepared[] p = new TraceReplay.Prepared[1];
            replay(b, p);
            QueueAccounting a = p[0].workload().accounting();
            long skipped = a.skipped().values().stream().mapToLong(Long::longValue).sum();
            assertThat(a.delivered() + skipped).as(b).isEqualTo(a.queues());
            assertThat(a.delivered()).as(b).isPositive();
        }
    }
}
