package dev.dmreplay.replay.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observation levels are filters of the one stream: at {@code pools} the model emits exactly the pool, wait
 * and rescue observations a full run emits (same order, same fields) and nothing per bio; at {@code summary}
 * nothing; the run itself (its result) is the same at every level. The striped trace under hard pressure with
 * RESC makes allocations fail, tasks sleep and bios punt, so every kept kind is exercised.
 */
class ObserveLevelTest {
    private static final Path STRIPED = Path.of("src/test/resources/traces/striped");

    private record Run(List<Observation> seen, RunResult result) {
    }

    private static Run run(ObserveLevel level) throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(STRIPED, null, Strategy.RESC.knobs,
                MemoryPressure.parse("hard"), 7, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults()));
        List<Observation> seen = new ArrayList<>();
        p.machine().kernel.observe(level);
        p.machine().kernel.addListener(seen::add);
        return new Run(seen, p.run(null, ReplayRun.Options.defaults()));
    }

    @Test
    void poolsKeepsExactlyThePoolWaitAndRescueObservationsOfAFullRun() throws Exception {
        Run all = run(ObserveLevel.ALL);
        Run pools = run(ObserveLevel.POOLS);
        Run summary = run(ObserveLevel.SUMMARY);
        EnumSet<ObservationKind> kinds = EnumSet.noneOf(ObservationKind.class);
        all.seen().forEach(o -> kinds.add(o.kind()));
        assertThat(kinds).contains(ObservationKind.SUBMIT, ObservationKind.REMAP, ObservationKind.DISPATCH,
                ObservationKind.ALLOC, ObservationKind.FREE, ObservationKind.ALLOC_FAIL, ObservationKind.WAIT_BEGIN,
                ObservationKind.PUNT, ObservationKind.RESCUE);
        List<Observation> filtered = all.seen().stream().filter(o -> ObserveLevel.POOLS.records(o.kind())).toList();
        assertThat(filtered).isNotEmpty().hasSizeLessThan(all.seen().size() / 2);
        assertThat(pools.seen()).isEqualTo(filtered);
        assertThat(summary.seen()).isEmpty();
        assertThat(pools.result()).isEqualTo(all.result());
        assertThat(summary.result()).isEqualTo(all.result());
    }

    @Test
    void levelsParseTheirLabelsAndSayWhatIsMissing() {
        assertThat(ObserveLevel.parse("pools")).isEqualTo(ObserveLevel.POOLS);
        assertThat(ObserveLevel.parse(" SUMMARY ")).isEqualTo(ObserveLevel.SUMMARY);
        assertThatThrownBy(() -> ObserveLevel.parse("some")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected all, pools or summary, not 'some'");
        assertThat(ObserveLevel.ALL.kinds()).isEqualTo(EnumSet.allOf(ObservationKind.class));
        assertThat(ObserveLevel.SUMMARY.kinds()).isEmpty();
        assertThat(ObserveLevel.POOLS.records(ObservationKind.SUBMIT)).isFalse();
        assertThat(ObserveLevel.POOLS.records(ObservationKind.FREE)).isTrue();
        assertThat(ObserveLevel.ALL.notRecorded()).isEmpty();
        assertThat(ObserveLevel.POOLS.notRecorded()).startsWith("observations not recorded at level pools")
                .contains("SUBMIT, COMPLETE");
        assertThat(ObserveLevel.ALL.footer()).isEmpty();
        assertThat(ObserveLevel.ofFooter(Map.of())).isEqualTo(ObserveLevel.ALL);
        assertThat(ObserveLevel.ofFooter(ObserveLevel.POOLS.footer())).isEqualTo(ObserveLevel.POOLS);
    }

    @Test
    void aPoolsFileSaysItsLevelInTheFooterAndAFullFileSaysNothing(@TempDir Path dir) throws Exception {
        Path full = dir.resolve("all.parquet");
        Path pools = dir.resolve("pools.parquet");
        try (ParquetObservationWriter w = new ParquetObservationWriter(full)) {
            w.on(new Observation(1, ObservationKind.ALLOC, "t", null, "p", 1, 0, 0, 3, null,
                    Facts.pool(new PoolRef("p", PoolKind.MEMPOOL))));
        }
        try (ParquetObservationWriter w = new ParquetObservationWriter(pools, ObserveLevel.POOLS.footer())) {
            w.on(new Observation(1, ObservationKind.ALLOC, "t", null, "p", 1, 0, 0, 3, null,
                    Facts.pool(new PoolRef("p", PoolKind.MEMPOOL))));
        }
        try (ObservationReader r = ObservationReader.open(full)) {
            assertThat(r.footer()).doesNotContainKey(ObserveLevel.FOOTER_KEY);
            assertThat(ObserveLevel.ofFooter(r.footer())).isEqualTo(ObserveLevel.ALL);
        }
        try (ObservationReader r = ObservationReader.open(pools)) {
            assertThat(ObserveLevel.ofFooter(r.footer())).isEqualTo(ObserveLevel.POOLS);
        }
        assertThat(Files.size(pools)).isPositive();
    }
}
