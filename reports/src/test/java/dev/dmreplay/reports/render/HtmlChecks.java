package dev.dmreplay.reports.render;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Well-formedness checks of rendered pages, independent of the writer: balanced tags, escaped text. */
public final class HtmlChecks {
    private static final Pattern TAG = Pattern.compile("<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>");
    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|quot|#39|#\\d+|#x[0-9a-fA-F]+);");
    private static final Set<String> VOID = Set.of("meta", "br", "hr", "img", "link", "input");

    private HtmlChecks() {
    }

    /** Throws AssertionError naming the first problem: an unbalanced tag, a raw '<' or a bare '&'. */
    public static void assertWellFormed(String html) {
        String body = html.startsWith("<!DOCTYPE html>") ? html.substring("<!DOCTYPE html>".length()) : html;
        Deque<String> open = new ArrayDeque<>();
        Matcher m = TAG.matcher(body);
        int pos = 0;
        while (m.find()) {
            text(body.substring(pos, m.start()), m.start());
            pos = m.end();
            String name = m.group(2).toLowerCase(java.util.Locale.ROOT);
            if (!m.group(1).isEmpty()) {
                String top = open.poll();
                if (!name.equals(top)) {
                    throw new AssertionError("</" + name + "> at " + m.start() + " closes <" + top + ">");
                }
            } else if (m.group(4).isEmpty() && !VOID.contains(name)) {
                open.push(name);
            }
            attributes(m.group(3), m.start());
        }
        text(body.substring(pos), pos);
        if (!open.isEmpty()) {
            throw new AssertionError("unclosed elements " + open);
        }
    }

    private static void text(String t, int at) {
        int lt = t.indexOf('<');
        if (lt >= 0) {
            throw new AssertionError("raw '<' in text at " + (at + lt) + ": " + t.substring(lt, Math.min(t.length(), lt + 40)));
        }
        amps(t, at);
    }

    private static void attributes(String a, int at) {
        amps(a, at);
    }

    private static void amps(String t, int at) {
        for (int i = t.indexOf('&'); i >= 0; i = t.indexOf('&', i + 1)) {
            if (!ENTITY.matcher(t).region(i, t.length()).lookingAt()) {
                throw new AssertionError("bare '&' at " + (at + i) + ": " + t.substring(i, Math.min(t.length(), i + 20)));
            }
        }
    }
}
