package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real 6.1 thin snapshot capture (traces/real-thin-snap) replayed from the pool state its
 * {@code thin-dump-before.xml} records: thin0 and its snapshot thin1 share data blocks 0-767. The kernel's trace
 * has 489 kcopyd copy reads (partial writes breaking sharing) and 20 discards passed down to tdata.
 */
class ThinSnapshotTraceTest {
    private static final Path BUNDLE = Path.of("../traces/real-thin-snap");

    private static TraceReplay.Setup setup(Path trace) {
        return new TraceReplay.Setup(trace, null, Strategy.MODERN.knobs, MemoryPressure.none(), 1,
                ReplayMode.parse("timed", 32), Map.of(), 0, 0, false, ReplayRun.Options.defaults());
    }

    private static ThinPool pool(TraceReplay.Prepared p) {
        for (BlockDevice d : p.machine().devices()) {
            if (d instanceof MappedDevice md && md.table().targets().get(0) instanceof ThinPoolTarget pt) {
                return pt.pool();
            }
        }
        throw new AssertionError("no pool");
    }

    @Test
    void theBundlesDumpSeedsThePoolAndSharingBreaksAsInTheKernel() throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(setup(BUNDLE));
        assertThat(p.notes()).contains("thin-pool pool starts from " + BUNDLE.resolve("thin-dump-before.xml")
                + ": 2 devices, 1536 mappings, 768/4096 data blocks in use, snapshot time 1");
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.completed()).isEqualTo(r.submitted());
        ThinPool.Stats s = pool(p).stats();
        assertThat(s.copies).as("kcopyd copy reads: the kernel's 489").isEqualTo(489);
        assertThat(s.discardsPassedDown).as("discards passed to tdata: the kernel's 20").isEqualTo(20);
        assertThat(s.unprovisionedReads).as("thin1's reads of its first 48 MiB are mapped").isLessThan(300);
    }

    @Test
    void anExplicitDumpReplacesTheBundlesAndABadOneIsRefused(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty.xml");
        Files.writeString(empty, """
                <superblock uuid="" time="0" transaction="0" flags="0" version="2" data_block_size="128" nr_data_blocks="0">
                  <device dev_id="0" mapped_blocks="0" transaction="0" creation_time="0" snap_time="0"/>
                  <device dev_id="1" mapped_blocks="0" transaction="0" creation_time="0" snap_time="0"/>
                </superblock>
                """);
        TraceReplay.Prepared p = TraceReplay.prepare(setup(BUNDLE).withThinMetadata(empty));
        assertThat(p.notes()).anyMatch(n -> n.startsWith("thin-pool pool starts from " + empty + ": 2 devices, 0"));
        assertThat(pool(p).meta.lookup(1, 0)).isNull();

        Path wide = dir.resolve("wide.xml");
        Files.writeString(wide, Files.readString(empty).replace("data_block_size=\"128\"", "data_block_size=\"256\""));
        assertThatThrownBy(() -> TraceReplay.prepare(setup(BUNDLE).withThinMetadata(wide)))
                .isInstanceOf(TableFormatException.class)
                .hasMessage(wide + ": data_block_size is 256 sectors, but thin-pool pool has 128-sector blocks:"
                        + " expected the dump of a pool with the same block size");
        assertThatThrownBy(() -> TraceReplay.prepare(setup(BUNDLE).withThinMetadata(dir.resolve("none.xml"))))
                .isInstanceOf(TableFormatException.class).hasMessageContaining("none.xml: no such file");
    }

    @Test
    void aBundleWithoutADumpStartsEmpty() throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(setup(Path.of("../traces/thin")));
        assertThat(p.notes()).noneMatch(n -> n.contains("starts from"));
        assertThat(pool(p).meta.dataBlocksInUse()).isZero();
    }
}
