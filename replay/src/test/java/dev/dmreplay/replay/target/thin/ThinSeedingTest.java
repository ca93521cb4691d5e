package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.thin.ThinDump;
import dev.dmreplay.ingest.thin.ThinDumpReader;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.stack.Machine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pool seeded from a {@code thin_dump} (a 64-block pool, 64 KiB blocks): thin0 (id 0) and its snapshot thin1
 * (id 1) both map virtual blocks 0-3 to data blocks 10-13, made at time 0 and snapshotted at time 1, as
 * {@code create_snap} leaves them. Reads of the snapshot go to the shared blocks; partial writes break sharing
 * with a kcopyd copy into the first free block after the ones in use; sharing is the kernel's answer by time.
 */
class ThinSeedingTest {
    private static final String TABLE = """
            pool: 0 8192 thin-pool 8:0 8:16 128 0 0
            thin0: 0 65536 thin /dev/mapper/pool 0
            thin1: 0 65536 thin /dev/mapper/pool 1
            """;

    static String dump(int blockSize, String devices) {
        return """
                <superblock uuid="" time="1" transaction="0" flags="0" version="2" data_block_size="%d" nr_data_blocks="0">
                %s</superblock>
                """.formatted(blockSize, devices);
    }

    private static final String SHARED = """
              <device dev_id="0" mapped_blocks="4" transaction="0" creation_time="0" snap_time="1">
                <range_mapping origin_begin="0" data_begin="10" length="4" time="0"/>
              </device>
              <device dev_id="1" mapped_blocks="4" transaction="0" creation_time="1" snap_time="1">
                <range_mapping origin_begin="0" data_begin="10" length="4" time="0"/>
              </device>
            """;

    static ThinDump parse(String xml) {
        return ThinDumpReader.read("before.xml", new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private record Run(ThinPool pool, RunResult result, List<Observation> dispatches, String note) {
        boolean dispatched(String op, long sector, int sectors) {
            return dispatches.stream().anyMatch(o -> o.rwbs().startsWith(op) && o.sector() == sector
                    && o.sectors() == sectors);
        }
    }

    private static Scenario scenario(String bios) {
        return ThinTestStack.scenario("thin-seeded", TABLE, bios);
    }

    private static Machine machine(Scenario s) {
        return ThinTestStack.machine(s);
    }

    private static Run run(String bios) {
        Scenario s = scenario(bios);
        Machine m = machine(s);
        String note = ThinSeeding.seed(m.devices(), parse(dump(128, SHARED)));
        List<Observation> disp = new ArrayList<>();
        m.kernel.addListener(o -> {
            if (o.kind() == ObservationKind.DISPATCH && o.device().equals("sdd")) {
                disp.add(o);
            }
        });
        RunResult r = ThinTestStack.runToCompletion(m, s);
        return new Run(ThinTestStack.pool(m), r, disp, note);
    }

    @Test
    void aReadOfTheSnapshotGoesToTheSharedDataBlock() {
        Run x = run("""
                - count: 1
                  bios:
                    - {device: thin1, op: read, sector: 200, sectors: 8, at: 0}
                """);
        assertThat(x.note).isEqualTo("thin-pool pool starts from before.xml: 2 devices, 8 mappings, 4/64 data blocks"
                + " in use, snapshot time 1");
        assertThat(x.pool.stats.unprovisionedReads).isZero();
        assertThat(x.pool.stats.copies).isZero();
        // virtual block 1, 72 sectors in: data block 11 (sector 1408) + 72
        assertThat(x.dispatched("R", 1480, 8)).as("dispatches %s", x.dispatches).isTrue();
    }

    @Test
    void aPartialWriteToASharedBlockCopiesItIntoTheFirstFreeBlock() {
        Run x = run("""
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 264, sectors: 8, at: 0}
                    - {device: thin0, op: write, sector: 272, sectors: 8, at: 10ms}
                """);
        ThinMetadata meta = x.pool.meta;
        assertThat(x.pool.stats.copies).as("only the first write breaks sharing").isEqualTo(1);
        // kcopyd reads old data block 12 whole and writes it to block 14 (blocks 10-13 are in use), then the bio
        assertThat(x.dispatched("R", 12 * 128, 128)).as("copy read %s", x.dispatches).isTrue();
        assertThat(x.dispatched("W", 14 * 128, 128)).as("copy write").isTrue();
        assertThat(x.dispatched("W", 14 * 128 + 8, 8)).as("the bio, remapped to the new block").isTrue();
        assertThat(x.dispatched("W", 14 * 128 + 16, 8)).as("the second write, no copy").isTrue();
        assertThat(meta.lookup(0, 2)).isEqualTo(new ThinMetadata.Lookup(14, false));
        assertThat(meta.lookup(1, 2)).isEqualTo(new ThinMetadata.Lookup(12, true));
        assertThat(meta.blockIsShared(12)).isFalse();
    }

    @Test
    void aBlockStaysSharedByTimeAfterTheOtherDeviceBrokeSharing() {
        // dm_thin_find_block answers by time (__snapshotted_since), not by reference count: once thin0 has its own
        // copy of block 2, thin1's mapping to data block 12 (reference count 1) still reads as shared, so a
        // partial write to it is copied once more, as the kernel does
        Run x = run("""
                - count: 1
                  bios:
                    - {device: thin0, op: write, sector: 264, sectors: 8, at: 0}
                    - {device: thin1, op: write, sector: 264, sectors: 8, at: 10ms}
                    - {device: thin1, op: write, sector: 384, sectors: 128, at: 20ms}
                """);
        assertThat(x.pool.stats.copies).isEqualTo(2);
        assertThat(x.dispatched("R", 12 * 128, 128)).isTrue();
        assertThat(x.dispatched("W", 15 * 128 + 8, 8)).as("thin1's copy of block 2 lands in block 15").isTrue();
        assertThat(x.pool.stats.overwrites).as("a whole-block write to a shared block is not copied").isEqualTo(1);
        assertThat(x.pool.meta.lookup(1, 3)).isEqualTo(new ThinMetadata.Lookup(16, false));
        assertThat(x.pool.meta.lookup(0, 3)).isEqualTo(new ThinMetadata.Lookup(13, true));
    }

    @Test
    void createSnapMarksEveryExistingMappingOfBothDevicesShared() {
        ThinMetadata meta = new ThinMetadata(8, 1024, true);
        meta.createThin(0);
        meta.insert(0, 0, meta.allocDataBlock());
        assertThat(meta.lookup(0, 0).shared()).isFalse();
        meta.createSnap(1, 0);
        assertThat(meta.lookup(0, 0)).isEqualTo(new ThinMetadata.Lookup(0, true));
        assertThat(meta.lookup(1, 0)).isEqualTo(new ThinMetadata.Lookup(0, true));
        assertThat(meta.blockIsShared(0)).isTrue();
        meta.insert(1, 0, meta.allocDataBlock());
        assertThat(meta.lookup(1, 0)).isEqualTo(new ThinMetadata.Lookup(1, false));
        assertThat(meta.lookup(0, 0).shared()).as("still older than thin0's snapshot time").isTrue();
        assertThat(meta.blockIsShared(0)).isFalse();
    }

    @Test
    void aDumpThatFitsNoPoolIsRefusedWithOneLine() {
        Machine m = machine(scenario("- count: 1\n  bios: []\n"));
        assertThatThrownBy(() -> ThinSeeding.seed(m.devices(), parse(dump(256, SHARED))))
                .isInstanceOf(TableFormatException.class)
                .hasMessage("before.xml: data_block_size is 256 sectors, but thin-pool pool has 128-sector blocks:"
                        + " expected the dump of a pool with the same block size");
        String onlyOrigin = """
                  <device dev_id="0" mapped_blocks="0" transaction="0" creation_time="0" snap_time="0"/>
                  <device dev_id="7" mapped_blocks="0" transaction="0" creation_time="0" snap_time="0"/>
                """;
        assertThatThrownBy(() -> ThinSeeding.seed(m.devices(), parse(dump(128, onlyOrigin))))
                .isInstanceOf(TableFormatException.class)
                .hasMessage("before.xml: thin thin1 of thin-pool pool is device 1, which the dump lacks (it has dev_id"
                        + " [0, 7]): expected the dump of this pool's metadata");
        String beyond = """
                  <device dev_id="0" mapped_blocks="1" transaction="0" creation_time="0" snap_time="0">
                    <single_mapping origin_block="0" data_block="64" time="0"/>
                  </device>
                  <device dev_id="1" mapped_blocks="0" transaction="0" creation_time="0" snap_time="0"/>
                """;
        assertThatThrownBy(() -> ThinSeeding.seed(m.devices(), parse(dump(128, beyond))))
                .isInstanceOf(TableFormatException.class)
                .hasMessage("before.xml: maps data block 64, but thin-pool pool has 64 data blocks: expected the dump"
                        + " of this pool");
    }
}
