package dev.dmreplay.replay.target.raid1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real dm-raid raid1 capture ({@code traces/real-raid1}, kernel 6.1) replayed end to end: the application bios
 * are the Q events of the dm device only (the legs' Q events are md's own I/O and are made again by the model),
 * and per leg the model issues what the kernel issued: every write, discard and flush on both legs, with the
 * same counts and sectors as the trace's Q events on vda and vdb, and as many reads in total.
 */
public class RealRaid1TraceTest {
    private static final Path BUNDLE = Path.of("../traces/real-raid1");

    /**
     * Q events per device and class, from a trace itself: [reads, writes, discards, empty flushes, read sectors,
     * written sectors, discarded sectors].
     */
    public static Map<String, long[]> tracePerLeg(Path bundle) throws Exception {
        Map<String, long[]> m = new TreeMap<>();
        try (OpenedTrace ot = TraceOpener.open(bundle, ReadOptions.STRICT, null)) {
            EventSource src = ot.events();
            BlockEvent e;
            while ((e = src.next()) != null) {
                if (e.isNotify() || e.kind() != Action.QUEUE) {
                    continue;
                }
                String dev = ot.deviceName(e.dev());
                long[] c = m.computeIfAbsent(dev, k -> new long[7]);
                int a = e.action();
                if ((a & Category.DISCARD) != 0) {
                    c[2]++;
                    c[6] += e.sectors();
                } else if ((a & Category.FLUSH) != 0 && e.sectors() == 0) {
                    c[3]++;
                } else if ((a & Category.WRITE) != 0) {
                    c[1]++;
                    c[5] += e.sectors();
                } else {
                    c[0]++;
                    c[4] += e.sectors();
                }
            }
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"MODERN", "DF", "RESC"})
    void everyWriteDiscardAndFlushReachesBothLegsAsInTheKernel(Strategy st) throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null, st.knobs,
                MemoryPressure.parse("none"), 1, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults()));
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        Map<String, long[]> real = tracePerLeg(BUNDLE);
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.submitted()).as("application bios = Q events on the dm device").isEqualTo(r.completed())
                .isEqualTo(real.get("r1")[0] + real.get("r1")[1] + real.get("r1")[2] + real.get("r1")[3]);
        Raid1Conf.Raid1Stats s = ((RaidTarget) ((MappedDevice) p.machine().device("r1")).table().targets().get(0))
                .conf().stats();
        long modelReads = 0;
        long realReads = 0;
        for (Raid1Conf.LegStats leg : s.legs()) {
            long[] k = real.get(leg.dev().equals("254:0") ? "vda" : "vdb");
            assertThat(leg.writes()).as(leg.dev() + " writes").isEqualTo(k[1]);
            assertThat(leg.writeSectors()).as(leg.dev() + " written sectors").isEqualTo(k[5]);
            assertThat(leg.discards()).as(leg.dev() + " discards").isEqualTo(k[2]);
            assertThat(leg.flushes()).as(leg.dev() + " flushes").isEqualTo(k[3]);
            modelReads += leg.reads();
            realReads += k[0];
            System.out.printf("%s %s: model reads %d (%d sectors) / kernel %d (%d sectors); writes %d / %d%n", st,
                    leg.dev(), leg.reads(), leg.readSectors(), k[0], k[4], leg.writes(), k[1]);
        }
        assertThat(modelReads).isEqualTo(realReads);
    }
}
