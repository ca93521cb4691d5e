package dev.dmreplay.ingest.lines;

import java.util.List;
import java.util.Locale;

/**
 * The line-oriented whole-I/O trace formats read here, with their units and the device numbers given to their
 * devices. Majors continue the local/experimental range of {@link dev.dmreplay.ingest.csv.CsvDeviceMapper}
 * (240–243), so they cannot be mistaken for real disks or device-mapper.
 */
public enum LineTraceFormat {
    /** blkreplay .load: seconds, sectors, R/W; one device, major 244 minor 0. */
    BLKREPLAY("blkreplay load", 244, "start in s (decimal), sector and length in 512-byte sectors, R|W"),
    /** DiskSim / MQSim ASCII: ms (decimal) or ns (integer), sectors, flags bit 0 = read; major 245, minor = device. */
    DISKSIM("DiskSim/MQSim ASCII trace", 245,
            "arrival in ms when decimal (DiskSim) or ns when integer (MQSim), block and size in 512-byte sectors,"
                    + " flags bit 0 set = read"),
    /** fio iolog v2/v3: µs, bytes; major 246, minor per file name in order of appearance. */
    FIO_IOLOG("fio iolog", 246, "time in µs since job start (v3) or summed waits (v2), offset and length in bytes"),
    /** bcc/libbpf-tools biosnoop text: s and ms, sectors, bytes; major 247, minor per disk name. */
    BIOSNOOP("biosnoop output", 247, "TIME in s (completion), LAT/QUE in ms, SECTOR in 512-byte sectors, BYTES");

    private final String description;
    private final int major;
    private final String units;

    LineTraceFormat(String description, int major, String units) {
        this.description = description;
        this.major = major;
        this.units = units;
    }

    public String description() {
        return description;
    }

    /** The major number of this format's devices. */
    public int major() {
        return major;
    }

    /** The units of the format's fields, as the README states them. */
    public String describeUnits() {
        return units;
    }

    /** The option value naming this format ({@code fio-iolog}). */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    LineParser newParser(NamedDevices devices) {
        return switch (this) {
            case BLKREPLAY -> new BlkreplayParser(devices);
            case DISKSIM -> new DiskSimParser(devices);
            case FIO_IOLOG -> new FioIologParser(devices);
            case BIOSNOOP -> new BiosnoopParser(devices);
        };
    }

    /**
     * The format of a text whose first non-blank lines are {@code lines}, or null when none fits. An iolog and
     * a biosnoop run are recognised by their first line; a blkreplay load by its column-name line or by a line
     * of its records (its header is free text); DiskSim by all sampled lines having its five numeric fields.
     */
    public static LineTraceFormat sniff(List<String> lines) {
        if (lines.isEmpty()) {
            return null;
        }
        String first = lines.get(0).strip();
        if (FioIologParser.headerVersion(first) != 0) {
            return FIO_IOLOG;
        }
        if (BiosnoopParser.isHeader(first)) {
            return BIOSNOOP;
        }
        for (String l : lines) {
            if (BlkreplayParser.isHeaderLine(l.strip()) || BlkreplayParser.looksLike(l)) {
                return BLKREPLAY;
            }
        }
        boolean all = true;
        for (String l : lines) {
            all &= DiskSimParser.looksLike(l);
        }
        return all ? DISKSIM : null;
    }

    /** The format named by an option value ({@code fio-iolog}, {@code disksim}), or null. */
    public static LineTraceFormat byOptionName(String name) {
        for (LineTraceFormat f : values()) {
            if (f.optionName().equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }
}
