package dev.dmreplay.reports.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a {@link DmStack} as a tree, top-level mapped devices at the top and leaf devices at the bottom: each mapped
 * device is a frame holding its name, its pools with their reserves and one box per table line (target type and
 * the line itself); an arrow goes from each target to every device it maps onto. A device sits one row below the
 * lowest device using it, so a stack of any depth reads top-down the way a bio travels.
 */
final class StackSvg {
    /** Characters of a table line shown in a target box (the whole line is its tooltip). */
    static final int LINE_CHARS = 52;
    /** Targets drawn per device; a longer table gets one more box summing up the rest. */
    static final int MAX_TARGETS = 12;
    private static final double PAD = 8;
    private static final double GAP_X = 22;
    private static final double GAP_Y = 48;
    private static final double MARGIN = 12;
    private static final double TARGET_H = 2 * SvgDoc.LINE + 10;
    private static final double LEAF_H = SvgDoc.LINE + 14;
    private static final String STYLE = "#ID text{font:11px monospace;fill:#1d1d1f}"
            + "#ID .name{font-weight:700;font-size:12px}#ID .ttype{font-weight:700}"
            + "#ID .pool{fill:#6b3d8f}#ID rect.dev{fill:#eef3fa;stroke:#24323f;stroke-width:1.2}"
            + "#ID rect.target{fill:#fff;stroke:#7a8794}#ID rect.leaf{fill:#f1f1e6;stroke:#6b6b45}"
            + "#ID rect.other{fill:#fbf7ff;stroke:#6b3d8f;stroke-dasharray:4 3}"
            + "#ID path.edge{fill:none;stroke:#555;stroke-width:1.3}";

    private StackSvg() {
    }

    /** A box placed on the canvas. */
    private record Box(double x, double y, double w, double h) {
        double cx() {
            return x + w / 2;
        }
    }

    /** A node of the layout: a mapped device or a leaf, its size, and where its targets' boxes sit inside it. */
    private static final class Node {
        final String key;
        final DmStack.Device device;
        final DmStack.Leaf leaf;
        final List<DmStack.Target> shown = new ArrayList<>();
        final List<String> shownText = new ArrayList<>();
        final List<Double> targetW = new ArrayList<>();
        double w;
        double h;
        double x;
        double y;
        int row;

        Node(String key, DmStack.Device device, DmStack.Leaf leaf) {
            this.key = key;
            this.device = device;
            this.leaf = leaf;
        }
    }

    /** The SVG element; {@code id} must be unique in the page. */
    static String render(String id, DmStack stack) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (DmStack.Device d : stack.devices()) {
            nodes.put(d.name(), device(d));
        }
        for (DmStack.Leaf l : stack.leaves()) {
            Node n = new Node(l.key(), null, l);
            n.w = SvgDoc.width(l.label()) + 2 * PAD;
            n.h = LEAF_H;
            nodes.put(l.key(), n);
        }
        List<List<Node>> rows = rows(stack, nodes);
        double width = 0;
        for (List<Node> row : rows) {
            width = Math.max(width, rowWidth(row));
        }
        Node other = null;
        if (!stack.other().isEmpty()) {
            other = new Node("", null, null);
            double w = SvgDoc.width("other pools of the run");
            for (DmStack.Pool p : stack.other()) {
                w = Math.max(w, SvgDoc.width(pool(p, "")));
            }
            other.w = w + 2 * PAD;
            other.h = SvgDoc.LINE * (1 + stack.other().size()) + 2 * PAD;
            width = Math.max(width, other.w);
        }
        width += 2 * MARGIN;
        double y = MARGIN;
        if (other != null) {
            other.x = (width - other.w) / 2;
            other.y = y;
            y += other.h + GAP_Y / 2;
        }
        for (List<Node> row : rows) {
            double x = (width - rowWidth(row)) / 2;
            double rowH = 0;
            for (Node n : row) {
                n.x = x;
                n.y = y;
                x += n.w + GAP_X;
                rowH = Math.max(rowH, n.h);
            }
            y += rowH + GAP_Y;
        }
        double height = y - GAP_Y + MARGIN;
        SvgDoc s = new SvgDoc(id);
        edges(s, nodes);
        if (other != null) {
            s.open("g", "class", "other");
            s.rect(other.x, other.y, other.w, other.h, "other");
            s.label(other.x + PAD, other.y + PAD + 11, "other pools of the run", "name");
            double ly = other.y + PAD + 11 + SvgDoc.LINE;
            for (DmStack.Pool p : stack.other()) {
                s.label(other.x + PAD, ly, pool(p, ""), "pool");
                ly += SvgDoc.LINE;
            }
            s.close("g");
        }
        for (Node n : nodes.values()) {
            if (n.device != null) {
                drawDevice(s, n);
            } else {
                s.open("g", "class", "leaf", "data-key", n.leaf.key());
                s.title("leaf device " + n.leaf.label());
                s.rect(n.x, n.y, n.w, n.h, "leaf");
                s.label(n.x + PAD, n.y + LEAF_H / 2 + 4, n.leaf.label(), "name");
                s.close("g");
            }
        }
        return SvgDoc.svg("stack", "device-mapper stack: " + stack.devices().size() + " mapped device(s), "
                + stack.leaves().size() + " leaf device(s)", width, height, STYLE, s);
    }

    private static Node device(DmStack.Device d) {
        Node n = new Node(d.name(), d, null);
        double w = SvgDoc.width(header(d)) + 2;
        for (DmStack.Pool p : d.pools()) {
            w = Math.max(w, SvgDoc.width(pool(p, d.name())));
        }
        List<DmStack.Target> ts = d.targets();
        int shown = ts.size() > MAX_TARGETS ? MAX_TARGETS - 1 : ts.size();
        for (int i = 0; i < shown; i++) {
            n.shown.add(ts.get(i));
            n.shownText.add(SvgDoc.cut(ts.get(i).line(), LINE_CHARS));
        }
        if (shown < ts.size()) {
            // the rest in one box, mapping onto everything they map onto
            List<String> lowers = new ArrayList<>();
            for (DmStack.Target t : ts.subList(shown, ts.size())) {
                t.lowers().stream().filter(l -> !lowers.contains(l)).forEach(lowers::add);
            }
            n.shown.add(new DmStack.Target("+" + (ts.size() - shown) + " more", "table lines " + (shown + 1) + "-"
                    + ts.size(), lowers));
            n.shownText.add("table lines " + (shown + 1) + "-" + ts.size());
        }
        double row = 0;
        for (int i = 0; i < n.shown.size(); i++) {
            double tw = Math.max(SvgDoc.width(n.shown.get(i).type()), SvgDoc.width(n.shownText.get(i))) + 2 * PAD;
            n.targetW.add(tw);
            row += tw + (i > 0 ? PAD : 0);
        }
        n.w = Math.max(w, row) + 2 * PAD;
        n.h = PAD + SvgDoc.LINE * (1 + d.pools().size()) + 6 + (n.shown.isEmpty() ? 0 : TARGET_H) + PAD;
        return n;
    }

    private static String header(DmStack.Device d) {
        return d.name() + (d.number().isEmpty() ? "" : " (" + d.number() + ")");
    }

    /** A pool's line: its name without the device it belongs to, and its reserve. */
    private static String pool(DmStack.Pool p, String device) {
        String n = p.name();
        String suffix = " of " + device;
        if (!device.isEmpty() && n.endsWith(suffix)) {
            n = n.substring(0, n.length() - suffix.length());
        }
        return n + (p.reserve() >= 0 ? ": reserve " + p.reserve() : ": reserve unknown");
    }

    /** Where the targets' boxes of {@code n} are. */
    private static List<Box> targetBoxes(Node n) {
        List<Box> out = new ArrayList<>();
        double x = n.x + PAD;
        double y = n.y + n.h - PAD - TARGET_H;
        for (double w : n.targetW) {
            out.add(new Box(x, y, w, TARGET_H));
            x += w + PAD;
        }
        return out;
    }

    private static void drawDevice(SvgDoc s, Node n) {
        DmStack.Device d = n.device;
        s.open("g", "class", "dev", "data-name", d.name());
        s.title("mapped device " + header(d) + ": " + d.targets().size() + " table line(s)");
        s.rect(n.x, n.y, n.w, n.h, "dev");
        double y = n.y + PAD + 11;
        s.label(n.x + PAD, y, header(d), "name");
        for (DmStack.Pool p : d.pools()) {
            y += SvgDoc.LINE;
            s.open("text", "x", SvgDoc.num(n.x + PAD), "y", SvgDoc.num(y), "class", "pool",
                    "data-pool", p.name());
            s.content(pool(p, d.name()));
            s.close("text");
        }
        List<Box> boxes = targetBoxes(n);
        for (int i = 0; i < boxes.size(); i++) {
            Box b = boxes.get(i);
            DmStack.Target t = n.shown.get(i);
            s.open("g", "class", "target", "data-type", t.type());
            s.title(t.line());
            s.rect(b.x(), b.y(), b.w(), b.h(), "target");
            s.label(b.x() + PAD, b.y() + 5 + 11, t.type(), "ttype");
            s.label(b.x() + PAD, b.y() + 5 + 11 + SvgDoc.LINE, n.shownText.get(i), "tline");
            s.close("g");
        }
        s.close("g");
    }

    private static void edges(SvgDoc s, Map<String, Node> nodes) {
        s.open("g", "class", "edges");
        for (Node n : nodes.values()) {
            if (n.device == null) {
                continue;
            }
            List<Box> boxes = targetBoxes(n);
            for (int i = 0; i < boxes.size(); i++) {
                Box from = boxes.get(i);
                for (String lower : n.shown.get(i).lowers()) {
                    Node to = nodes.get(lower);
                    if (to == null) {
                        continue;
                    }
                    double x1 = from.cx();
                    double y1 = from.y() + from.h();
                    double x2 = to.x + to.w / 2;
                    double y2 = to.y;
                    double mid = (y1 + y2) / 2;
                    s.empty("path", "class", "edge", "data-from", n.key, "data-to", lower, "d",
                            "M" + SvgDoc.num(x1) + " " + SvgDoc.num(y1) + "C" + SvgDoc.num(x1) + " " + SvgDoc.num(mid)
                                    + " " + SvgDoc.num(x2) + " " + SvgDoc.num(mid) + " " + SvgDoc.num(x2) + " "
                                    + SvgDoc.num(y2 - 1),
                            "marker-end", "url(#" + s.id() + "-arrow)");
                }
            }
        }
        s.close("g");
    }

    /**
     * The rows: a mapped device one row below the lowest device using it (top-level devices on row 0), every leaf
     * on the last row; within a row, nodes ordered by where their users sit (so edges cross little), then by name.
     */
    private static List<List<Node>> rows(DmStack stack, Map<String, Node> nodes) {
        Map<String, List<String>> users = new HashMap<>();
        for (DmStack.Device d : stack.devices()) {
            for (DmStack.Target t : d.targets()) {
                for (String l : t.lowers()) {
                    List<String> u = users.computeIfAbsent(l, k -> new ArrayList<>());
                    if (!u.contains(d.name())) {
                        u.add(d.name());
                    }
                }
            }
        }
        int deepest = 0;
        for (DmStack.Device d : stack.devices()) {
            Node n = nodes.get(d.name());
            n.row = depth(d.name(), users, new java.util.HashSet<>());
            deepest = Math.max(deepest, n.row);
        }
        int leafRow = stack.devices().isEmpty() ? 0 : deepest + 1;
        for (DmStack.Leaf l : stack.leaves()) {
            nodes.get(l.key()).row = leafRow;
        }
        List<List<Node>> rows = new ArrayList<>();
        for (int r = 0; r <= leafRow; r++) {
            rows.add(new ArrayList<>());
        }
        for (Node n : nodes.values()) {
            rows.get(n.row).add(n);
        }
        for (List<Node> row : rows) {
            double x = 0;
            for (Node n : row) { // provisional positions, table order, for the next row's ordering
                n.x = x;
                x += n.w + GAP_X;
            }
        }
        Map<String, Integer> order = new HashMap<>();
        int i = 0;
        for (Node n : nodes.values()) {
            order.put(n.key, i++);
        }
        for (int r = 1; r < rows.size(); r++) {
            List<Node> row = rows.get(r);
            Map<String, Double> centre = new HashMap<>();
            for (Node n : row) {
                double sum = 0;
                int k = 0;
                for (String u : users.getOrDefault(n.key, List.of())) {
                    Node un = nodes.get(u);
                    if (un != null && un.row < n.row) {
                        sum += un.x + un.w / 2;
                        k++;
                    }
                }
                centre.put(n.key, k == 0 ? Double.MAX_VALUE : sum / k);
            }
            row.sort(Comparator.comparingDouble((Node n) -> centre.get(n.key))
                    .thenComparing(n -> order.get(n.key)));
            double x = 0;
            for (Node n : row) {
                n.x = x;
                x += n.w + GAP_X;
            }
        }
        rows.removeIf(List::isEmpty);
        return rows;
    }

    /** Longest path from a top-level device down to {@code name}; a (malformed) cycle stops the walk. */
    private static int depth(String name, Map<String, List<String>> users, java.util.Set<String> seen) {
        if (!seen.add(name)) {
            return 0;
        }
        int d = 0;
        for (String u : users.getOrDefault(name, List.of())) {
            d = Math.max(d, depth(u, users, seen) + 1);
        }
        seen.remove(name);
        return d;
    }

    private static double rowWidth(List<Node> row) {
        double w = 0;
        for (Node n : row) {
            w += n.w;
        }
        return w + GAP_X * Math.max(0, row.size() - 1);
    }
}
