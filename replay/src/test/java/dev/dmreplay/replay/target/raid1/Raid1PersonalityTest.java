package dev.dmreplay.replay.target.raid1;

import static dev.dmreplay.replay.TestStacks.dm;
import static dev.dmreplay.replay.TestStacks.leaf;
import static dev.dmreplay.replay.TestStacks.line;
import static dev.dmreplay.replay.TestStacks.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.stack.StackSpec;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.BioRequest;
import dev.dmreplay.replay.workload.ReplayMode;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** md raid1 under dm-raid: resync copy I/O, the write-intent bitmap's own I/O, a failing leg. */
class Raid1PersonalityTest {
    private static final long MS = 1_000_000L;

    private record Ran(RunResult result, Raid1Conf.Raid1Stats stats, List<Observation> dispatches) {
    }

    private static Ran run(StackSpec spec, Strategy st, List<BioRequest> reqs) {
        return run(spec, st, reqs, false);
    }

    private static Ran run(StackSpec spec, Strategy st, List<BioRequest> reqs, boolean plugging) {
        Machine m = new Machine(spec, st.knobs, MemoryPressure.parse("none"), 1);
        m.layer.plugging(plugging);
        List<Observation> d = new ArrayList<>();
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.DISPATCH) {
                d.add(o);
            }
        });
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(List.of(new SyntheticWorkload.TaskPlan("T1", reqs)),
                ReplayMode.timed()), ReplayRun.Options.defaults());
        Raid1Conf conf = ((RaidTarget) ((MappedDevice) m.device("R")).table().targets().get(0)).conf();
        return new Ran(r, conf.stats(), d);
    }

    private static long sectorsTo(List<Observation> d, String dev) {
        return d.stream().filter(o -> o.device().equals(dev)).mapToLong(Observation::sectors).sum();
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"BARE", "DF", "MODERN"})
    void aNewArrayOnMetadataDevicesResyncsReadingTheFirstLegAndWritingTheOther(Strategy st) {
        StackSpec spec = stack(List.of(leaf("sda", "8:0", MS), leaf("sdb", "8:16", MS), leaf("sdc", "8:32", MS),
                        leaf("sdd", "8:48", MS)),
                dm("R", line(0, 4096, "raid", "raid1", "3", "0", "region_size", "1024", "2", "8:32", "8:0", "8:48",
                        "8:16")));
        Ran r = run(spec, st, List.of(new BioRequest(50 * MS, "R", Op.WRITE, 0, 0, 8)));
        assertThat(r.result().outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.stats().resyncWindows()).isEqualTo(4096 / 128);
        assertThat(r.stats().resyncSectors()).isEqualTo(4096);
        Raid1Conf.LegStats a = r.stats().legs().get(0);
        Raid1Conf.LegStats b = r.stats().legs().get(1);
        assertThat(a.resyncReads()).isEqualTo(32);
        assertThat(a.resyncWrites()).isZero();
        assertThat(b.resyncReads()).isZero();
        assertThat(b.resyncWrites()).isEqualTo(32);
        // the resync copy plus the one 8-sector write, on each leg
        assertThat(sectorsTo(r.dispatches(), "sda")).isEqualTo(4096 + 8);
        assertThat(sectorsTo(r.dispatches(), "sdb")).isEqualTo(4096 + 8);
        assertThat(b.state()).isEqualTo("In_sync");
    }

    /**
     * With plugging (trace replays), the resync thread's plug ({@code md_do_sync}) merges the window reads and
     * raid1d's plug (v6.1 {@code raid1d}: {@code blk_start_plug} around its loop) merges the window writes that
     * {@code sync_request_write} issues for the windows one completed read request handed it: far fewer commands
     * than windows on both legs, every sector still copied once.
     */
    @Test
    void underPluggingTheResyncReadsAndRaid1dsWindowWritesMergeIntoRequests() {
        StackSpec spec = stack(List.of(leaf("sda", "8:0", MS), leaf("sdb", "8:16", MS), leaf("sdc", "8:32", MS),
                        leaf("sdd", "8:48", MS)),
                dm("R", line(0, 4096, "raid", "raid1", "3", "0", "region_size", "1024", "2", "8:32", "8:0", "8:48",
                        "8:16")));
        Ran r = run(spec, Strategy.MODERN, List.of(new BioRequest(50 * MS, "R", Op.WRITE, 0, 0, 8)), true);
        assertThat(r.result().outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.stats().legs().get(1).resyncWrites()).as("windows written").isEqualTo(32);
        assertThat(sectorsTo(r.dispatches(), "sda")).isEqualTo(4096 + 8);
        assertThat(sectorsTo(r.dispatches(), "sdb")).isEqualTo(4096 + 8);
        long readCommands = r.dispatches().stream().filter(o -> o.device().equals("sda")).count();
        long writeCommands = r.dispatches().stream().filter(o -> o.device().equals("sdb")).count();
        assertThat(readCommands).as("resync reads merged under md_do_sync's plug").isLessThan(16);
        assertThat(writeCommands).as("window writes merged under raid1d's plug").isLessThan(16);
        assertThat(r.stats().legs().get(1).state()).isEqualTo("In_sync");
    }

    /** dm-raid v6.1 without metadata devices leaves recovery_cp at MaxSector: no resync, with or without nosync. */
    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"BARE", "DF", "MODERN"})
    void anArrayWithoutMetadataDevicesStartsInSyncAndNeverResyncs(Strategy st) {
        for (String[] opts : List.of(new String[] {"3", "0", "region_size", "1024"},
                new String[] {"4", "0", "region_size", "1024", "nosync"})) {
            List<String> args = new ArrayList<>(List.of("raid1"));
            args.addAll(List.of(opts));
            args.addAll(List.of("2", "-", "8:0", "-", "8:16"));
            StackSpec spec = stack(List.of(leaf("sda", "8:0", MS), leaf("sdb", "8:16", MS)),
                    dm("R", line(0, 4096, "raid", args.toArray(new String[0]))));
            Ran r = run(spec, st, List.of(new BioRequest(MS, "R", Op.WRITE, 0, 0, 8),
                    new BioRequest(2 * MS, "R", Op.READ, 0, 64, 8)));
            assertThat(r.result().outcome()).isEqualTo(Outcome.FINE);
            assertThat(r.stats().resyncWindows()).as(String.join(" ", opts)).isZero();
            assertThat(r.stats().bitmapPageWrites()).isZero();
            assertThat(sectorsTo(r.dispatches(), "sda") + sectorsTo(r.dispatches(), "sdb"))
                    .as("the write on both legs and the read on one, nothing else").isEqualTo(8 + 8 + 8);
            assertThat(r.stats().legs()).allMatch(l -> l.state().equals("In_sync"));
        }
    }

    @Test
    void rebuildWithoutMetadataDevicesRecoversTheNamedLeg() {
        StackSpec spec = stack(List.of(leaf("sda", "8:0", MS), leaf("sdb", "8:16", MS)),
                dm("R", line(0, 4096, "raid", "raid1", "5", "0", "region_size", "1024", "rebuild", "1", "2", "-",
                        "8:0", "-", "8:16")));
        Ran r = run(spec, Strategy.MODERN, List.of(new BioRequest(50 * MS, "R", Op.WRITE, 0, 0, 8)));
        assertThat(r.result().outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.stats().legs().get(1).resyncWrites()).isEqualTo(32);
        assertThat(r.stats().legs().get(0).resyncReads()).isEqualTo(32);
    }

    /**
     * A new bitmap (nosync on blank metadata devices) starts with every bit set; the daemon clears them in two
     * passes (5 s, 10 s) and writes the page. A later write then sets its chunk's bit: the page (one 512-byte
     * block: a 256-byte bitmap superblock and 4 bits) goes to both metadata devices before the data.
     */
    @Test
    void aNewBitmapIsAllSetThenAWriteAfterTheDaemonClearedItWritesThePageBeforeTheData() {
        StackSpec spec = stack(List.of(leaf("sda", "8:0", MS), leaf("sdb", "8:16", MS), leaf("sdc", "8:32", MS),
                        leaf("sdd", "8:48", MS)),
                dm("R", line(0, 4096, "raid", "raid1", "4", "0", "region_size", "1024", "nosync", "2", "8:32", "8:0",
                        "8:48", "8:16")));
        long t0 = 11_000 * MS;
        Ran r = run(spec, Strategy.MODERN, List.of(new BioRequest(t0, "R", Op.WRITE, 0, 100, 8),
                new BioRequest(t0 + MS, "R", Op.WRITE, 0, 200, 8)));
        assertThat(r.result().outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.stats().resyncWindows()).as("nosync").isZero();
        List<String> order = r.dispatches().stream().filter(o -> o.time() >= t0).map(Observation::device).toList();
        assertThat(order.subList(0, 2)).containsExactlyInAnyOrder("sdc", "sdd");
        assertThat(order.subList(2, 4)).containsExactlyInAnyOrder("sda", "sdb");
        assertThat(r.stats().bitmapBitsSet()).as("one region, dirtied once after the clear").isEqualTo(1);
        assertThat(r.stats().bitmapBitsCleared()).as("4 chunks of the new bitmap, then the written one")
                .isEqualTo(5);
        assertThat(r.dispatches().stream().filter(o -> o.device().equals("sdc")
                && o.sector() == WriteIntentBitmap.BITMAP_OFFSET_SECTORS)).isNotEmpty()
                .allMatch(o -> o.sectors() == 1);
    }

    @Test
    void aFailingLegBecomesFaultyAndTheArrayCarriesOnWithTheOther() {
        StackSpec spec = stack(List.of(leaf("sda", "8:0", MS)),
                dm("E", line(0, 4096, "error")),
                dm("R", line(0, 4096, "raid", "raid1", "4", "0", "region_size", "1024", "nosync", "2", "-", "8:0", "-",
                        "/dev/mapper/E")));
        Ran r = run(spec, Strategy.MODERN, List.of(new BioRequest(MS, "R", Op.WRITE, 0, 0, 8),
                new BioRequest(5 * MS, "R", Op.WRITE, 0, 8, 8), new BioRequest(9 * MS, "R", Op.READ, 0, 8, 8)));
        assertThat(r.result().outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.result().errors()).as("md hides the failed leg from the upper layer").isZero();
        assertThat(r.stats().legs().get(1).state()).isEqualTo("Faulty");
        assertThat(r.stats().legs().get(1).writes()).as("only the first write went to the error leg").isEqualTo(1);
        assertThat(r.stats().legs().get(0).writes()).isEqualTo(2);
        assertThat(r.stats().legs().get(0).reads()).isEqualTo(1);
    }
}
