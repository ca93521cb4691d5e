package dev.dmreplay.reports.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {
    private static List<SvgChart.Series> data() {
        return List.of(new SvgChart.Series("md->bs <vg0&lv0>", new double[] {0, 0.001, 0.002, 0.003},
                        new double[] {0, 4, 16, 2}),
                new SvgChart.Series("fs_bio_set", new double[] {0, 0.002}, new double[] {1, 3}));
    }

    @Test
    void sameDataGivesTheSameBytesWithIdsFromTheChartId() {
        String a = SvgChart.render("chart7", "Pool occupancy", "simulated time", "elements", data(), true);
        String b = SvgChart.render("chart7", "Pool occupancy", "simulated time", "elements", data(), true);
        assertThat(a).isEqualTo(b);
        assertThat(a).startsWith("<svg id='chart7'").contains("id='chart7-clip-0'")
                .doesNotContain("id='_"); // JFreeSVG's default prefix is "_" + System.nanoTime()
        assertThat(a).contains("md-&gt;bs &lt;vg0&amp;lv0&gt;").contains("simulated time (ms)");
        assertThat(a).hasSizeLessThan(40_000);
        HtmlChecks.assertWellFormed(a);
    }

    @Test
    void longSpansAreInSecondsAndIdsAreChecked() {
        String s = SvgChart.render("c1", "t", "time", "y",
                List.of(new SvgChart.Series("x", new double[] {0, 60}, new double[] {1, 2})), false);
        assertThat(s).contains("time (s)");
        assertThatThrownBy(() -> SvgChart.render("1bad id", "t", "x", "y", List.of(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
