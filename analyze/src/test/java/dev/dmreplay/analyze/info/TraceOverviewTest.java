package dev.dmreplay.analyze.info;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.analyze.btt.Interval;
import dev.dmreplay.analyze.latency.Buckets;
import dev.dmreplay.analyze.latency.IntervalKey;
import dev.dmreplay.analyze.latency.LatencyDistribution;
import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.ReadOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** One pass over the bundled oracle-small trace: info, analysis and a timeline fed by the analysis's btt engine. */
class TraceOverviewTest {
    private static Path traces() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent().resolve("traces");
    }

    private static long total(Buckets b) {
        long n = 0;
        for (int i = 0; i < b.size(); i++) {
            n += b.count(i);
        }
        return n;
    }

    @Test
    void theTimelineSeesEverySampleOfTheAnalysisEngine() throws Exception {
        TraceOverview o;
        try (OpenedTrace t = TraceOpener.open(traces().resolve("oracle-small"), ReadOptions.STRICT, null)) {
            o = TraceOverview.read(t);
        }
        assertThat(o.info().events()).isEqualTo(8540);
        assertThat(o.info().dm()).containsKey("vg0-lv0");
        LatencyDistribution q2c = o.analysis().stats().distributions()
                .get(new IntervalKey(Interval.Q2C, IntervalKey.ALL_DEVICES));
        LatencyDistribution d2c = o.analysis().stats().distributions()
                .get(new IntervalKey(Interval.D2C, IntervalKey.ALL_DEVICES));
        assertThat(q2c.count()).isPositive();
        assertThat(total(o.timeline().q2c())).isEqualTo(q2c.count());
        assertThat(total(o.timeline().d2c())).isEqualTo(d2c.count());
        // the trace is 73 ms long: every sample lies in the first 74 one-millisecond buckets
        assertThat(o.timeline().q2c().widthNs()).isEqualTo(1_000_000L);
        assertThat(o.timeline().q2c().size()).isBetween(70, 74);
        assertThat(o.timeline().depth()).isNotEmpty();
    }
}
