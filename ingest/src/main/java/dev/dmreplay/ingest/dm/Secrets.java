package dev.dmreplay.ingest.dm;

/**
 * Masks key material and key references of device-mapper tables. dm-crypt keys (and keyring references, which
 * name the key) never get past the table parser: a dump is redacted as it is read ({@link #redactTable}), so
 * error messages, stored dumps (Parquet footers, run directories) and everything derived from the parsed table
 * only ever see the masked form. The masked form is dmsetup's own (same length, all zeros) so that a stored dump
 * still parses; free-text outputs of the replay model print {@value #REDACTED} instead of a key field.
 */
public final class Secrets {
    /** What free-text outputs print in place of a key. */
    public static final String REDACTED = "<key redacted>";

    private Secrets() {
    }

    /**
     * A crypt key as dmsetup prints it without {@code --showkeys} (lvm2 dmsetup.c {@code _status}): every
     * character up to the next space becomes '0', so an empty key ("-") prints as "0". A keyring reference
     * ({@code :<size>:<type>:<desc>}) keeps its size and type; its description, which names the key, becomes
     * zeros of the same length.
     */
    static String maskKey(String key) {
        if (key.startsWith(":")) {
            String[] p = key.split(":", 4);
            if (p.length == 4) {
                return ":" + p[1] + ":" + p[2] + ":" + "0".repeat(p[3].length());
            }
            return "0".repeat(key.length());
        }
        return "0".repeat(key.length());
    }

    /** {@code name:alg:key} options of dm-integrity: the key part after the second colon is zeroed. */
    static String maskIntegrityOption(String option) {
        if (option.startsWith("internal_hash:") || option.startsWith("journal_crypt:")
                || option.startsWith("journal_mac:")) {
            int first = option.indexOf(':');
            int second = option.indexOf(':', first + 1);
            if (second > 0) {
                return option.substring(0, second + 1) + maskKey(option.substring(second + 1));
            }
        }
        return option;
    }

    /**
     * A {@code dmsetup table} dump (any of its forms) with every crypt key field masked ({@link #maskKey}): the
     * second word after a word {@code crypt}, on every line, whether or not the line is otherwise well formed
     * (so that an error message quoting a bad line cannot quote a key). Line breaks and spacing are kept.
     */
    public static String redactTable(CharSequence text) {
        String s = text.toString();
        if (!s.contains("crypt")) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int pos = 0;
        while (pos < s.length()) {
            int nl = s.indexOf('\n', pos);
            int end = nl < 0 ? s.length() : nl + 1;
            out.append(redactLine(s.substring(pos, end)));
            pos = end;
        }
        return out.toString();
    }

    private static String redactLine(String line) {
        if (!line.contains("crypt")) {
            return line;
        }
        java.util.List<int[]> words = new java.util.ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int st = i;
            while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i > st) {
                words.add(new int[] {st, i});
            }
        }
        StringBuilder b = new StringBuilder(line);
        for (int w = 0; w + 2 < words.size(); w++) {
            int[] t = words.get(w);
            if (line.substring(t[0], t[1]).equals("crypt")) {
                int[] k = words.get(w + 2);
                String masked = maskKey(line.substring(k[0], k[1]));
                // same length: offsets of the other words stay valid
                b.replace(k[0], k[1], masked);
            }
        }
        return b.toString();
    }
}
