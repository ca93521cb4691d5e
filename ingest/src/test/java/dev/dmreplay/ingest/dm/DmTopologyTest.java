package dev.dmreplay.ingest.dm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.model.DevNo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DmTopologyTest {

    static Path res(String name) {
        try {
            return Path.of(DmTopologyTest.class.getResource("/dm/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(String name) {
        try {
            return Files.readString(res(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> names(List<MappedDevice> ds) {
        List<String> out = new ArrayList<>();
        ds.forEach(d -> out.add(d.name()));
        return out;
    }

    private static DmTopology lvmStack() {
        return DmTopology.load(res("lvm-stack/table.txt"), res("lvm-stack/ls-tree.txt"), res("lvm-stack/info-c.txt"),
                res("lvm-stack/ls.txt"));
    }

    @Test
    void lvmStackDevicesNumbersAndSegments() {
        DmTopology t = lvmStack();
        assertThat(t.warnings()).isEmpty();
        assertThat(t.devices()).hasSize(17);
        MappedDevice real = t.device("vg0-root-real").orElseThrow();
        assertThat(real.devNo()).isEqualTo(new DevNo(253, 8));
        assertThat(real.segments()).hasSize(2);
        assertThat(real.sectors()).isEqualTo(62914560L);
        assertThat(real.segments().get(1).target()).isEqualTo(new LinearArgs(DevRef.of(8, 32), 178268160L));
        assertThat(t.device(new DevNo(253, 3)).orElseThrow().name()).isEqualTo("vg0-pool-tpool");
        assertThat(t.device("vg0-pool-tpool").orElseThrow().uuid())
                .isEqualTo("LVM-Wc1mZ0nq0v5CC7Ajw1QpNLuH3y9cWHkg5eT1F1DZbjgBAq8Wpd0aQ5zuS8HD3qQZ-tpool");
        ThinPoolArgs pool = (ThinPoolArgs) t.device("vg0-pool-tpool").orElseThrow().segments().get(0).target();
        assertThat(pool.blockSectors()).isEqualTo(128);
        assertThat(pool.features()).isEmpty();
        // The kernel prints the feature count and a trailing space; render keeps the count.
        assertThat(pool.params()).isEqualTo("253:1 253:2 128 0 0");
    }

    @Test
    void lvmStackGraph() {
        DmTopology t = lvmStack();
        assertThat(t.lowers("vg0-pool-tpool")).containsExactly(new Lower(DevRef.of(253, 1), "vg0-pool_tmeta"),
                new Lower(DevRef.of(253, 2), "vg0-pool_tdata"));
        assertThat(t.lowers("vg0-pool_tdata")).containsExactly(new Lower(DevRef.of(8, 16), null),
                new Lower(DevRef.of(8, 32), null));
        assertThat(t.uppers("vg0-pool-tpool")).containsExactly("vg0-data", "vg0-data_snap", "vg0-pool");
        assertThat(t.uppers("vg0-root-real")).containsExactly("vg0-root", "vg0-rootsnap");
        assertThat(names(t.topLevel())).containsExactly("luks-3f6a9c1e-5d2b-4c8e-9a41-7b0d2e6f1a35",
                "vg0-data_snap", "vg0-pool", "vg0-root", "vg0-rootsnap", "vg0-safe", "vg0-scratch");
        assertThat(t.leaves()).containsExactly(DevRef.of(8, 2), DevRef.of(8, 16), DevRef.of(8, 32));
        List<String> order = names(t.bottomUp());
        assertThat(order).hasSize(17);
        for (MappedDevice d : t.devices()) {
            for (Lower l : t.lowers(d.name())) {
                if (l.isDm()) {
                    assertThat(order.indexOf(l.dmName())).as(d.name() + " after " + l.dmName())
                            .isLessThan(order.indexOf(d.name()));
                }
            }
        }
        assertThat(order.get(0)).isEqualTo("vg0-pool_tdata");
        // ready devices are taken by name: scratch sits on disks only and sorts last
        assertThat(order.get(order.size() - 1)).isEqualTo("vg0-scratch");
    }

    @Test
    void utf8TreeGivesTheSameNumbers() {
        DmTopology t = DmTopology.load(res("lvm-stack/table.txt"), res("lvm-stack/ls-tree-utf8.txt"), null, null);
        assertThat(t.warnings()).isEmpty();
        assertThat(t.device("vg0-safe").orElseThrow().devNo()).isEqualTo(new DevNo(253, 16));
        assertThat(t.lowers("vg0-safe")).extracting(Lower::dmName).containsExactly("vg0-safe_rmeta_0",
                "vg0-safe_rimage_0", "vg0-safe_rmeta_1", "vg0-safe_rimage_1");
    }

    @Test
    void tableAloneResolvesNothingAndSaysSo() {
        DmTopology t = DmTopology.parse("inline", text("lvm-stack/table.txt"));
        assertThat(t.numbersKnown()).isFalse();
        assertThat(t.devices()).hasSize(17);
        assertThat(t.warnings()).singleElement().asString().contains("cannot be resolved");
        assertThat(t.topLevel()).hasSize(17);
        assertThat(t.leaves()).contains(DevRef.of(253, 3), DevRef.of(8, 16));
    }

    @Test
    void explicitNumbersResolveInlineTables() {
        DmTopology t = DmTopology.builder()
                .table("scenario.yaml", "lower: 0 100 linear 8:0 0\nupper: 0 100 linear 253:0 0\n", null)
                .number("lower", new DevNo(253, 0)).number("upper", new DevNo(253, 1)).build();
        assertThat(t.lowers("upper")).containsExactly(new Lower(DevRef.of(253, 0), "lower"));
        assertThat(names(t.bottomUp())).containsExactly("lower", "upper");
        assertThat(t.warnings()).isEmpty();
    }

    @Test
    void snapshotStacksFromLvm() {
        DmTopology t = DmTopology.load(res("snapshot-origin.table"), null, null, res("snapshot.ls"));
        assertThat(t.warnings()).isEmpty();
        assertThat(t.uppers("vg1-base-real")).containsExactly("vg1-base", "vg1-snap");
        SnapshotArgs s = (SnapshotArgs) t.device("vg1-snap").orElseThrow().segments().get(0).target();
        assertThat(s.merge()).isFalse();
        assertThat(s.persistent()).isTrue();
        assertThat(s.chunkSectors()).isEqualTo(16);
        DmTopology m = DmTopology.load(res("snapshot-merge.table"), null, null, res("snapshot-merge.ls"));
        SnapshotArgs sm = (SnapshotArgs) m.device("vg1-base").orElseThrow().segments().get(0).target();
        assertThat(sm.type()).isEqualTo("snapshot-merge");
        assertThat(m.lowers("vg1-base")).extracting(Lower::dmName).containsExactly("vg1-base-real", "vg1-base-cow");
    }

    @Test
    void multiSegmentDevicesSpanningDisks() {
        DmTopology t = DmTopology.load(res("multiseg.table"), null, null, res("multiseg.ls"));
        MappedDevice phys = t.device("pool1-physical").orElseThrow();
        assertThat(phys.segments()).hasSize(2);
        assertThat(phys.segmentAt(7814028975L).orElseThrow().index()).isZero();
        assertThat(phys.segmentAt(7814028976L).orElseThrow().map(7814028976L).orElseThrow())
                .isEqualTo(new MappedSector(0, DevRef.of(8, 0), 8192));
        assertThat(phys.segmentAt(phys.sectors())).isEmpty();
        assertThat(t.leaves()).containsExactly(DevRef.of(8, 0), DevRef.of(8, 16));
        assertThat(names(t.topLevel())).containsExactly("pool1-fs-a", "pool1-fs-b", "pool1-mdv");
        assertThat(((ThinPoolArgs) t.device("pool1-thinpool").orElseThrow().segments().get(0).target()).features())
                .containsExactly("skip_block_zeroing");
    }

    @Test
    void unprefixedTableTakesTheCallersName() {
        DmTopology t = DmTopology.builder().table("t", "0 1000 linear 8:0 0  \n1000 24 zero \n", "vg-x").build();
        assertThat(t.device("vg-x").orElseThrow().targetTypes()).containsExactly("linear", "zero");
        assertThat(t.device("vg-x").orElseThrow().renderTable()).isEqualTo("0 1000 linear 8:0 0\n1000 24 zero\n");
    }

    @Test
    void unprefixedTableWithoutNameIsAnError() {
        assertThatThrownBy(() -> DmTopology.parse("t.txt", "0 1000 linear 8:0 0\n"))
                .isInstanceOf(TableFormatException.class).hasMessageStartingWith("t.txt:1: ")
                .hasMessageContaining("no device name");
    }

    @Test
    void mixedPrefixIsAnError() {
        assertThatThrownBy(() -> DmTopology.builder().table("t.txt", "a: 0 8 zero\n0 8 zero\n", "b").build())
                .isInstanceOf(TableFormatException.class).hasMessageStartingWith("t.txt:2: ");
    }

    @Test
    void conciseForm() {
        String c = "vg0-a,LVM-aaa,0,rw,0 100 linear 8:0 2048,100 50 linear 8:16 0;"
                + "we\\,ird,,1,ro,0 150 linear 253:0 0\n";
        DmTopology t = DmTopology.builder().table("c", c, null).ls("ls", "vg0-a\t(253:0)\n").build();
        assertThat(t.device("vg0-a").orElseThrow().segments()).hasSize(2);
        assertThat(t.device("vg0-a").orElseThrow().uuid()).isEqualTo("LVM-aaa");
        MappedDevice weird = t.device("we,ird").orElseThrow();
        assertThat(weird.devNo()).isEqualTo(new DevNo(253, 1));
        assertThat(t.lowers("we,ird")).containsExactly(new Lower(DevRef.of(253, 0), "vg0-a"));
        DmTopology noMinor = DmTopology.parse("c", "x,,,rw,0 8 zero\n");
        assertThat(noMinor.device("x").orElseThrow().devNo()).isNull();
        assertThatThrownBy(() -> DmTopology.parse("c", "x,,7,rx,0 8 zero\n"))
                .hasMessage("c:1: --concise device 'x': expected ro or rw, got 'rx'");
        assertThatThrownBy(() -> DmTopology.parse("c", "x,,7,rw\n"))
                .hasMessageStartingWith("c:1: --concise device 'x,,7,rw': expected name,uuid,minor");
    }

    @Test
    void verboseTableCarriesNumbersAndUuids() {
        String v = """
                Name:              vg0-data
                State:             ACTIVE
                Read Ahead:        256
                Tables present:    LIVE
                Open count:        1
                Event number:      0
                Major, minor:      253, 5
                Number of targets: 2
                UUID: LVM-abc

                0 100 linear 8:16 2048
                100 100 linear 253:6 0

                Name:              vg0-lower
                State:             ACTIVE
                Major, minor:      253, 6
                Number of targets: 1

                0 100 zero\s
                """;
        DmTopology t = DmTopology.parse("v.txt", v);
        assertThat(t.warnings()).isEmpty();
        assertThat(t.device("vg0-data").orElseThrow().devNo()).isEqualTo(new DevNo(253, 5));
        assertThat(t.device("vg0-data").orElseThrow().uuid()).isEqualTo("LVM-abc");
        assertThat(t.device("vg0-data").orElseThrow().segments()).hasSize(2);
        assertThat(t.lowers("vg0-data")).containsExactly(new Lower(DevRef.of(8, 16), null),
                new Lower(DevRef.of(253, 6), "vg0-lower"));
        assertThat(t.device("vg0-lower").orElseThrow().uuid()).isNull();
    }

    @Test
    void gapOverlapAndStartAreErrors() {
        assertThatThrownBy(() -> DmTopology.parse("g", "a: 0 100 zero\na: 120 10 zero\n"))
                .hasMessage("g:2: a segment 1 (start 120): gap: previous segment ends at 100");
        assertThatThrownBy(() -> DmTopology.parse("o", "a: 0 100 zero\na: 90 10 zero\n"))
                .hasMessage("o:2: a segment 1 (start 90): overlap: previous segment ends at 100");
        assertThatThrownBy(() -> DmTopology.parse("s", "a: 8 100 zero\n"))
                .hasMessage("s:1: a segment 0 (start 8): first segment must start at 0");
        assertThatThrownBy(() -> DmTopology.parse("z", "a: 0 0 zero\n"))
                .hasMessageContaining("length '0' is not a positive");
    }

    @Test
    void badTargetArgumentNamesDeviceSegmentAndArgument() {
        assertThatThrownBy(() -> DmTopology.parse("t.txt", "vg0-scratch: 0 1000 striped 2 128 8:16 0 8:32 0\n"))
                .isInstanceOf(TableFormatException.class)
                .hasMessage("t.txt:1: vg0-scratch segment 0 (start 0): striped: length 1000 is not a multiple of "
                        + "chunk 128 x 2 stripes");
    }

    @Test
    void unknownDmReferenceIsAnErrorWhenNumbersAreKnown() {
        assertThatThrownBy(() -> DmTopology.builder().table("t.txt", "a: 0 8 zero\nb: 0 8 linear 253:99 0\n", null)
                .ls("ls", "a\t(253:0)\nb\t(253:1)\n").build())
                .isInstanceOf(TableFormatException.class)
                .hasMessage("t.txt:2: b segment 0 (start 0): linear references 253:99, a device-mapper device that "
                        + "no dump names");
    }

    @Test
    void cyclesAreErrors() {
        assertThatThrownBy(() -> DmTopology.builder()
                .table("t.txt", "a: 0 8 linear 253:1 0\nb: 0 8 linear 253:2 0\nc: 0 8 linear 253:0 0\n", null)
                .ls("ls", "a\t(253:0)\nb\t(253:1)\nc\t(253:2)\n").build())
                .isInstanceOf(TableFormatException.class).hasMessageContaining("cycle: a -> b -> c -> a");
        assertThatThrownBy(() -> DmTopology.builder().table("t.txt", "a: 0 8 linear 253:0 0\n", null)
                .ls("ls", "a\t(253:0)\n").build()).hasMessageContaining("cycle: a -> a");
    }

    @Test
    void conflictingNumbersAreErrors() {
        assertThatThrownBy(() -> DmTopology.builder().table("t", "a: 0 8 zero\n", null).ls("ls", "a\t(253:0)\n")
                .info("info", "Name Maj Min Stat Open Targ Event  UUID\na 253 1 L--w 0 1 0\n").build())
                .hasMessageContaining("device a is 253:1 here but 253:0 in ls");
        assertThatThrownBy(() -> DmTopology.builder().table("t", "a: 0 8 zero\nb: 0 8 zero\n", null)
                .ls("ls", "a\t(253:0)\nb\t(253:0)\n").build())
                .hasMessageContaining("devices a and b both have number 253:0");
    }

    @Test
    void treeDisagreeingWithTableWarns() {
        DmTopology t = DmTopology.builder().table("t", "a: 0 8 linear 8:0 0\n", null)
                .ls("tree", "a (253:0)\n `- (8:16)\n").build();
        assertThat(t.warnings()).singleElement().asString()
                .isEqualTo("tree: ls --tree shows a on (8:16) but its table does not reference it");
    }

    @Test
    void unknownTargetIsKeptWithAWarning() {
        DmTopology t = DmTopology.parse("t", "v: 0 80 vdo V4 /dev/sdb 2621440 4096 32768 16380 on auto vdo0 "
                + "maxDiscard 1\n");
        GenericTargetArgs g = (GenericTargetArgs) t.device("v").orElseThrow().segments().get(0).target();
        assertThat(g.devices()).containsExactly(DevRef.parse("/dev/sdb"));
        assertThat(t.leaves()).containsExactly(DevRef.parse("/dev/sdb"));
        assertThat(t.warnings()).singleElement().asString().startsWith("t:1: v segment 0 (start 0): unknown target "
                + "type 'vdo'");
    }

    @Test
    void pathReferencesResolveByMapperName() {
        DmTopology t = DmTopology.parse("t", "lo: 0 8 linear /dev/sda 0\nhi: 0 8 linear /dev/mapper/lo 0\n");
        assertThat(t.lowers("hi")).containsExactly(new Lower(DevRef.parse("/dev/mapper/lo"), "lo"));
        assertThat(t.resolve(DevRef.parse("/dev/mapper/lo")).orElseThrow().name()).isEqualTo("lo");
        assertThat(names(t.topLevel())).containsExactly("hi");
    }

    @Test
    void unreadableFileIsATableFormatError() {
        assertThatThrownBy(() -> DmTopology.load(Path.of("/nonexistent/table"), null, null, null))
                .isInstanceOf(TableFormatException.class).hasMessageStartingWith("/nonexistent/table: cannot read");
    }
}
