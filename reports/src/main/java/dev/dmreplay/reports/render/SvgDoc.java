package dev.dmreplay.reports.render;

import java.util.Locale;

/**
 * A hand-laid-out SVG diagram (the DM stack, a wait-for chain): the elements the drawings need, written with
 * escaped text and coordinates rounded to one decimal so the same drawing always gives the same bytes. The root
 * carries a {@code viewBox}, so the page's CSS scales the diagram down in a narrow window instead of clipping it.
 * Text widths are estimated from the character count of a monospace font (no font metrics are needed, so the
 * layout does not depend on the machine).
 */
final class SvgDoc {
    /** Width of one character of the 11 px monospace font the diagrams use. */
    static final double CHAR = 6.7;
    /** Height of one text line. */
    static final double LINE = 14;

    private final StringBuilder b = new StringBuilder(4096);
    private final String id;

    /** A drawing whose SVG element will have {@code id} (its markers are named after it). */
    SvgDoc(String id) {
        if (!id.matches("[A-Za-z][A-Za-z0-9-]*")) {
            throw new IllegalArgumentException("bad diagram id " + id);
        }
        this.id = id;
    }

    String id() {
        return id;
    }

    /** Escaped text inside the element opened last. */
    SvgDoc content(String text) {
        b.append(Html.esc(text));
        return this;
    }

    /** Text width in pixels of {@code s} in the diagrams' font. */
    static double width(String s) {
        return s.length() * CHAR;
    }

    /** {@code s} cut to {@code max} characters, an ellipsis marking the cut. */
    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    static String num(double d) {
        long r = Math.round(d * 10);
        return r % 10 == 0 ? Long.toString(r / 10) : String.format(Locale.ROOT, "%.1f", r / 10.0);
    }

    SvgDoc open(String tag, String... attrs) {
        b.append('<').append(tag);
        attrs(attrs);
        b.append('>');
        return this;
    }

    SvgDoc close(String tag) {
        b.append("</").append(tag).append(">\n");
        return this;
    }

    /** An element without content. */
    SvgDoc empty(String tag, String... attrs) {
        b.append('<').append(tag);
        attrs(attrs);
        b.append("/>");
        return this;
    }

    /** An element with escaped text content. */
    SvgDoc text(String tag, String text, String... attrs) {
        b.append('<').append(tag);
        attrs(attrs);
        b.append('>').append(Html.esc(text)).append("</").append(tag).append('>');
        return this;
    }

    /** A tooltip for the enclosing element (browsers show an SVG {@code <title>} on hover). */
    SvgDoc title(String text) {
        return text("title", text);
    }

    SvgDoc rect(double x, double y, double w, double h, String cls) {
        return empty("rect", "x", num(x), "y", num(y), "width", num(w), "height", num(h), "rx", "4", "class", cls);
    }

    SvgDoc label(double x, double y, String text, String cls) {
        return text("text", text, "x", num(x), "y", num(y), "class", cls);
    }

    private void attrs(String[] attrs) {
        for (int i = 0; i + 1 < attrs.length; i += 2) {
            b.append(' ').append(attrs[i]).append("=\"").append(Html.esc(attrs[i + 1])).append('"');
        }
    }

    /**
     * The whole SVG element: {@code id} (unique in the page), an accessible label, its size and the body, with
     * the diagrams' styles scoped to the id and an arrowhead marker named {@code id-arrow} (and
     * {@code id-arrow-hot} for highlighted edges).
     */
    static String svg(String cls, String label, double w, double h, String style, SvgDoc body) {
        String id = body.id;
        StringBuilder s = new StringBuilder(body.b.length() + 1024);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"").append(id).append("\" class=\"").append(cls)
                .append("\" viewBox=\"0 0 ").append(num(w)).append(' ').append(num(h)).append("\" width=\"")
                .append(num(w)).append("\" height=\"").append(num(h)).append("\" role=\"img\" aria-label=\"")
                .append(Html.esc(label)).append("\">\n");
        s.append("<style>").append(style.replace("#ID", "#" + id)).append("</style>\n");
        s.append("<defs>");
        marker(s, id + "-arrow", "#555");
        marker(s, id + "-arrow-hot", "#c0392b");
        s.append("</defs>\n");
        s.append(body.b);
        s.append("</svg>");
        return s.toString();
    }

    private static void marker(StringBuilder s, String id, String color) {
        s.append("<marker id=\"").append(id).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" ")
                .append("markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto\">")
                .append("<path d=\"M0 0L10 5L0 10z\" fill=\"").append(color).append("\"/></marker>");
    }
}
