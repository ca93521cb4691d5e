package dev.dmreplay.ingest.dm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.model.DevNo;
import org.junit.jupiter.api.Test;

class DmListingParsersTest {

    @Test
    void lsPlainAndOldCommaForm() {
        DmListing l = DmLsParser.parse("ls", "vg0-a\t(253:0)\nvg0-b\t(253, 1)\n");
        assertThat(l.numbers()).containsEntry("vg0-a", new DevNo(253, 0)).containsEntry("vg0-b", new DevNo(253, 1));
        assertThat(DmLsParser.parse("ls", "No devices found\n").numbers()).isEmpty();
    }

    @Test
    void lsBlkdevnameIsAnError() {
        assertThatThrownBy(() -> DmLsParser.parse("ls", "vg0-a\t(dm-0)\n")).isInstanceOf(TableFormatException.class)
                .hasMessageStartingWith("ls:1: ").hasMessageContaining("blkdevname");
    }

    @Test
    void treeEdgesAndLeaves() {
        DmListing l = DmLsParser.parse("tree", DmTopologyTest.text("lvm-stack/ls-tree.txt"));
        assertThat(l.numbers()).hasSize(17);
        assertThat(l.edges()).contains(new DmListing.Edge("vg0-pool-tpool", "vg0-pool_tdata", new DevNo(253, 2)),
                new DmListing.Edge("vg0-pool_tdata", null, new DevNo(8, 32)),
                new DmListing.Edge("vg0-rootsnap", "vg0-root-real", new DevNo(253, 8)));
        assertThat(DmLsParser.parse("u", DmTopologyTest.text("lvm-stack/ls-tree-utf8.txt")))
                .isEqualTo(new DmListing("u", l.numbers(), l.uuids(), l.edges()));
    }

    @Test
    void treeNameStartingWithDash() {
        DmListing l = DmLsParser.parse("t", "-odd (253:1)\n `--child (253:0)\n    `- (8:0)\n");
        assertThat(l.numbers()).containsOnlyKeys("-odd", "-child");
        assertThat(l.edges()).containsExactly(new DmListing.Edge("-odd", "-child", new DevNo(253, 0)),
                new DmListing.Edge("-child", null, new DevNo(8, 0)));
    }

    @Test
    void invertedTreeHasLeavesOnTop() {
        DmListing l = DmLsParser.parse("inv", " (8:16)\n `-vg0-pool_tdata (253:2)\n    `-vg0-pool-tpool (253:3)\n"
                + " (8:32)\n `-vg0-pool_tdata (253:2)\n");
        assertThat(l.edges()).containsExactly(new DmListing.Edge("vg0-pool_tdata", null, new DevNo(8, 16)),
                new DmListing.Edge("vg0-pool-tpool", "vg0-pool_tdata", new DevNo(253, 2)),
                new DmListing.Edge("vg0-pool_tdata", null, new DevNo(8, 32)));
        assertThatThrownBy(() -> DmLsParser.parse("t", "a (253:0)\n `- (8:0)\n    `- (8:1)\n"))
                .hasMessage("t:3: tree shows a non-dm device (8:0) using another device");
    }

    @Test
    void treeWithBlkdevnamesAndAttributes() {
        DmListing l = DmLsParser.parse("t", "vg0-data <dm-5> (253:5) [ACTIVE, RW]\n `-<sdb> (8:16) [ACTIVE, RW]\n");
        assertThat(l.numbers()).containsOnlyKeys("vg0-data");
        assertThat(l.edges()).containsExactly(new DmListing.Edge("vg0-data", null, new DevNo(8, 16)));
    }

    @Test
    void treeIndentedTooDeepIsAnError() {
        assertThatThrownBy(() -> DmLsParser.parse("t", "a (253:0)\n    `-b (253:1)\n"))
                .hasMessageStartingWith("t:2: tree line indented 2 level(s)");
    }

    @Test
    void infoColumnsByHeading() {
        DmListing l = DmInfoParser.parse("i", DmTopologyTest.text("lvm-stack/info-c.txt"));
        assertThat(l.numbers()).containsExactly(
                java.util.Map.entry("luks-3f6a9c1e-5d2b-4c8e-9a41-7b0d2e6f1a35", new DevNo(253, 7)),
                java.util.Map.entry("vg0-data", new DevNo(253, 5)),
                java.util.Map.entry("vg0-pool-tpool", new DevNo(253, 3)));
        assertThat(l.uuids().get("vg0-data")).isEqualTo("LVM-Wc1mZ0nq0v5CC7Ajw1QpNLuH3y9cWHkgUw7tBPc0lmBjwmh1D0nxyfMxo8I7ZT7B");
        DmListing other = DmInfoParser.parse("i", "Name             DevNo  UUID\nvg0-x            253:4\n");
        assertThat(other.numbers()).containsEntry("vg0-x", new DevNo(253, 4));
        DmListing sep = DmInfoParser.parse("i", "Name:Maj:Min:UUID\nvg0-y:253:9:LVM-abc\n");
        assertThat(sep.numbers()).containsEntry("vg0-y", new DevNo(253, 9));
        assertThat(sep.uuids()).containsEntry("vg0-y", "LVM-abc");
    }

    @Test
    void infoWithoutHeadingsAndWithNamePrefixes() {
        DmListing l = DmInfoParser.parse("i", "vg0-data 253   5 L--w    1    1      0 LVM-x\nvg0-e 253 6 L--w 0 1 0\n");
        assertThat(l.numbers()).containsEntry("vg0-data", new DevNo(253, 5)).containsEntry("vg0-e", new DevNo(253, 6));
        assertThatThrownBy(() -> DmInfoParser.parse("i", "vg0-data L--w 1\n")).hasMessageContaining("--noheadings");
        DmListing p = DmInfoParser.parse("i", "DM_NAME='vg0-z' DM_MAJOR='253' DM_MINOR='12' DM_UUID='LVM-q'\n");
        assertThat(p.numbers()).containsEntry("vg0-z", new DevNo(253, 12));
        assertThat(p.uuids()).containsEntry("vg0-z", "LVM-q");
    }

    @Test
    void infoColumnCountMismatchIsAnError() {
        assertThatThrownBy(() -> DmInfoParser.parse("i", "Name Maj Min Stat\nvg0-a 253 L--w\n"))
                .hasMessageStartingWith("i:2: expected 4 columns");
    }

    @Test
    void infoBlocks() {
        String blocks = """
                Name:              vg0-data
                State:             ACTIVE
                Read Ahead:        256
                Tables present:    LIVE
                Open count:        1
                Event number:      0
                Major, minor:      253, 5
                Number of targets: 1
                UUID: LVM-abc

                Name:              vg0-pool
                State:             SUSPENDED
                Major, minor:      253, 4
                Number of targets: 1

                """;
        DmListing l = DmInfoParser.parse("info", blocks);
        assertThat(l.numbers()).containsEntry("vg0-data", new DevNo(253, 5)).containsEntry("vg0-pool", new DevNo(253, 4));
        assertThat(l.uuids()).containsExactly(java.util.Map.entry("vg0-data", "LVM-abc"));
    }
}
