package dev.dmreplay.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class WaitChainTest {
    /** The demo's BARE run under hard pressure, as its summary holds the chain. */
    static final String BARE_HARD = "postgres/1037 waits in mempool_alloc for mempool md->bs of vg0-lv0 (16 elements"
            + " in use: bio #86 (READ to 8:0) and 15 more parked on bio_list of postgres/1037), whose elements are"
            + " held by bio #86 (READ to 8:0) parked on bio_list of postgres/1037, drained only by postgres/1037"
            + " (cycle)";
    /** Scenario S3 under DF: a split pool, a dm_io, a snapshot's pending exception, kcopyd and a bio list. */
    static final String SNAPSHOT = "T1 waits in mempool_alloc for mempool snap q->bio_split (2 elements in use: bio"
            + " #14 (WRITE to snap) in dm_io #2 of snap (bio #14); bio #16 (WRITE to snap) in dm_io #3 of snap (bio"
            + " #16)), whose elements are held by bio #14 (WRITE to snap) in dm_io #2 of snap (bio #14), which waits"
            + " for bio #8 (WRITE to sdb) parked on pe->snapshot_bios (chunk 100 of snapshot snap), drained only by"
            + " kcopyd do_work(snap) running on kcopyd/snap, which waits in msleep for tracked reads of chunk 0 of"
            + " snapshot snap, which waits for bio #13 (READ to sda) parked on bio_list[0] of T1, drained only by T1"
            + " (cycle)";
    static final String SHARED = "T1 waits in mempool_alloc for mempool md->bs of X (16 elements in use: bio #3"
            + " (WRITE to sda) and 1 more parked on bio_list of T1; bio #5 (WRITE to sda) and 1 more parked on"
            + " bio_list of T2; bio #7 (WRITE to sda) and 1 more parked on bio_list of T3), whose elements are held"
            + " by bio #3 (WRITE to sda) parked on bio_list of T1, drained only by T1 (cycle)";

    private static List<String> labels(WaitChain c) {
        return c.nodes().stream().map(n -> n.kind() + " " + n.label()).toList();
    }

    @Test
    void aPoolDeadlockIsTaskPoolBioListAndBackToTheTask() {
        WaitChain c = WaitChainParser.parse(BARE_HARD).orElseThrow();
        assertThat(c.cycle()).isTrue();
        assertThat(labels(c)).containsExactly("TASK postgres/1037", "POOL mempool md->bs of vg0-lv0",
                "ELEMENT bio #86 (READ to 8:0)", "LIST bio_list of postgres/1037");
        assertThat(c.edges()).containsExactly(new WaitChain.Edge(0, 1, "waits in mempool_alloc", true),
                new WaitChain.Edge(1, 2, "held by", true), new WaitChain.Edge(2, 3, "parked on", true),
                new WaitChain.Edge(3, 0, "drained only by", true));
    }

    @Test
    void servicesWorkItemsAndThreadsAreNodesOfTheirOwn() {
        WaitChain c = WaitChainParser.parse(SNAPSHOT).orElseThrow();
        assertThat(labels(c).subList(0, 10)).containsExactly("TASK T1", "POOL mempool snap q->bio_split",
                "ELEMENT bio #14 (WRITE to snap)", "WORK dm_io #2 of snap (bio #14)", "ELEMENT bio #8 (WRITE to sdb)",
                "LIST pe->snapshot_bios (chunk 100 of snapshot snap)", "WORK kcopyd do_work(snap)", "TASK kcopyd/snap",
                "RESOURCE tracked reads of chunk 0 of snapshot snap", "ELEMENT bio #13 (READ to sda)");
        assertThat(c.chainLength()).isEqualTo(11);
        // the other holder of the split pool is context, off the cycle
        assertThat(c.nodes().get(11)).isEqualTo(new WaitChain.Node(WaitChain.Kind.ELEMENT,
                "bio #16 (WRITE to snap) in dm_io #3 of snap (bio #16)", true));
        assertThat(c.edges()).filteredOn(WaitChain.Edge::onCycle).hasSize(11)
                .last().satisfies(e -> assertThat(e.to()).isZero());
        assertThat(c.edges()).filteredOn(e -> !e.onCycle()).containsExactly(new WaitChain.Edge(1, 11, "held by",
                false));
    }

    @Test
    void aBlockedTaskWithoutACycleHasNoHotEdges() {
        WaitChain c = WaitChainParser.parse("T1 waits in mutex_lock for s->lock of snapshot snap held by T2 (blocked;"
                + " no progress possible)").orElseThrow();
        assertThat(c.cycle()).isFalse();
        assertThat(labels(c)).containsExactly("TASK T1", "RESOURCE s->lock of snapshot snap", "TASK T2");
        assertThat(c.edges()).noneMatch(WaitChain.Edge::onCycle);
    }

    @Test
    void textOutsideTheGrammarGivesNoGraph() {
        assertThat(WaitChainParser.parse("t1 waits for mempool md->bs of X\n  held by bio 3")).isEmpty();
        assertThat(WaitChainParser.parse("")).isEmpty();
    }

    @Test
    void theDiagramHighlightsExactlyTheCycleEdgesAndShowsOtherHoldersApart() {
        WaitChain c = WaitChainParser.parse(SHARED).orElseThrow();
        String svg = ChainSvg.render("diagram3", c);
        SvgXml x = new SvgXml(svg);
        assertThat(x.root.getAttribute("viewBox")).matches("0 0 [0-9.]+ [0-9.]+");
        List<Element> hot = x.all("g", "hot");
        assertThat(hot).hasSize(4);
        assertThat(hot).extracting(e -> e.getAttribute("data-from") + ">" + e.getAttribute("data-to"))
                .containsExactly("0>1", "1>2", "2>3", "3>0");
        hot.forEach(g -> assertThat(((Element) g.getElementsByTagName("path").item(0)).getAttribute("marker-end"))
                .isEqualTo("url(#diagram3-arrow-hot)"));
        // T2's and T3's parked bios hold the pool too, but are not on the cycle
        assertThat(x.all("g", "ctx")).hasSize(2).allSatisfy(g -> assertThat(g.getAttribute("data-from")).isEqualTo("1"));
        assertThat(x.all("g", "context")).extracting(Element::getTextContent)
                .allSatisfy(t -> assertThat(t).containsPattern("parked on bio_list of T[23]"));
        assertThat(x.all("g", "node")).hasSize(6);
        assertThat(ChainSvg.render("diagram3", c)).isEqualTo(svg);
        HtmlChecks.assertWellFormed(svg);
    }
}
