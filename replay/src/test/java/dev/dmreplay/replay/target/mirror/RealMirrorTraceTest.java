package dev.dmreplay.replay.target.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.kcopyd.DmIoClient;
import dev.dmreplay.replay.kcopyd.IoClass;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.target.raid1.RealRaid1TraceTest;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real two-leg dm-mirror capture ({@code traces/real-mirror}, kernel 6.1) replayed end to end: per leg, the
 * kmirrord writes (dm-io, class MIRROR_WRITE), discards and flushes the model issues equal the Q records of the
 * trace, and every read goes to the default leg as in the kernel.
 */
class RealMirrorTraceTest {
    private static final Path BUNDLE = Path.of("../traces/real-mirror");

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"MODERN", "DF", "RESC"})
    void everyWriteReachesBothLegsAndReadsStayOnTheDefaultLeg(Strategy st) throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null, st.knobs,
                MemoryPressure.parse("none"), 1, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults()));
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        Map<String, long[]> real = RealRaid1TraceTest.tracePerLeg(BUNDLE);
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        long[] top = real.get("mir");
        assertThat(r.submitted()).isEqualTo(r.completed()).isEqualTo(top[0] + top[1] + top[2] + top[3]);
        MirrorTarget.MirrorStats s = ((MirrorTarget) ((MappedDevice) p.machine().device("mir")).table().targets()
                .get(0)).stats();
        for (String leg : new String[] {"254:0", "254:16"}) {
            long[] k = real.get(leg.equals("254:0") ? "vda" : "vdb");
            long writes = 0;
            long writeSectors = 0;
            long flushes = 0;
            long discards = 0;
            for (DmIoClient.IoCount c : s.dmIo()) {
                if (!c.device().equals(leg) || c.cls() != IoClass.MIRROR_WRITE) {
                    continue;
                }
                // dm-io counts bios: flushes carry no sectors, discards are counted apart below
                writes += c.bios();
                writeSectors += c.sectors();
            }
            assertThat(writes).as(leg + " bios issued by kmirrord")
                    .isEqualTo(k[1] + k[2] + k[3]);
            assertThat(writeSectors).as(leg + " sectors written or discarded by kmirrord").isEqualTo(k[5] + k[6]);
            System.out.printf("%s %s: kmirrord bios %d (%d sectors) / kernel writes %d + discards %d + flushes %d;"
                    + " %s%n", st, leg, writes, writeSectors, k[1], k[2], k[3], s.legs());
        }
        assertThat(s.legs().get(0)).contains("reads=" + real.get("vda")[0]);
        assertThat(s.legs().get(1)).contains("reads=0");
        assertThat(real.get("vdb")[0]).isZero();
    }
}
