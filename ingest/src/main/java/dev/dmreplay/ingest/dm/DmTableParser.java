package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.model.DevNo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code dmsetup table} output: every line prefixed with {@code name: } (all devices), unprefixed lines
 * of one device (its name supplied by the caller), {@code -v} output (an info block naming each device before
 * its unprefixed lines), or the {@code --concise} one-line form
 * {@code name,uuid,minor,ro|rw,table[,table...][;next device...]}. Each device's segments must start at 0 and
 * be contiguous, as {@code dm_table_add_target} / {@code dm_table_complete} require.
 */
public final class DmTableParser {

    private final String source;
    private final String defaultName;
    private final List<String> warnings;
    private final Map<String, Builder> devices = new LinkedHashMap<>();
    private Boolean prefixed;
    private String verboseName;
    private DevNo verboseNumber;
    private String verboseUuid;

    /** The lines of a {@code dmsetup info} block ({@code _display_info}, lvm2 dmsetup.c). */
    private static final java.util.Set<String> INFO_KEYS = java.util.Set.of("State", "Read Ahead", "Tables present",
            "Open count", "Event number", "Major, minor", "Number of targets", "UUID");

    private static final class Builder {
        final String name;
        final int line;
        String uuid;
        DevNo number;
        int minor = -1;
        final List<Segment> segments = new ArrayList<>();

        Builder(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    private DmTableParser(String source, String defaultName, List<String> warnings) {
        this.source = source;
        this.defaultName = defaultName;
        this.warnings = warnings;
    }

    /**
     * @param source      name used in messages (file name or "scenario.yaml: table")
     * @param defaultName the device name for unprefixed lines, or null when the dump must be prefixed
     * @param warnings    receives non-fatal findings (unknown target types), with source and line
     * @return the devices in dump order
     * @throws TableFormatException naming source, line, device, segment and argument
     */
    public static List<DeviceTable> parse(String source, CharSequence text, String defaultName,
                                          List<String> warnings) {
        DmTableParser p = new DmTableParser(source, defaultName, warnings);
        // keys never get further than this: messages and parsed arguments only see the masked form
        List<String> lines = Words.lines(Secrets.redactTable(text));
        for (int i = 0; i < lines.size(); i++) {
            p.line(lines.get(i), i + 1);
        }
        List<DeviceTable> out = new ArrayList<>();
        for (Builder b : p.devices.values()) {
            out.add(new DeviceTable(b.name, b.uuid, b.number, b.minor, b.segments, b.line));
        }
        return out;
    }

    private void line(String raw, int lineNo) {
        String line = Words.stripTrailing(raw);
        int i = 0;
        while (i < line.length() && Words.isBlank(line.charAt(i))) {
            i++;
        }
        if (i == line.length() || line.equals("No devices found")) {
            return;
        }
        line = line.substring(i);
        int sp = 0;
        while (sp < line.length() && !Words.isBlank(line.charAt(sp))) {
            sp++;
        }
        String first = line.substring(0, sp);
        if (verboseLine(line, first, lineNo)) {
            return;
        }
        if (first.endsWith(":") && first.length() > 1) {
            mode(true, lineNo);
            segment(first.substring(0, first.length() - 1), line, sp, line.length(), lineNo);
        } else if (Numbers.parseUnsigned(first) >= 0) {
            mode(false, lineNo);
            if (defaultName == null && verboseName == null) {
                throw TableFormatException.atLine(source, lineNo, "table line without a 'name: ' prefix, and no "
                        + "device name was given for an unprefixed table");
            }
            segment(verboseName != null ? verboseName : defaultName, line, 0, line.length(), lineNo);
        } else if (first.indexOf(',') > 0) {
            concise(line, lineNo);
        } else {
            throw TableFormatException.atLine(source, lineNo, "expected '<name>: <start> <length> <target> "
                    + "<args>', '<start> <length> <target> <args>' or the --concise form, got '"
                    + TableFormatException.shorten(line) + "'");
        }
    }

    /**
     * {@code dmsetup table -v}: each device's {@code dmsetup info} block ({@code Name:}, {@code Major, minor:},
     * {@code UUID:}, ...) precedes its unprefixed table lines.
     */
    private boolean verboseLine(String line, String first, int lineNo) {
        if (first.equals("Name:")) {
            verboseName = line.substring(first.length()).strip();
            verboseNumber = null;
            verboseUuid = null;
            if (verboseName.isEmpty()) {
                throw TableFormatException.atLine(source, lineNo, "empty 'Name:' in a dmsetup info block");
            }
            return true;
        }
        if (verboseName == null) {
            return false;
        }
        int colon = line.indexOf(':');
        String key = colon < 0 ? "" : line.substring(0, colon);
        if (!INFO_KEYS.contains(key)) {
            return false;
        }
        String value = line.substring(colon + 1).strip();
        if (key.equals("Major, minor")) {
            try {
                verboseNumber = DevNo.parse(value);
            } catch (IllegalArgumentException e) {
                throw TableFormatException.atLine(source, lineNo, "expected 'Major, minor: M, m', got '"
                        + TableFormatException.shorten(line) + "'");
            }
        } else if (key.equals("UUID")) {
            verboseUuid = value;
        }
        return true;
    }

    private void mode(boolean withPrefix, int lineNo) {
        if (prefixed != null && prefixed != withPrefix) {
            throw TableFormatException.atLine(source, lineNo, "mixes lines with and without the 'name: ' prefix");
        }
        prefixed = withPrefix;
    }

    private void segment(String name, String line, int from, int to, int lineNo) {
        Builder b = devices.computeIfAbsent(name, n -> new Builder(n, lineNo));
        if (name.equals(verboseName)) {
            b.number = verboseNumber;
            b.uuid = verboseUuid;
        }
        addSegment(b, Words.split(line, from, to), lineNo);
    }

    private void addSegment(Builder b, List<String> words, int lineNo) {
        int index = b.segments.size();
        if (words.size() < 3) {
            throw TableFormatException.atLine(source, lineNo, b.name + " segment " + index
                    + ": expected '<start> <length> <target> [args]', got '"
                    + TableFormatException.shorten(String.join(" ", words)) + "'");
        }
        long start = Numbers.parseUnsigned(words.get(0));
        long length = Numbers.parseUnsigned(words.get(1));
        String where = b.name + " segment " + index + " (start " + words.get(0) + "): ";
        if (start < 0) {
            throw TableFormatException.atLine(source, lineNo, where + "start is not an unsigned decimal number");
        }
        if (length <= 0) {
            throw TableFormatException.atLine(source, lineNo, where + "length '" + words.get(1)
                    + "' is not a positive decimal number");
        }
        long expected = index == 0 ? 0 : b.segments.get(index - 1).end();
        if (start != expected) {
            String kind = index == 0 ? "first segment must start at 0"
                    : start > expected ? "gap: previous segment ends at " + expected
                    : "overlap: previous segment ends at " + expected;
            throw TableFormatException.atLine(source, lineNo, where + kind);
        }
        if (Long.MAX_VALUE - start < length) {
            throw TableFormatException.atLine(source, lineNo, where + "start + length overflows");
        }
        String type = words.get(2);
        TargetArgs target;
        try {
            target = TargetParser.parse(type, words.subList(3, words.size()), length);
        } catch (TargetArgException e) {
            throw TableFormatException.atLine(source, lineNo, where + e.getMessage());
        }
        if (target instanceof GenericTargetArgs) {
            warnings.add(source + ":" + lineNo + ": " + where + "unknown target type '" + type
                    + "': kept opaque, its device arguments: " + target.devices());
        }
        b.segments.add(new Segment(index, start, length, target, lineNo));
    }

    /** {@code name,uuid,minor,ro|rw,table[,table...]} devices separated by {@code ;}, {@code \} escaping. */
    private void concise(String line, int lineNo) {
        List<List<String>> devs = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else if (c == ';') {
                fields.add(cur.toString());
                cur.setLength(0);
                devs.add(fields);
                fields = new ArrayList<>();
            } else {
                cur.append(c);
            }
        }
        fields.add(cur.toString());
        devs.add(fields);
        for (List<String> f : devs) {
            if (f.size() == 1 && f.get(0).isBlank()) {
                continue;
            }
            if (f.size() < 5) {
                throw TableFormatException.atLine(source, lineNo, "--concise device '"
                        + TableFormatException.shorten(String.join(",", f))
                        + "': expected name,uuid,minor,ro|rw,table[,table...]");
            }
            String name = f.get(0).strip();
            String minorText = f.get(2).strip();
            long minor = minorText.isEmpty() ? -1 : Numbers.parseUnsigned(minorText);
            boolean badMinor = !minorText.isEmpty() && (minor < 0 || minor > DevNo.MINOR_MASK);
            if (name.isEmpty() || badMinor) {
                throw TableFormatException.atLine(source, lineNo, "--concise device '" + name
                        + "': bad name or minor '" + f.get(2) + "'");
            }
            String flags = f.get(3).strip();
            if (!flags.equals("ro") && !flags.equals("rw")) {
                throw TableFormatException.atLine(source, lineNo, "--concise device '" + name
                        + "': expected ro or rw, got '" + flags + "'");
            }
            if (devices.containsKey(name)) {
                throw TableFormatException.atLine(source, lineNo, "--concise device '" + name + "' appears twice");
            }
            Builder b = new Builder(name, lineNo);
            b.uuid = f.get(1).strip();
            b.minor = (int) minor;
            devices.put(name, b);
            for (int k = 4; k < f.size(); k++) {
                addSegment(b, Words.split(f.get(k)), lineNo);
            }
        }
    }
}
