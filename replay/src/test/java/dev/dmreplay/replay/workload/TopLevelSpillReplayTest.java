package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.place.Fit;
import dev.dmreplay.ingest.place.Sampling;
import dev.dmreplay.ingest.place.TimeWindow;
import dev.dmreplay.ingest.place.TraceShaping;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A replay whose bios were picked while the survey read the trace ({@link TopLevelSpill}) is the replay that reads
 * the trace again: the same result, observations and counts, also with a window, a sample, or a run stopped early;
 * stacks whose targets issue their own I/O read the trace again.
 */
class TopLevelSpillReplayTest {
    private static Path bundle(String name) {
        return QueueAccountingTest.traces().resolve(name);
    }

    /** Everything a run shows, with the spill read or dropped. */
    private static List<String> replay(TraceReplay.Setup s, boolean spill) throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(s);
        if (!spill) {
            p.workload().dropSpill();
        }
        assertThat(p.workload().readsSpill()).isEqualTo(spill);
        List<String> out = new ArrayList<>(RunTranscript.of(p, s));
        out.addAll(p.placementLines());
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"real-striped", "real-crypt-striped", "real-linear", "real-stacked", "real-concat",
            "real-delay", "linear-small", "oracle-small"})
    void aReplayIsTheSameWithTheBiosPickedInTheSurvey(String name) throws Exception {
        TraceReplay.Setup s = TraceReplay.Setup.builder(bundle(name)).knobs(Strategy.DF.knobs).build();
        List<String> reread = replay(s, false);
        assertThat(reread.size()).isGreaterThan(100);
        assertThat(replay(s, true)).isEqualTo(reread);
    }

    @ParameterizedTest
    @ValueSource(strings = {"window", "sample", "stopped"})
    void shapedOrStoppedRunsAreTheSame(String how) throws Exception {
        TraceReplay.Setup.Builder b = TraceReplay.Setup.builder(bundle("real-striped")).knobs(Strategy.DF.knobs);
        switch (how) {
            case "window" -> b.shaping(new TraceShaping(null, Fit.WRAP, new TimeWindow(500_000_000L, 2_000_000_000L),
                    Sampling.ALL));
            case "sample" -> b.shaping(new TraceShaping(null, Fit.WRAP, TimeWindow.ALL,
                    new Sampling(0.3, Sampling.Unit.IO))).seed(9);
            default -> b.options(new ReplayRun.Options(1_000_000_000L, 1_000_000_000L));
        }
        TraceReplay.Setup s = b.build();
        List<String> reread = replay(s, false);
        assertThat(replay(s, true)).isEqualTo(reread);
    }

    @ParameterizedTest
    @ValueSource(strings = {"real-snapshot2", "real-thin-snap", "real-mirror", "real-raid1", "real-cache"})
    void stacksIssuingTheirOwnIoReadTheTraceAgain(String name) throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(TraceReplay.Setup.builder(bundle(name))
                .knobs(Strategy.DF.knobs).build());
        assertThat(p.workload().readsSpill()).isFalse();
    }
}
