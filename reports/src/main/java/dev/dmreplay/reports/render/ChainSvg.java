package dev.dmreplay.reports.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link WaitChain}: the chain's nodes in one column, top to bottom in chain order, each arrow labelled
 * with what it means ("waits in mempool_alloc", "held by", "parked on", "drained only by"); in a deadlock every
 * arrow is on the cycle and drawn red, the last one running back up the left side to the first node. Other holders
 * of a pool on the chain stand to the right of the pool, in grey, so a pool held by many parked bios shows as one
 * pool and a fan of lists.
 */
final class ChainSvg {
    /** Characters of a label shown in a box (the whole label is its tooltip). */
    static final int LABEL_CHARS = 60;
    private static final double PAD = 8;
    private static final double BOX_H = SvgDoc.LINE + 12;
    private static final double GAP_Y = 30;
    private static final double LEFT = 44;
    private static final double MARGIN = 10;
    private static final double CONTEXT_GAP = 70;
    private static final String STYLE = "#ID text{font:11px monospace;fill:#1d1d1f}"
            + "#ID .elabel{fill:#555;font-size:10px}#ID .hot .elabel{fill:#c0392b}"
            + "#ID rect{stroke:#7a8794;stroke-width:1.1;fill:#fff}"
            + "#ID .TASK rect{fill:#dbe9f8;stroke:#24323f}#ID .POOL rect{fill:#f3cde8;stroke:#6b3d8f}"
            + "#ID .RESOURCE rect{fill:#fde2c8;stroke:#a35a00}#ID .ELEMENT rect{fill:#eeeeee}"
            + "#ID .LIST rect{fill:#fff;stroke-dasharray:4 3}#ID .WORK rect{fill:#e3f4e1;stroke:#3c763d}"
            + "#ID .context rect{opacity:.75}#ID .context text{fill:#555}"
            + "#ID path.edge{fill:none;stroke:#777;stroke-width:1.2}"
            + "#ID .hot path.edge{stroke:#c0392b;stroke-width:2.2}#ID .ctx path.edge{stroke-dasharray:3 3}";

    private ChainSvg() {
    }

    private record Box(double x, double y, double w) {
        double cx() {
            return x + w / 2;
        }

        double mid() {
            return y + BOX_H / 2;
        }
    }

    /** The SVG element; {@code id} must be unique in the page. */
    static String render(String id, WaitChain c) {
        List<WaitChain.Node> nodes = c.nodes();
        double colW = 0;
        double ctxW = 0;
        int chain = 0;
        for (WaitChain.Node n : nodes) {
            double w = SvgDoc.width(SvgDoc.cut(n.label(), LABEL_CHARS)) + 2 * PAD;
            if (n.context()) {
                ctxW = Math.max(ctxW, w);
            } else {
                colW = Math.max(colW, w);
                chain++;
            }
        }
        double edgeLabels = 0;
        for (WaitChain.Edge e : c.edges()) {
            edgeLabels = Math.max(edgeLabels, SvgDoc.width(e.label()));
        }
        // the column is at least as wide as an arrow's label beside it
        colW = Math.max(colW, 2 * edgeLabels + 24);
        List<Box> boxes = new ArrayList<>();
        double ctxX = LEFT + colW + CONTEXT_GAP;
        int[] ctxRow = new int[nodes.size()];
        int ctxCount = 0;
        for (int i = 0; i < nodes.size(); i++) {
            if (!nodes.get(i).context()) {
                boxes.add(new Box(LEFT, MARGIN + i * (BOX_H + GAP_Y), colW));
            } else {
                boxes.add(null);
            }
        }
        for (WaitChain.Edge e : c.edges()) {
            if (nodes.get(e.to()).context()) {
                Box from = boxes.get(e.from());
                double y = from.y() + ctxRow[e.from()]++ * (BOX_H + 6);
                double w = SvgDoc.width(SvgDoc.cut(nodes.get(e.to()).label(), LABEL_CHARS)) + 2 * PAD;
                boxes.set(e.to(), new Box(ctxX, y, w));
                ctxCount++;
            }
        }
        double width = (ctxCount > 0 ? ctxX + ctxW : LEFT + colW) + MARGIN;
        double height = MARGIN;
        for (Box b : boxes) {
            if (b != null) {
                height = Math.max(height, b.y() + BOX_H + MARGIN);
            }
        }
        SvgDoc s = new SvgDoc(id);
        for (WaitChain.Edge e : c.edges()) {
            edge(s, c, e, boxes.get(e.from()), boxes.get(e.to()));
        }
        for (int i = 0; i < nodes.size(); i++) {
            WaitChain.Node n = nodes.get(i);
            Box b = boxes.get(i);
            if (b == null) {
                continue;
            }
            s.open("g", "class", "node " + n.kind().name() + (n.context() ? " context" : ""), "data-index",
                    Integer.toString(i));
            s.title(n.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + n.label());
            s.rect(b.x(), b.y(), b.w(), BOX_H, "");
            s.label(b.x() + PAD, b.y() + BOX_H / 2 + 4, SvgDoc.cut(n.label(), LABEL_CHARS), "");
            s.close("g");
        }
        return SvgDoc.svg("chaindiagram", (c.cycle() ? "deadlock" : "blocked") + " wait-for chain of " + chain
                + " nodes", width, height, STYLE, s);
    }

    private static void edge(SvgDoc s, WaitChain c, WaitChain.Edge e, Box from, Box to) {
        boolean ctx = c.nodes().get(e.to()).context();
        s.open("g", "class", e.onCycle() ? "hot" : ctx ? "ctx" : "plain", "data-from", Integer.toString(e.from()),
                "data-to", Integer.toString(e.to()));
        String marker = "url(#" + s.id() + (e.onCycle() ? "-arrow-hot)" : "-arrow)");
        String d;
        double lx;
        double ly;
        if (ctx) {
            d = "M" + SvgDoc.num(from.x() + from.w()) + " " + SvgDoc.num(from.mid()) + "L" + SvgDoc.num(to.x() - 1)
                    + " " + SvgDoc.num(to.mid());
            lx = from.x() + from.w() + 6;
            ly = from.mid() - 4;
            if (to.y() != from.y()) {
                ly = Double.NaN; // one label for the fan is enough
            }
        } else if (to.y() > from.y()) {
            d = "M" + SvgDoc.num(from.cx()) + " " + SvgDoc.num(from.y() + BOX_H) + "L" + SvgDoc.num(to.cx()) + " "
                    + SvgDoc.num(to.y() - 1);
            lx = from.cx() + 8;
            ly = from.y() + BOX_H + GAP_Y / 2 + 4;
        } else {
            // back to an earlier node: out of the left side, up, and in again (the edge closing the cycle)
            double x = MARGIN + 6;
            d = "M" + SvgDoc.num(from.x()) + " " + SvgDoc.num(from.mid()) + "C" + SvgDoc.num(x) + " "
                    + SvgDoc.num(from.mid()) + " " + SvgDoc.num(x) + " " + SvgDoc.num(to.mid()) + " "
                    + SvgDoc.num(to.x() - 1) + " " + SvgDoc.num(to.mid());
            lx = Double.NaN;
            ly = Double.NaN;
        }
        s.empty("path", "class", "edge", "d", d, "marker-end", marker);
        if (!Double.isNaN(lx) && !Double.isNaN(ly)) {
            s.label(lx, ly, e.label(), "elabel");
        }
        s.title(e.label());
        s.close("g");
    }
}
