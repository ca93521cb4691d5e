package dev.dmreplay.replay.target.raid1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model's {@code read_balance} against the kernel's own decisions in the real dm-raid raid1 capture
 * ({@code traces/real-raid1}, 6.1, rotational virtio legs): at every read the kernel queued on a leg, the mirrors
 * are given the state the kernel's had then, read off the legs' records (reads in flight, the head position left
 * by the last completion, the next sequential sector of the last read sent there), and the model must choose the
 * leg the kernel chose. This separates the rule from timing: the replay's split (model 616/312 against the
 * kernel's 718/210) comes from when reads complete in the model, not from the choice made with a given state.
 */
class ReadBalanceAgainstKernelTest {
    private static final Path BUNDLE = Path.of("../traces/real-raid1");

    @Test
    void theModelChoosesTheKernelsLegGivenTheKernelsState() throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null, Strategy.MODERN.knobs,
                MemoryPressure.none(), 1, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults()));
        Raid1Conf conf = ((RaidTarget) ((MappedDevice) p.machine().device("r1")).table().targets().get(0)).conf();
        List<BlockEvent> legs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (OpenedTrace ot = TraceOpener.open(BUNDLE, ReadOptions.STRICT, null)) {
            EventSource src = ot.events();
            BlockEvent e;
            while ((e = src.next()) != null) {
                if (e.isNotify() || e.kind() != Action.QUEUE && e.kind() != Action.COMPLETE) {
                    continue;
                }
                String n = ot.deviceName(e.dev());
                if (n.equals("vda") || n.equals("vdb")) {
                    legs.add(e);
                    names.add(n);
                }
            }
        }
        Integer[] order = new Integer[legs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingLong(i -> legs.get(i).time()));
        int[] pending = new int[2];
        long[] head = new long[2];
        long[] nextSeq = {-1, -1};
        int reads = 0;
        int agree = 0;
        int[] kernelReads = new int[2];
        for (int i : order) {
            BlockEvent e = legs.get(i);
            int leg = names.get(i).equals("vda") ? 0 : 1;
            boolean read = e.rwbs().startsWith("R");
            if (e.kind() == Action.QUEUE && read) {
                for (int d = 0; d < 2; d++) {
                    conf.mirrors[d].pending = pending[d];
                    conf.mirrors[d].headPosition = head[d];
                    conf.mirrors[d].nextSeqSect = nextSeq[d];
                }
                int chosen = conf.readBalance(e.sector(), e.sectors());
                reads++;
                kernelReads[leg]++;
                if (chosen == leg) {
                    agree++;
                }
                pending[leg]++;
                nextSeq[leg] = e.sector() + e.sectors();
            } else if (e.kind() == Action.COMPLETE && e.sectors() > 0) {
                if (read) {
                    pending[leg]--;
                }
                head[leg] = e.sector() + e.sectors();
            }
        }
        System.out.printf("READ_BALANCE kernel vda %d vdb %d; model agrees on %d of %d%n", kernelReads[0],
                kernelReads[1], agree, reads);
        assertThat(reads).isEqualTo(928);
        assertThat(kernelReads).containsExactly(718, 210);
        // all but one: the state is read off the legs' Q and C records, not taken at the moment read_balance ran,
        // so it can be slightly off for a read racing another (the one differing read was not investigated)
        assertThat(agree).isGreaterThanOrEqualTo(927);
    }
}
