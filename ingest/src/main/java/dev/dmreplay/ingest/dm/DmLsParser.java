package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.io.TableFormatException;
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
 * non-dm leaves as {@code  (8:16)}; {@code -o inverted} trees, leaves on top, are recognised by a top-level
 * leaf). The form is recognised per line: a tree line has no tab.
 */
public final class DmLsParser {
    private DmLsParser() {
    }

    public static DmListing parse(String source, CharSequence text) {
        Map<String, DevNo> numbers = new LinkedHashMap<>();
        Set<DmListing.Edge> edges = new LinkedHashSet<>();
        List<Node> stack = new ArrayList<>();
        List<Node[]> links = new ArrayList<>();
        List<Integer> linkLines = new ArrayList<>();
        boolean inverted = false;
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
                throw TableFormatException.atLine(source, lineNo, "tree drawing of " + prefix
                        + " columns is not a multiple of 3: '" + TableFormatException.shorten(line) + "'");
            }
            int depth = prefix / 3;
            String rest = line.substring(prefix);
            int open = rest.lastIndexOf('(');
            if (open < 0 || !rest.endsWith(")") && rest.indexOf(')', open) < 0) {
                throw TableFormatException.atLine(source, lineNo, "expected 'name (major:minor)' in dmsetup ls "
                        + "--tree output, got '" + TableFormatException.shorten(line) + "'");
            }
            int close = rest.indexOf(')', open);
            String name = rest.substring(0, open).strip();
            if (name.endsWith(">") && name.lastIndexOf(" <") >= 0) {
                name = name.substring(0, name.lastIndexOf(" <")); // -o blkdevname: "vg0-data <dm-5> (253:5)"
            } else if (name.startsWith("<") && name.endsWith(">")) {
                name = ""; // a leaf: "<sdb> (8:16)"
            }
            DevNo no = devNo(source, lineNo, line, rest.substring(open, close + 1));
            if (depth > stack.size()) {
                throw TableFormatException.atLine(source, lineNo, "tree line indented " + depth
                        + " level(s) below a parent at level " + (stack.size() - 1));
            }
            while (stack.size() > depth) {
                stack.remove(stack.size() - 1);
            }
            Node node = new Node(name.isEmpty() ? null : name, no);
            if (depth == 0 && node.name == null) {
                inverted = true;
            }
            if (depth > 0) {
                links.add(new Node[] {stack.get(depth - 1), node});
                linkLines.add(lineNo);
            }
            if (node.name != null) {
                put(source, lineNo, numbers, node.name, no);
            }
            stack.add(node);
        }
        // Default tree: a parent uses its children. "-o inverted": leaves on top, each child uses its parent.
        for (int k = 0; k < links.size(); k++) {
            Node upper = links.get(k)[inverted ? 1 : 0];
            Node lower = links.get(k)[inverted ? 0 : 1];
            if (upper.name == null) {
                throw TableFormatException.atLine(source, linkLines.get(k), "tree shows a non-dm device ("
                        + upper.no.colon() + ") using another device");
            }
            edges.add(new DmListing.Edge(upper.name, lower.name, lower.no));
        }
        return new DmListing(source, numbers, Map.of(), new ArrayList<>(edges));
    }

    /** A tree line's device; name null for a non-dm leaf. */
    private record Node(String name, DevNo no) {
    }

    private static boolean isTreeChar(char c) {
        return c == ' ' || c == '|' || c == '`' || c == '-' || c == '\u251c' || c == '\u2514' || c == '\u2500'
                || c == '\u2502';
    }

    private static void put(String source, int lineNo, Map<String, DevNo> numbers, String name, DevNo no) {
        DevNo old = numbers.putIfAbsent(name, no);
        if (old != null && !old.equals(no)) {
            throw TableFormatException.atLine(source, lineNo, "device " + name + " listed as " + no.colon()
                    + " here and as " + old.colon() + " before");
        }
    }

    /** {@code (253:0)} or {@code (253, 0)}. */
    static DevNo devNo(String source, int lineNo, String line, String paren) {
        if (paren.length() < 5 || paren.charAt(0) != '(' || paren.charAt(paren.length() - 1) != ')') {
            throw TableFormatException.atLine(source, lineNo, "expected '(major:minor)', got '"
                    + TableFormatException.shorten(line) + "'");
        }
        String inner = paren.substring(1, paren.length() - 1);
        try {
            return DevNo.parse(inner);
        } catch (IllegalArgumentException e) {
            throw TableFormatException.atLine(source, lineNo, "expected '(major:minor)', got '"
                    + TableFormatException.shorten(paren) + "' (with -o blkdevname dmsetup prints no numbers)");
        }
    }
}
