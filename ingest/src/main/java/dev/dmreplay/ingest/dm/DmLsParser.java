package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.DevNo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code dmsetup ls} ({@code name<TAB>(major:minor)}, older releases {@code (major, minor)}) and
 * {@code dmsetup ls --tree} (ASCII {@code |- `- |} or UTF-8 {@code ├─ └─ │} drawing, 3 columns per level,
 * non-dm leaves as {@code  (8:16)}). The form is recognised per line: a tree line has no tab.
 */
public final class DmLsParser {
    private DmLsParser() {
    }

    public static DmListing parse(String source, CharSequence text) {
        Map<String, DevNo> numbers = new LinkedHashMap<>();
        Set<DmListing.Edge> edges = new LinkedHashSet<>();
        List<String> stack = new ArrayList<>();
        List<String> lines = Words.lines(text);
        for (int n = 0; n < lines.size(); n++) {
            int lineNo = n + 1;
            String line = Words.stripTrailing(lines.get(n));
            if (line.isBlank() || line.equals("No devices found")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab >= 0) {
                String name = line.substring(0, tab).strip();
                DevNo no = devNo(source, lineNo, line, line.substring(tab + 1).strip());
                put(source, lineNo, numbers, name, no);
                continue;
            }
            int i = 0;
            while (i < line.length() && isTreeChar(line.charAt(i))) {
                i++;
            }
            // The drawing is 3 columns per level and ends with a branch ("|-", "`-", "├─", "└─"); a name may
            // itself start with '-', so the prefix ends after the first branch, not after the last tree char.
            int prefix = 0;
            for (int k = 1; k < i; k++) {
                char c = line.charAt(k);
                char b = line.charAt(k - 1);
                if ((c == '-' || c == '\u2500') && (b == '|' || b == '`' || b == '\u251c' || b == '\u2514')) {
                    prefix = k + 1;
                    break;
                }
            }
            if (prefix % 3 != 0) {
                throw TraceFormatException.atLine(source, lineNo, "tree drawing of " + prefix
                        + " columns is not a multiple of 3: '" + TraceFormatException.shorten(line) + "'");
            }
            int depth = prefix / 3;
            String rest = line.substring(prefix);
            int open = rest.lastIndexOf('(');
            if (open < 0 || !rest.endsWith(")") && rest.indexOf(')', open) < 0) {
                throw TraceFormatException.atLine(source, lineNo, "expected 'name (major:minor)' in dmsetup ls "
                        + "--tree output, got '" + TraceFormatException.shorten(line) + "'");
            }
            int close = rest.indexOf(')', open);
            String name = rest.substring(0, open).strip();
            DevNo no = devNo(source, lineNo, line, rest.substring(open, close + 1));
            if (depth > stack.size()) {
                throw TraceFormatException.atLine(source, lineNo, "tree line indented " + depth
                        + " level(s) below a parent at level " + (stack.size() - 1));
            }
            while (stack.size() > depth) {
                stack.remove(stack.size() - 1);
            }
            if (depth > 0) {
                String parent = stack.get(depth - 1);
                if (parent == null) {
                    throw TraceFormatException.atLine(source, lineNo, "tree line below a non-dm leaf");
                }
                edges.add(new DmListing.Edge(parent, name.isEmpty() ? null : name, no));
            }
            if (!name.isEmpty()) {
                put(source, lineNo, numbers, name, no);
            }
            stack.add(name.isEmpty() ? null : name);
        }
        return new DmListing(source, numbers, Map.of(), new ArrayList<>(edges));
    }

    private static boolean isTreeChar(char c) {
        return c == ' ' || c == '|' || c == '`' || c == '-' || c == '\u251c' || c == '\u2514' || c == '\u2500'
                || c == '\u2502';
    }

    private static void put(String source, int lineNo, Map<String, DevNo> numbers, String name, DevNo no) {
        DevNo old = numbers.putIfAbsent(name, no);
        if (old != null && !old.equals(no)) {
            throw TraceFormatException.atLine(source, lineNo, "device " + name + " listed as " + no.colon()
                    + " here and as " + old.colon() + " before");
        }
    }

    /** {@code (253:0)} or {@code (253, 0)}. */
    static DevNo devNo(String source, int lineNo, String line, String paren) {
        if (paren.length() < 5 || paren.charAt(0) != '(' || paren.charAt(paren.length() - 1) != ')') {
            throw TraceFormatException.atLine(source, lineNo, "expected '(major:minor)', got '"
                    + TraceFormatException.shorten(line) + "'");
        }
        String inner = paren.substring(1, paren.length() - 1);
        try {
            return DevNo.parse(inner);
        } catch (IllegalArgumentException e) {
            throw TraceFormatException.atLine(source, lineNo, "expected '(major:minor)', got '"
                    + TraceFormatException.shorten(paren) + "' (with -o blkdevname dmsetup prints no numbers)");
        }
    }
}
