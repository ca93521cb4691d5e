package dev.dmreplay.ingest.store;

import java.util.List;
import java.util.Map;

/**
 * Writes the JSON values of the store's footer ({@link StoreMetadata#toKeyValues()}): a list of strings and a map of
 * strings to strings, exactly as Jackson's {@code ObjectMapper.writeValueAsString} writes them with its default
 * settings (no spaces; {@code "} and backslash escaped with a backslash, backspace, tab, newline, form feed and
 * carriage return by their short forms, the other characters below U+0020 as a backslash-u escape of four upper-case
 * hex digits, everything else as it is). Stores stay byte-identical to those written through Jackson, and writing
 * one no longer loads Jackson's object mapper (several hundred classes, about a tenth of a second on the main thread
 * of every {@code ingest}); reading a footer still parses it with Jackson.
 */
final class FooterJson {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FooterJson() {
    }

    /** {@code ["a","b"]}. */
    static String array(List<String> values) {
        StringBuilder sb = new StringBuilder(2 + 16 * values.size()).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, values.get(i));
        }
        return sb.append(']').toString();
    }

    /** {@code {"k":"v"}}, in the map's iteration order. */
    static String object(Map<String, String> entries) {
        StringBuilder sb = new StringBuilder(2 + 24 * entries.size()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, e.getKey());
            sb.append(':');
            string(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static void string(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 15]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
