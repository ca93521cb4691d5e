package dev.dmreplay.analyze.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.observe.ObservationKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTextTest {
    @TempDir
    Path tmp;

    private static RunReport report() {
        String wq = "mempool md->bs of X";
        Obs o = new Obs()
                .submit(0, "T1", 1, 8)
                .alloc(0, "T1", "md->bs of X", 2, 0)
                .waitBegin(0, "T2", wq, "mempool_alloc")
                .leaf(300_000_000L, 2)
                .waitEnd(300_000_000L, "T2", wq, "mempool_alloc", 300_000_000L)
                .waitBegin(400_000_000L, "T1", wq, "mempool_alloc")
                .add(900_000_000L, ObservationKind.DEADLOCK, null, null, null, 0, 0, 0, 0,
                        "T1 waits for mempool md->bs of X\n  held by bio #3 on T1's bio_list (cycle)");
        RunAnalysis a = new RunAnalysis();
        o.feed(a);
        Map<String, String> about = new LinkedHashMap<>();
        about.put("trace", "t");
        about.put("strategy", "BARE");
        about.put("knobs.dmGen", "G0_ALL_IN_ONE");
        about.put("result.outcome", "MEMORY_DEADLOCK");
        return a.report("run1", about, 1_000_000_000L);
    }

    @Test
    void rendersWaitsReleasesAndTheChainVerbatim() {
        String t = RunReportText.render(report());
        assertThat(t).startsWith("Replay run run1\n  trace: t\n  strategy: BARE\n  outcome: MEMORY_DEADLOCK\n")
                .doesNotContain("knobs.dmGen")
                .contains("T2 waited 300.00 ms in mempool_alloc on mempool md->bs of X from 0 ns, 1 wake-up(s), "
                        + "0 re-poll(s); released after COMPLETE bio 2 on sda [leaf]\n")
                .contains("Still waiting at the end of the run: 1\n  T1 waited 600.00 ms in mempool_alloc")
                .contains("DEADLOCK:\n  T1 waits for mempool md->bs of X\n    held by bio #3 on T1's bio_list (cycle)\n")
                .contains("reserve: most seen 0, low-water 0, at end 0, empty 1.000 s in 1 episode(s)");
    }

    @Test
    void filesAreWrittenAndRepeatable() throws Exception {
        RunReportFiles.write(report(), tmp);
        assertThat(Files.readString(tmp.resolve("waits.csv"))).isEqualTo(
                "task,resource,function,begin_ns,end_ns,duration_ns,wakeups,repolls,ended,released_by\n"
                + "T2,mempool md->bs of X,mempool_alloc,0,300000000,300000000,1,0,true,COMPLETE bio 2 on sda [leaf]\n"
                + "T1,mempool md->bs of X,mempool_alloc,400000000,1000000000,600000000,0,0,false,\n");
        assertThat(Files.readString(tmp.resolve("pool-timeline.csv"))).isEqualTo(
                "pool,start_ns,reserve_min,in_use_max,allocations,failures,sleeps\n"
                // occupancy is a state: every bucket up to the end of the run (1 s), the empty reserve carried
                + "md->bs of X,0,0,1,1,0,1\n"
                + "md->bs of X,100000000,0,1,0,0,0\n"
                + "md->bs of X,200000000,0,1,0,0,0\n"
                + "md->bs of X,300000000,0,0,0,0,0\n"
                + "md->bs of X,400000000,0,0,0,0,1\n"
                + "md->bs of X,500000000,0,0,0,0,0\n"
                + "md->bs of X,600000000,0,0,0,0,0\n"
                + "md->bs of X,700000000,0,0,0,0,0\n"
                + "md->bs of X,800000000,0,0,0,0,0\n"
                + "md->bs of X,900000000,0,0,0,0,0\n"
                + "md->bs of X,1000000000,0,0,0,0,0\n");
        byte[] json = Files.readAllBytes(tmp.resolve("run-analysis.json"));
        RunReportFiles.write(report(), tmp);
        assertThat(Files.readAllBytes(tmp.resolve("run-analysis.json"))).isEqualTo(json);
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"deadlocks\" : [ \"T1 waits for mempool md->bs of X\\n  held by bio #3");
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted())
                    .containsExactlyElementsOf(RunReportFiles.NAMES.stream().sorted().toList());
        }
    }
}
