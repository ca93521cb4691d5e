package dev.dmreplay.analyze.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.analyze.run.Obs;
import dev.dmreplay.analyze.run.RunAnalysis;
import dev.dmreplay.analyze.run.RunReport;
import dev.dmreplay.replay.observe.ObservationKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    private static RunReport run(String name, String strategy, long latency, boolean deadlock) {
        Obs o = new Obs().submit(0, "T1", 1, 8).alloc(0, "T1", "md->bs of X", 2, 15).top(latency, "T1", 1, latency)
                .submit(latency, "T1", 3, 8);
        if (!deadlock) {
            o.top(latency + 100, "T1", 3, 100);
        } else {
            o.add(latency + 100, ObservationKind.DEADLOCK, null, null, null, 0, 0, 0, 0, "chain");
        }
        RunAnalysis a = new RunAnalysis();
        o.feed(a);
        return a.report(name, Map.of("strategy", strategy), -1);
    }

    @Test
    void warnsWhenTheRunsReplayedDifferentTraces() {
        RunAnalysis a = new RunAnalysis();
        RunAnalysis b = new RunAnalysis();
        Comparison c = Comparison.of(List.of(a.report("x", Map.of("trace", "thin"), -1),
                b.report("y", Map.of("trace", "striped"), -1)));
        assertThat(c.traceWarning()).hasValueSatisfying(w -> assertThat(w).contains("2 different traces",
                "striped, thin"));
        assertThat(row(c, "run", "trace").values()).containsExactly("thin", "striped");
    }

    private static Comparison.Row row(Comparison c, String section, String metric) {
        return c.sections().stream().filter(s -> s.title().equals(section)).findFirst().orElseThrow().rows().stream()
                .filter(r -> r.metric().equals(metric)).findFirst().orElseThrow();
    }

    @Test
    void marksTheBestCompleteRunAndTies() {
        Comparison c = Comparison.of(List.of(run("a", "BARE", 50, true), run("b", "DF", 300, false),
                run("b", "HELP", 200, false)));
        assertThat(c.runs()).containsExactly("a", "b", "b#2");
        assertThat(c.sections()).extracting(Comparison.Section::title).containsExactly("run",
                "latency of top-level bios", "stalls and deadlocks", "pool md->bs of X");
        // the deadlocked run has the lowest Q2C but does not compete
        Comparison.Row max = row(c, "latency of top-level bios", "Q2C max");
        assertThat(max.values()).containsExactly(50L, 300L, 200L);
        assertThat(max.best()).containsExactly(false, false, true);
        Comparison.Row done = row(c, "latency of top-level bios", "completed");
        assertThat(done.values()).containsExactly(1L, 2L, 2L);
        assertThat(done.best()).containsExactly(false, true, true);
        // stalls: everybody competes
        Comparison.Row dl = row(c, "stalls and deadlocks", "deadlocks");
        assertThat(dl.best()).containsExactly(false, true, true);
        // equal values mark nothing, nor do rows without a direction
        assertThat(row(c, "pool md->bs of X", "reserve low-water").best()).containsOnly(false);
        assertThat(row(c, "run", "strategy").values()).containsExactly("BARE", "DF", "HELP");
        assertThat(c.sections().get(1).table().columnNames()).containsExactly("metric", "a", "b", "b#2");
        assertThat(c.sections().get(1).table().stringColumn("b#2").get(7)).isEqualTo("200 ns *");
        // a deadlocked run has no throughput at all (it would otherwise show what it did before it stopped)
        assertThat(row(c, "latency of top-level bios", "IOPS").values().get(0)).isNull();
        assertThat(row(c, "latency of top-level bios", "IOPS").values().get(1)).isNotNull();
        // CSV: raw numbers, the unit in its own column, the best runs in the last one
        String csv = ComparisonOutput.csv(c, c.sections().get(1));
        assertThat(csv).startsWith("metric,unit,a,b,b#2,best\n").contains("\nQ2C max,ns,50,300,200,b#2\n")
                .contains("\ncompleted,count,1,2,2,b;b#2\n").doesNotContain("*").doesNotContain(" ns");
        assertThat(c.traceWarning()).isEmpty();
        String text = ComparisonOutput.text(c);
        assertThat(text).contains("latency of top-level bios", "200 ns *").isEqualTo(ComparisonOutput.text(c));
    }

    @Test
    void csvNamesAreSlugs() {
        assertThat(ComparisonOutput.csvName("pool md->bs of vg0-lv0")).isEqualTo("compare-pool-md-bs-of-vg0-lv0.csv");
    }
}
