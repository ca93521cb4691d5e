package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.model.DevNo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code dmsetup info -c} reports (columns found by their headings {@code Name Maj Min DevNo UUID},
 * {@code --separator X}, {@code --noheadings} with the default columns, {@code --nameprefixes}) and
 * {@code dmsetup info} blocks ({@code Name:}, {@code Major, minor:}, {@code UUID:}). Other columns and block
 * lines are ignored.
 */
public final class DmInfoParser {
    private DmInfoParser() {
    }

    public static DmListing parse(String source, CharSequence text) {
        List<String> lines = Words.lines(text);
        for (String l : lines) {
            String t = l.strip();
            if (t.isEmpty() || t.equals("No devices found")) {
                continue;
            }
            // "Name:   vg0-data" starts an info block; "Name:Maj:Min" is a report with --separator :
            if (t.startsWith("Name:") && (t.length() == 5 || Words.isBlank(t.charAt(5)))) {
                return blocks(source, lines);
            }
            break;
        }
        return report(source, lines);
    }

    private static DmListing blocks(String source, List<String> lines) {
        Map<String, DevNo> numbers = new LinkedHashMap<>();
        Map<String, String> uuids = new LinkedHashMap<>();
        String name = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "Name" -> name = value;
                case "Major, minor" -> {
                    if (name == null) {
                        throw TableFormatException.atLine(source, n + 1, "'Major, minor:' before any 'Name:'");
                    }
                    try {
                        numbers.put(name, DevNo.parse(value));
                    } catch (IllegalArgumentException e) {
                        throw TableFormatException.atLine(source, n + 1, "expected 'Major, minor: M, m', got '"
                                + TableFormatException.shorten(line) + "'");
                    }
                }
                case "UUID" -> {
                    if (name != null) {
                        uuids.put(name, value);
                    }
                }
                default -> {
                }
            }
        }
        return new DmListing(source, numbers, uuids, List.of());
    }

    private static DmListing report(String source, List<String> lines) {
        Map<String, DevNo> numbers = new LinkedHashMap<>();
        Map<String, String> uuids = new LinkedHashMap<>();
        List<String> headings = null;
        char sep = 0;
        for (int n = 0; n < lines.size(); n++) {
            int lineNo = n + 1;
            String line = Words.stripTrailing(lines.get(n));
            if (line.isBlank() || line.strip().equals("No devices found")) {
                continue;
            }
            if (line.startsWith("DM_")) {
                Map<String, String> kv = prefixed(source, lineNo, line);
                add(source, lineNo, numbers, uuids, kv.get("DM_NAME"), kv.get("DM_MAJOR"), kv.get("DM_MINOR"),
                        kv.get("DM_DEVNO"), kv.get("DM_UUID"));
                continue;
            }
            if (headings == null && line.startsWith("Name")) {
                if (line.length() > 4 && !Words.isBlank(line.charAt(4))) {
                    sep = line.charAt(4);
                }
                headings = split(line, sep);
                continue;
            }
            List<String> f = split(line, sep);
            if (headings == null) {
                headings = defaultHeadings(source, lineNo, f);
            }
            int uuidCol = headings.indexOf("UUID");
            if (f.size() != headings.size() && !(f.size() == headings.size() - 1 && uuidCol == headings.size() - 1)) {
                throw TableFormatException.atLine(source, lineNo, "expected " + headings.size() + " columns ("
                        + String.join(" ", headings) + "), got " + f.size() + ": '"
                        + TableFormatException.shorten(line) + "'");
            }
            add(source, lineNo, numbers, uuids, col(f, headings, "Name"), col(f, headings, "Maj"),
                    col(f, headings, "Min"), col(f, headings, "DevNo"), col(f, headings, "UUID"));
        }
        return new DmListing(source, numbers, uuids, List.of());
    }

    /** Without headings only the default field set can be told apart: Name Maj Min Stat Open Targ Event UUID. */
    private static List<String> defaultHeadings(String source, int lineNo, List<String> f) {
        if (f.size() >= 7 && Numbers.parseUnsigned(f.get(1)) >= 0 && Numbers.parseUnsigned(f.get(2)) >= 0
                && f.get(3).length() == 4) {
            return List.of("Name", "Maj", "Min", "Stat", "Open", "Targ", "Event", "UUID");
        }
        throw TableFormatException.atLine(source, lineNo, "dmsetup info -c output without headings must have the "
                + "default columns (name,major,minor,attr,open,segments,events,uuid); re-run without "
                + "--noheadings");
    }

    private static String col(List<String> f, List<String> headings, String heading) {
        int i = headings.indexOf(heading);
        return i >= 0 && i < f.size() ? f.get(i) : null;
    }

    private static List<String> split(String line, char sep) {
        if (sep == 0) {
            return Words.split(line);
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == sep) {
                out.add(line.substring(start, i).strip());
                start = i + 1;
            }
        }
        return out;
    }

    private static Map<String, String> prefixed(String source, int lineNo, String line) {
        Map<String, String> kv = new LinkedHashMap<>();
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && !Character.isLetter(line.charAt(i))) {
                i++;
            }
            int eq = line.indexOf("='", i);
            if (i >= line.length()) {
                break;
            }
            int end = eq < 0 ? -1 : line.indexOf('\'', eq + 2);
            if (eq < 0 || end < 0) {
                throw TableFormatException.atLine(source, lineNo, "expected KEY='value' pairs, got '"
                        + TableFormatException.shorten(line.substring(i)) + "'");
            }
            kv.put(line.substring(i, eq), line.substring(eq + 2, end));
            i = end + 1;
        }
        return kv;
    }

    private static void add(String source, int lineNo, Map<String, DevNo> numbers, Map<String, String> uuids,
                            String name, String maj, String min, String devno, String uuid) {
        if (name == null || name.isEmpty()) {
            throw TableFormatException.atLine(source, lineNo, "no Name column");
        }
        DevNo no = null;
        try {
            if (maj != null && min != null) {
                no = DevNo.parse(maj + ":" + min);
            } else if (devno != null) {
                no = DevNo.parse(devno);
            }
        } catch (IllegalArgumentException e) {
            throw TableFormatException.atLine(source, lineNo, name + ": bad major/minor '" + maj + "' '" + min
                    + "'" + (devno != null ? " devno '" + devno + "'" : ""));
        }
        if (no != null) {
            DevNo old = numbers.putIfAbsent(name, no);
            if (old != null && !old.equals(no)) {
                throw TableFormatException.atLine(source, lineNo, "device " + name + " listed twice with different "
                        + "numbers: " + old.colon() + " and " + no.colon());
            }
        }
        if (uuid != null) {
            uuids.put(name, uuid);
        }
    }
}
