package dev.dmreplay.replay.target.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.kcopyd.DmIoClient;
import dev.dmreplay.replay.kcopyd.IoClass;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snapshot targets on small stacks: copies, tracked reads, several snapshots, full COW devices, merging. */
class SnapshotTargetTest {
    private static final String LEAVES = """
            id: t
            stack:
              leaves:
                - {name: sda, devno: "8:0", latency: 1ms}
                - {name: sdb, devno: "8:16", latency: 1ms}
                - {name: sdc, devno: "8:32", latency: 1ms}
            """;

    private record Run(Machine m, RunResult r) {
        DmSnapshot snap(String name) {
            return ((SnapshotTarget) ((MappedDevice) m.device(name)).table().targets().get(0)).snapshot();
        }

        Map<String, Long> io(String snap) {
            Map<String, Long> out = new LinkedHashMap<>();
            for (DmIoClient.IoCount c : snap(snap).workerIo()) {
                out.merge(c.device() + " " + c.cls() + " " + c.rwbs(), c.bios(), Long::sum);
            }
            return out;
        }
    }

    private static Run run(String table, String tasks, Strategy st) {
        Scenario s = ScenarioLoader.parse("test", LEAVES + "  table: |\n" + table.indent(4) + "workload:\n  mode: timed\n"
                + "  tasks:\n" + tasks.indent(4) + "pressure: none\n");
        Machine m = new Machine(s.stack(), st.knobs, s.pressure(), 1);
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(s.tasks(), s.mode()), ReplayRun.Options.defaults());
        return new Run(m, r);
    }

    private static final String ONE_SNAP = """
            snap: 0 1048576 snapshot 8:0 8:16 P 8
            base: 0 1048576 snapshot-origin 8:0
            """;

    @Test
    void anOriginWriteWaitsForTheCopyAndTheMetadataCommitThenGoesToTheOrigin() {
        Run x = run(ONE_SNAP, """
                - name: W
                  bios:
                    - {device: base, op: write, sector: 16, sectors: 8, at: 0}
                    - {device: base, op: write, sector: 16, sectors: 8, at: 20ms}
                - name: R
                  bios:
                    - {device: snap, op: read, sector: 16, sectors: 8, at: 40ms}
                    - {device: snap, op: read, sector: 64, sectors: 8, at: 40ms}
                """, Strategy.MODERN);
        assertThat(x.r().outcome()).isEqualTo(Outcome.FINE);
        assertThat(x.r().completed()).isEqualTo(4);
        // one copy only (the second write finds the exception), committed with PREFLUSH|FUA, then the held write
        assertThat(x.io("snap")).containsExactly(Map.entry("sda COPY_READ R", 1L), Map.entry("sdb COPY_WRITE W", 1L),
                Map.entry("sdb METADATA_WRITE FWFS", 1L), Map.entry("sda HELD_RESUBMIT W", 1L));
        DmSnapshot s = x.snap("snap");
        assertThat(s.complete).containsExactly(Map.entry(2L, 2L)); // chunk 2 -> COW chunk 2 (after header, area 0)
        assertThat(s.trackedReads).as("the read of chunk 8 went to the origin, tracked").isEqualTo(1);
        assertThat(s.status()).isEqualTo("24/" + x.m().device("sdb").capacity + " 16");
    }

    @Test
    void twoSnapshotsOfOneOriginBothGetTheirCopyAndTheWriteIsSplitAtTheSmallestChunk() {
        Run x = run("""
                big: 0 1048576 snapshot 8:0 8:16 N 16
                small: 0 1048576 snapshot 8:0 8:32 N 8
                base: 0 1048576 snapshot-origin 8:0
                """, """
                - name: W
                  bios:
                    - {device: base, op: write, sector: 0, sectors: 16, at: 0}
                """, Strategy.DF);
        assertThat(x.r().outcome()).isEqualTo(Outcome.FINE);
        assertThat(x.r().completed()).isEqualTo(1);
        // the 16-sector write is cut at 8 sectors: two origin pieces; small copies chunks 0 and 1, big chunk 0 once
        assertThat(x.io("small")).containsEntry("sda COPY_READ R", 2L).containsEntry("sdc COPY_WRITE W", 2L);
        assertThat(x.io("big")).containsEntry("sda COPY_READ R", 1L).containsEntry("sdb COPY_WRITE W", 1L);
        assertThat(x.snap("small").complete).hasSize(2);
        assertThat(x.snap("big").complete).hasSize(1);
    }

    @Test
    void aWholeChunkWriteToTheSnapshotSkipsTheCopy() {
        Run x = run(ONE_SNAP, """
                - name: W
                  bios:
                    - {device: snap, op: write, sector: 8, sectors: 8, at: 0}
                    - {device: snap, op: write, sector: 20, sectors: 4, at: 0}
                """, Strategy.DF);
        assertThat(x.r().completed()).isEqualTo(2);
        DmSnapshot s = x.snap("snap");
        assertThat(s.fullChunkWrites).isEqualTo(1);
        assertThat(s.taskIo()).extracting(DmIoClient.IoCount::cls).containsExactly(IoClass.FULL_CHUNK_WRITE);
        // the partial write of chunk 2 needs the copy and waits on pe->snapshot_bios
        assertThat(x.io("snap")).containsEntry("sda COPY_READ R", 1L).containsEntry("sdb HELD_RESUBMIT W", 1L);
        assertThat(s.snapshotWritesHeld).isEqualTo(1);
    }

    @Test
    void aFullCowDeviceInvalidatesTheSnapshotWhichThenFailsIoWhileTheOriginGoesOn() {
        Run x = run("""
                snap: 0 1048576 snapshot 8:0 /dev/mapper/cow N 8
                base: 0 1048576 snapshot-origin 8:0
                cow: 0 16 linear 8:16 0
                """, """
                - name: W
                  bios:
                    - {device: base, op: write, sector: 0, sectors: 8, at: 0}
                    - {device: base, op: write, sector: 8, sectors: 8, at: 10ms}
                    - {device: base, op: write, sector: 16, sectors: 8, at: 20ms}
                - name: R
                  bios:
                    - {device: snap, op: read, sector: 0, sectors: 8, at: 40ms}
                """, Strategy.MODERN);
        DmSnapshot s = x.snap("snap");
        assertThat(s.status()).isEqualTo("Invalid");
        assertThat(s.invalidated).startsWith("Invalidating snapshot: Unable to allocate exception.");
        assertThat(x.r().completed()).isEqualTo(4);
        assertThat(x.r().errors()).as("only the snapshot read fails").isEqualTo(1);
    }

    @Test
    void withOverflowSupportASnapshotWriteThatFindsTheCowFullOverflowsInsteadOfInvalidating() {
        Run x = run("""
                snap: 0 1048576 snapshot 8:0 /dev/mapper/cow PO 8
                cow: 0 24 linear 8:16 0
                """, """
                - name: W
                  bios:
                    - {device: snap, op: write, sector: 0, sectors: 8, at: 0}
                    - {device: snap, op: write, sector: 8, sectors: 8, at: 10ms}
                - name: R
                  bios:
                    - {device: snap, op: read, sector: 0, sectors: 8, at: 20ms}
                """, Strategy.DF);
        assertThat(x.snap("snap").status()).isEqualTo("Overflow");
        assertThat(x.r().errors()).as("the second write fails, the read of the copied chunk does not").isEqualTo(1);
        assertThat(x.r().completed()).isEqualTo(3);
    }

    @Test
    void persistentCommitsAreBatchedWhileOtherExceptionsAreInFlight() {
        Run x = run(ONE_SNAP, """
                - name: W
                  count: 8
                  bios:
                    - {device: base, op: write, sector: 0, sectors: 8, taskStride: 8, at: 0}
                """, Strategy.MODERN);
        assertThat(x.r().completed()).isEqualTo(8);
        Map<String, Long> io = x.io("snap");
        assertThat(io).containsEntry("sda COPY_READ R", 8L);
        assertThat(io.get("sdb METADATA_WRITE FWFS")).as("eight exceptions, fewer commits").isBetween(1L, 7L);
    }

    @Test
    void aMergeCopiesTheExceptionsBackAndQueuesWritesToTheChunksBeingMerged() {
        Scenario s = ScenarioLoader.parse("test", LEAVES + """
                  table: |
                    merge: 0 1048576 snapshot-merge 8:0 8:16 P 8
                workload:
                  mode: timed
                  tasks:
                    - name: W
                      bios:
                        - {device: merge, op: write, sector: 0, sectors: 8, at: 1ms}
                        - {device: merge, op: read, sector: 24, sectors: 8, at: 1ms}
                pressure: none
                """);
        Machine m = new Machine(s.stack(), Strategy.MODERN.knobs, s.pressure(), 1);
        SnapshotTarget t = (SnapshotTarget) ((MappedDevice) m.device("merge")).table().targets().get(0);
        t.preloadExceptions(0, 4); // chunks 0..3 are in the COW device, as after a snapshot's life
        assertThat(t.numFlushBios()).isEqualTo(2);
        RunResult r = ReplayRun.run(m, new SyntheticWorkload(s.tasks(), s.mode()), ReplayRun.Options.defaults());
        DmSnapshot snap = t.snapshot();
        assertThat(r.completed()).isEqualTo(2);
        assertThat(r.errors()).isZero();
        assertThat(r.endTimeNs()).as("four chunks in one copy, then the commit").isLessThan(10_000_000L);
        assertThat(snap.chunksMerged()).isEqualTo(4);
        assertThat(snap.mergeFinishedAt()).isPositive();
        assertThat(snap.complete).isEmpty();
        assertThat(snap.mergeState().writesQueued).as("the write to chunk 0 waited for the merge step").isEqualTo(1);
        // one copy of the four consecutive chunks back to the origin, then the shortened area committed
        assertThat(snap.kcopyd().dmIo().counts()).extracting(c -> c.device() + " " + c.cls() + " " + c.sectors())
                .contains("sdb COPY_READ 32", "sda COPY_WRITE 32");
    }

    @Test
    void theSnapshotLockingKnobPicksTheKcopydSubJobSizeOfItsEra() {
        Run old = run(ONE_SNAP, "- bios:\n    - {device: base, op: write, sector: 0, sectors: 8}\n", Strategy.DF);
        Run modern = run(ONE_SNAP, "- bios:\n    - {device: base, op: write, sector: 0, sectors: 8}\n", Strategy.MODERN);
        assertThat(old.snap("snap").kcopyd().subJobSectors()).isEqualTo(128);
        assertThat(modern.snap("snap").kcopyd().subJobSectors()).isEqualTo(1024);
        assertThat(old.snap("snap").cowCount).isNull();
        assertThat(modern.snap("snap").cowCount).isNotNull();
        assertThat(List.of(old.r().completed(), modern.r().completed())).containsExactly(1L, 1L);
    }
}
