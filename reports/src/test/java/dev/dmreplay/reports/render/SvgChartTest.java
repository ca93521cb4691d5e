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
    void chartsHaveAViewBoxSoTheyScaleInNarrowWindows() {
        String a = SvgChart.render("chart1", "Pool occupancy", "simulated time", "elements", data(), true);
        assertThat(a).contains("viewBox='0 0 880 300'");
    }

    @Test
    void aLogAxisLeavesOutValuesThatAreNotPositiveAndIsDeterministic() {
        List<SvgChart.Series> lat = List.of(new SvgChart.Series("Q2C max", new double[] {0, 0.001, 0.002, 0.003},
                new double[] {0.2, 0, 38.5, 0.3}));
        String log = SvgChart.render("c2", "Latency", "time", "latency (ms)", lat, SvgChart.Style.LINE, true);
        String lin = SvgChart.render("c2", "Latency", "time", "latency (ms)", lat, SvgChart.Style.LINE, false);
        assertThat(log).isEqualTo(SvgChart.render("c2", "Latency", "time", "latency (ms)", lat,
                SvgChart.Style.LINE, true)).isNotEqualTo(lin);
        HtmlChecks.assertWellFormed(log);
    }

    @Test
    void aLogLatencyAxisShowsTheBodyAndTheTailOfADistributionFunction() {
        // a CDF from 30 us to 38 ms: on a log axis the decades between get ticks of their own
        List<SvgChart.Series> cdf = List.of(new SvgChart.Series("RESC", new double[] {0, 30e-6, 88e-6, 352e-6,
                38.5e-3}, new double[] {0, 0.01, 0.5, 0.99, 1}));
        String log = SvgChart.render("c3", "Q2C", "Q2C", "fraction", cdf, SvgChart.Style.LINE, false, true);
        String lin = SvgChart.render("c3", "Q2C", "Q2C", "fraction", cdf, SvgChart.Style.LINE, false, false);
        // equal ratios of latency are equal distances: 30 -> 88 us against 352 us -> 38.5 ms
        double[] x = lineXs(log);
        assertThat((x[1] - x[0]) / (x[3] - x[2])).isCloseTo(Math.log(88.0 / 30) / Math.log(38_500.0 / 352),
                org.assertj.core.data.Offset.offset(0.002));
        // on a linear axis the body is squeezed into the first pixels; the point at 0 is only left out on the log one
        double[] y = lineXs(lin);
        assertThat(y).hasSize(5);
        assertThat((y[2] - y[1]) / (y[4] - y[3])).isLessThan(0.01);
        HtmlChecks.assertWellFormed(log);
    }

    /** The x coordinates of the first series' line (JFreeChart draws it as one path in the first colour). */
    private static double[] lineXs(String svg) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("stroke:rgb\\(31,119,180\\)[^>]*><path d='M([^']*)'")
                .matcher(svg);
        assertThat(m.find()).isTrue();
        return java.util.Arrays.stream(m.group(1).split("L")).mapToDouble(p -> Double.parseDouble(p.split(",")[0]))
                .toArray();
    }

    @Test
    void anOffsetMapIsOnePathNotOneElementPerPoint() {
        int n = 1000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 1e-5;
            y[i] = (i * 7919L) % 100_000;
        }
        String s = SvgChart.render("c3", "Offset map", "time", "sector", List.of(new SvgChart.Series("sda", x, y)),
                SvgChart.Style.POINTS, false);
        assertThat(s).hasSizeLessThan(80_000);
        assertThat(s.split("<rect", -1).length).isLessThan(20);
        HtmlChecks.assertWellFormed(s);
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
