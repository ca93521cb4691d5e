package dev.dmreplay.reports.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * A line chart rendered by JFreeChart into an inline SVG element. Sizes are fixed and the SVG definition ids are
 * derived from the chart's own id (JFreeSVG's default prefix comes from {@code System.nanoTime()}), so the same
 * data always gives the same bytes and several charts can share one page.
 */
public final class SvgChart {
    public static final int WIDTH = 880;
    public static final int HEIGHT = 300;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    /** One line: a name for the legend and its points (x ascending). */
    public record Series(String name, double[] x, double[] y) {
    }

    /** How the points are drawn. */
    public enum Style {
        /** lines through the points (with markers when there are few) */
        LINE,
        /** steps: a value holds until the next point (occupancy, queue depth) */
        STEP,
        /** markers only (an offset map: each point is one I/O) */
        POINTS
    }

    private SvgChart() {
    }

    public static String render(String id, String title, String xLabel, String yLabel, List<Series> series,
                                boolean step) {
        return render(id, title, xLabel, yLabel, series, step ? Style.STEP : Style.LINE, false);
    }

    /**
     * Renders the chart. {@code id} must be unique within the page (letters, digits, '-'); x values are seconds,
     * shown as milliseconds when the span is under 10 s ({@code xLabel} gets the unit appended); {@code step} draws
     * the lines as steps (for values that hold until the next sample, such as occupancy per bucket); {@code logY}
     * puts the values on a logarithmic axis (latency: one outlier would otherwise flatten the body of the
     * distribution; values that are not positive are left out). The SVG has a {@code viewBox}, so the page's CSS
     * can scale it down to a narrow window instead of clipping it.
     */
    public static String render(String id, String title, String xLabel, String yLabel, List<Series> series,
                                Style style, boolean logY) {
        return render(id, title, xLabel, yLabel, series, style, logY, false);
    }

    /**
     * As {@link #render(String, String, String, String, List, Style, boolean)}, and {@code logX} puts the x values
     * on a logarithmic axis (a latency distribution function: the body spans microseconds, the tail milliseconds);
     * x values that are not positive are left out.
     */
    public static String render(String id, String title, String xLabel, String yLabel, List<Series> series,
                                Style style, boolean logY, boolean logX) {
        boolean step = style == Style.STEP;
        if (!id.matches("[A-Za-z][A-Za-z0-9-]*")) {
            throw new IllegalArgumentException("bad chart id " + id);
        }
        double span = 0;
        for (Series s : series) {
            for (double x : s.x()) {
                span = Math.max(span, x);
            }
        }
        double scale = span < 10 ? 1000 : 1;
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> names = new ArrayList<>();
        for (Series s : series) {
            String name = s.name();
            int n = 2;
            while (names.contains(name)) { // XYSeriesCollection keys must be unique
                name = s.name() + " #" + n++;
            }
            names.add(name);
            XYSeries xs = new XYSeries(name, false, true);
            for (int i = 0; i < s.x().length; i++) {
                if (step && i > 0) { // hold the previous value up to this point: one path instead of many lines
                    xs.add(s.x()[i] * scale, s.y()[i - 1], false);
                }
                double y = s.y()[i];
                if (logX && !(s.x()[i] > 0)) {
                    continue;
                }
                xs.add(s.x()[i] * scale, logY && !(y > 0) ? Double.NaN : y, false);
                if (style == Style.POINTS) {
                    // a dot is a tiny segment of one shared path, cut off by a gap: a few bytes a point instead
                    // of one SVG element each (an offset map has thousands)
                    xs.add(s.x()[i] * scale * (1 + 1e-9) + 1e-12, y, false);
                    xs.add(s.x()[i] * scale, Double.NaN, false);
                }
            }
            data.addSeries(xs);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel + (scale == 1 ? " (s)" : " (ms)"), yLabel, data, PlotOrientation.VERTICAL,
                series.size() > 1, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(new Color(0xfafafa));
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        if (logY) {
            plot.setRangeAxis(logAxis(yLabel));
        }
        if (logX) {
            plot.setDomainAxis(logAxis(plot.getDomainAxis().getLabel()));
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, style == Style.POINTS ? new BasicStroke(2.5f, BasicStroke.CAP_SQUARE,
                    BasicStroke.JOIN_MITER) : new BasicStroke(1.6f));
            if (style == Style.POINTS) {
                r.setSeriesShapesVisible(i, false);
            } else {
                r.setSeriesShapesVisible(i, !step && series.get(i).x().length <= 200);
                r.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
            }
        }
        plot.setRenderer(r);
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        g.setDefsKeyPrefix(id + "-");
        // three decimals are plenty on an 880-pixel canvas and keep the output short and stable
        g.setGeomDoubleConverter(SvgChart::fmt);
        g.setTransformDoubleConverter(SvgChart::fmt);
        chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement(id, true, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
    }

    /** A base-10 logarithmic axis with plain decimal tick labels (no exponents). */
    private static org.jfree.chart.axis.LogAxis logAxis(String label) {
        org.jfree.chart.axis.LogAxis log = new org.jfree.chart.axis.LogAxis(label);
        log.setSmallestValue(1e-6);
        log.setBase(10);
        log.setNumberFormatOverride(new java.text.DecimalFormat("0.###",
                java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)));
        return log;
    }

    private static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = String.format(Locale.ROOT, "%.3f", d);
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        return s.substring(0, s.charAt(end - 1) == '.' ? end - 1 : end);
    }
}
