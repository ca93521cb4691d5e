package dev.dmreplay.replay.target.crypt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.target.KernelRemaps;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real 6.1 crypt-over-linear capture (traces/crypt-linear) replayed end to end: every bio dm-crypt sent to
 * its lower device in the kernel (the 'A' records from crypt) is sent by the model too, with the same device,
 * sector and size, and nothing else is.
 */
class RealCryptTraceTest {
    private static final Path BUNDLE = Path.of("../traces/crypt-linear");

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"MODERN", "DF", "BARE"})
    void cryptDataBiosMatchTheKernelExactly(Strategy s) throws Exception {
        Map<String, Integer> kernel = KernelRemaps.from(BUNDLE, "crypt");
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null, s.knobs, MemoryPressure.none(),
                1, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false, ReplayRun.Options.defaults()));
        Map<String, Integer> model = new TreeMap<>();
        p.machine().kernel.addListener(o -> {
            if (o.kind() == ObservationKind.REMAP && "crypt".equals(o.device())) {
                model.merge(KernelRemaps.key(o.resource(), o.sector(), o.sectors()), 1, Integer::sum);
            }
        });
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.completed()).isEqualTo(r.submitted()).isEqualTo(2718);
        long k = KernelRemaps.total(kernel);
        assertThat(k).isEqualTo(2718);
        assertThat(KernelRemaps.matched(kernel, model)).isEqualTo(k);
        assertThat(KernelRemaps.total(model)).isEqualTo(k);
    }
}
