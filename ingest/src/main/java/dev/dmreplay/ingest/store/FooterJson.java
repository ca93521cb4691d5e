package dev.dmreplay.ingest.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON values of the store's footer ({@link StoreMetadata}): a list of strings and a map of strings to strings.
 * They are written exactly as Jackson's {@code ObjectMapper.writeValueAsString} writes them with its default settings
 * (no spaces; {@code "} and backslash escaped with a backslash, backspace, tab, newline, form feed and carriage return
 * by their short forms, the other characters below U+0020 as a backslash-u escape of four upper-case hex digits,
 * everything else as it is), so stores stay byte-identical to those written through Jackson; and read as strict JSON
 * of those two shapes (any JSON spacing and escapes; anything else, such as a number where a string belongs, trailing
 * text or a raw control character in a string, is refused with where it went wrong). Neither needs Jackson's object
 * mapper, which loaded several hundred classes on the main thread, about a tenth of a second before an {@code ingest}
 * could write or an {@code analyze} of a store could read its first row.
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

    /** Parses a JSON array of strings; throws {@link IllegalArgumentException} saying what is wrong and where. */
    static List<String> parseArray(String json) {
        Parser p = new Parser(json);
        List<String> out = new ArrayList<>();
        p.expect('[');
        if (!p.skip(']')) {
            do {
                out.add(p.string());
            } while (p.skip(','));
            p.expect(']');
        }
        p.end();
        return out;
    }

    /** Parses a JSON object of string values, keeping its order (a repeated key keeps its last value). */
    static Map<String, String> parseObject(String json) {
        Parser p = new Parser(json);
        Map<String, String> out = new LinkedHashMap<>();
        p.expect('{');
        if (!p.skip('}')) {
            do {
                String key = p.string();
                p.expect(':');
                out.put(key, p.string());
            } while (p.skip(','));
            p.expect('}');
        }
        p.end();
        return out;
    }

    /** A cursor over one JSON text; columns in messages count from 1. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        private void spaces() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                i++;
            }
        }

        /** Consumes {@code c} (after spaces) if it is next. */
        boolean skip(char c) {
            spaces();
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!skip(c)) {
                throw problem("expected '" + c + "'");
            }
        }

        void end() {
            spaces();
            if (i < s.length()) {
                throw problem("unexpected text after the value");
            }
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw problem("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    i--;
                    throw problem("control character " + (int) c + " in a string");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw problem("unterminated string");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append(hex4());
                    default -> {
                        i--;
                        throw problem("bad escape '\\" + e + "'");
                    }
                }
            }
        }

        private char hex4() {
            if (i + 4 > s.length()) {
                throw problem("incomplete unicode escape");
            }
            int v = 0;
            for (int k = 0; k < 4; k++) {
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0) {
                    throw problem("bad hex digit in a unicode escape");
                }
                v = v << 4 | d;
                i++;
            }
            return (char) v;
        }

        private IllegalArgumentException problem(String what) {
            return new IllegalArgumentException(what + " at column " + (i + 1));
        }
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
