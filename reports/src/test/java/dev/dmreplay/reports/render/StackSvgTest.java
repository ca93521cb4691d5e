package dev.dmreplay.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.analyze.info.TraceInfo;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.model.DevNo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class StackSvgTest {
    /** A snapshot of a volume: origin and snapshot on top, the real and COW devices below, two disks. */
    private static final String SNAPSHOT = """
            base: 0 262144 snapshot-origin 253:0
            base-cow: 0 262144 linear 254:16 0
            base-real: 0 262144 linear 254:0 0
            snap: 0 262144 snapshot 253:0 253:1 P 8
            """;

    private static DmStack snapshot() {
        DmTopology t = DmTopology.builder().table("table", SNAPSHOT, null)
                .number("base-real", new DevNo(253, 0)).number("base-cow", new DevNo(253, 1))
                .number("base", new DevNo(253, 2)).number("snap", new DevNo(253, 3)).build();
        return DmStack.of(t, n -> n.equals(new DevNo(254, 0)) ? "vda" : null);
    }

    @Test
    void oneNodePerTargetAndLeafWithTheStackReadingTopDown() {
        DmStack s = snapshot().withPools(List.of(new DmStack.Pool("md->bs of snap", 16),
                new DmStack.Pool("snap q->bio_split", 2), new DmStack.Pool("md->io_pool of base", 16),
                new DmStack.Pool("fs_bio_set", -1)));
        String svg = StackSvg.render("diagram1", s);
        SvgXml x = new SvgXml(svg);
        assertThat(x.root.getAttribute("viewBox")).matches("0 0 [0-9.]+ [0-9.]+");
        List<Element> devs = x.all("g", "dev");
        assertThat(devs).extracting(e -> e.getAttribute("data-name"))
                .containsExactly("base", "base-cow", "base-real", "snap");
        List<Element> targets = x.all("g", "target");
        assertThat(targets).extracting(e -> e.getAttribute("data-type"))
                .containsExactly("snapshot-origin", "linear", "linear", "snapshot");
        // the whole table line is the target's tooltip
        assertThat(targets.get(3).getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo("0 262144 snapshot 253:0 253:1 P 8");
        List<Element> leaves = x.all("g", "leaf");
        assertThat(leaves).extracting(Element::getTextContent).containsExactlyInAnyOrder(
                "leaf device vda (254:0)vda (254:0)", "leaf device 254:16254:16");
        Map<String, Double> y = new LinkedHashMap<>();
        devs.forEach(d -> y.put(d.getAttribute("data-name"), SvgXml.rectY(d)));
        // origin and snapshot are top-level; real and COW one row down; the disks below them all
        assertThat(y.get("base")).isEqualTo(y.get("snap"));
        assertThat(y.get("base-real")).isEqualTo(y.get("base-cow")).isGreaterThan(y.get("base"));
        assertThat(leaves).allSatisfy(l -> assertThat(SvgXml.rectY(l)).isGreaterThan(y.get("base-real")));
        // one arrow per (target, device it maps onto)
        assertThat(x.all("path", "edge")).extracting(e -> e.getAttribute("data-from") + ">" + e.getAttribute("data-to"))
                .containsExactlyInAnyOrder("base>base-real", "base-cow>leaf 254:16", "base-real>leaf 254:0",
                        "snap>base-real", "snap>base-cow");
        // pools under their device, the request queue's pool too; the rest in a box of their own
        Map<String, List<String>> pools = devs.stream().collect(Collectors.toMap(d -> d.getAttribute("data-name"),
                d -> SvgXml.all(d, "text", "pool").stream().map(Element::getTextContent).toList()));
        assertThat(pools.get("snap")).containsExactly("md->bs: reserve 16", "snap q->bio_split: reserve 2");
        assertThat(pools.get("base")).containsExactly("md->io_pool: reserve 16");
        assertThat(pools.get("base-cow")).isEmpty();
        assertThat(x.all("g", "other")).singleElement().satisfies(o ->
                assertThat(o.getTextContent()).contains("fs_bio_set: reserve unknown"));
        assertThat(StackSvg.render("diagram1", s)).isEqualTo(svg);
        HtmlChecks.assertWellFormed(svg);
    }

    @Test
    void aTraceInfoTableDrawsTheSameStackAndALongTableIsCapped() {
        List<TraceInfo.DmTarget> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add(new TraceInfo.DmTarget(i * 100L, 100, "linear", (i % 2 == 0 ? "8:0 " : "8:16 ") + i * 100,
                    List.of(i % 2 == 0 ? "8:0" : "8:16")));
        }
        Map<String, TraceInfo.DmDevice> dm = new LinkedHashMap<>();
        dm.put("concat", new TraceInfo.DmDevice(new DevNo(253, 0), false, 2000, lines, List.of("sda (8:0)",
                "sdb (8:16)"), List.of()));
        DmStack s = DmStack.of(dm);
        assertThat(s.devices()).singleElement().satisfies(d -> assertThat(d.targets()).hasSize(20));
        assertThat(s.leaves()).extracting(DmStack.Leaf::label).containsExactly("sda (8:0)", "sdb (8:16)");
        SvgXml x = new SvgXml(StackSvg.render("diagram7", s));
        List<Element> targets = x.all("g", "target");
        // 11 lines drawn, the other 9 summed up in one box that still maps onto both disks
        assertThat(targets).hasSize(StackSvg.MAX_TARGETS);
        assertThat(targets.get(StackSvg.MAX_TARGETS - 1).getTextContent()).contains("+9 more", "table lines 12-20");
        assertThat(x.all("path", "edge")).hasSize(11 + 2);
        assertThat(x.all("g", "leaf")).hasSize(2);
    }

    @Test
    void nothingToDrawSaysWhy() {
        DmStack s = DmStack.none("the trace has no dmsetup table");
        assertThat(s.drawable()).isFalse();
        assertThat(s.note()).contains("no dmsetup table");
    }
}
