package dev.dmreplay.ingest.dm;

import java.util.ArrayList;
import java.util.List;

/** Whitespace splitting without regular expressions (dmsetup separates with spaces, ls with a tab). */
final class Words {
    private Words() {
    }

    static List<String> split(String s) {
        return split(s, 0, s.length());
    }

    static List<String> split(String s, int from, int to) {
        List<String> out = new ArrayList<>();
        int i = from;
        while (i < to) {
            while (i < to && isBlank(s.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < to && !isBlank(s.charAt(j))) {
                j++;
            }
            if (j > i) {
                out.add(s.substring(i, j));
            }
            i = j;
        }
        return out;
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b;
    }

    static String stripTrailing(String s) {
        int e = s.length();
        while (e > 0 && isBlank(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(0, e);
    }

    /** Lines of a text, without terminators; a final newline does not make an extra empty line. */
    static List<String> lines(CharSequence text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.subSequence(start, i).toString());
                start = i + 1;
            }
        }
        if (start < n) {
            out.add(text.subSequence(start, n).toString());
        }
        return out;
    }
}
