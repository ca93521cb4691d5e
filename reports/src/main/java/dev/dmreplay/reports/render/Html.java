package dev.dmreplay.reports.render;

import java.util.List;

/**
 * A minimal HTML writer: every text goes through {@link #esc}, every element opened by {@link #open} is closed by
 * {@link #close} in order (checked), so the page stays well-formed whatever names traces, devices or tasks carry.
 */
public final class Html {
    private final StringBuilder b = new StringBuilder(1 << 16);
    private final java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>();

    /** Escapes text for element content and double-quoted attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder o = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null) {
                if (o == null) {
                    o = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                o.append(r);
            } else if (o != null) {
                o.append(c);
            }
        }
        return o == null ? s : o.toString();
    }

    /** Opens {@code tag} with attributes given as name, value pairs (values escaped). */
    public Html open(String tag, String... attrs) {
        b.append('<').append(tag);
        attrs(attrs);
        b.append('>');
        stack.push(tag);
        return this;
    }

    /** Closes the innermost open element, which must be {@code tag}. */
    public Html close(String tag) {
        String top = stack.poll();
        if (!tag.equals(top)) {
            throw new IllegalStateException("closing <" + tag + "> but <" + top + "> is open");
        }
        b.append("</").append(tag).append('>');
        return this;
    }

    /** {@code <tag attrs>text</tag>} with the text escaped. */
    public Html el(String tag, String text, String... attrs) {
        b.append('<').append(tag);
        attrs(attrs);
        b.append('>').append(esc(text)).append("</").append(tag).append('>');
        return this;
    }

    public Html text(String text) {
        b.append(esc(text));
        return this;
    }

    /** Markup produced by trusted code (inline SVG from the chart renderer, the style sheet). */
    public Html raw(String markup) {
        b.append(markup);
        return this;
    }

    public Html nl() {
        b.append('\n');
        return this;
    }

    /** A table row of header cells. */
    public Html headRow(List<String> cells) {
        open("tr");
        for (String c : cells) {
            el("th", c);
        }
        return close("tr").nl();
    }

    /** A table row of plain cells; cells that look numeric are right-aligned. */
    public Html row(List<String> cells) {
        open("tr");
        for (String c : cells) {
            if (numeric(c)) {
                el("td", c, "class", "num");
            } else {
                el("td", c);
            }
        }
        return close("tr").nl();
    }

    static boolean numeric(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        return Character.isDigit(c) || (c == '-' && s.length() > 1 && Character.isDigit(s.charAt(1)));
    }

    private void attrs(String[] attrs) {
        if (attrs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        for (int i = 0; i < attrs.length; i += 2) {
            b.append(' ').append(attrs[i]).append("=\"").append(esc(attrs[i + 1])).append('"');
        }
    }

    /** The page; every element must have been closed. */
    public String finish() {
        if (!stack.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + stack);
        }
        return b.toString();
    }
}
