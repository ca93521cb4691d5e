package dev.dmreplay.ingest.lines;

import dev.dmreplay.ingest.records.IoOp;
import dev.dmreplay.ingest.records.IoRecord;
import dev.dmreplay.ingest.records.RecordException;

/**
 * blkreplay {@code .load} files (the 1&amp;1 "natural loads"): a free-text header, then
 * {@code start ; sector ; length ; op ; replay_delay ; replay_duration} per I/O, start in seconds (decimal),
 * sector and length in 512-byte sectors, op {@code R} or {@code W}. The last two fields are what a replay
 * measured (zero in recorded loads) and are not the recorded response time, so no completions are made.
 * Lines without a leading number (the header, the column names) carry no I/O.
 */
final class BlkreplayParser implements LineParser {
    private final NamedDevices devices;

    BlkreplayParser(NamedDevices devices) {
        this.devices = devices;
    }

    static boolean looksLike(String line) {
        String[] f = line.split(";", -1);
        return f.length >= 4 && Fields.isDecimal(f[0].strip()) && Fields.isUnsigned(f[1].strip())
                && Fields.isUnsigned(f[2].strip()) && op(f[3].strip()) != null;
    }

    static boolean isHeaderLine(String line) {
        return line.replace(" ", "").startsWith("start;sector;length;op");
    }

    @Override
    public IoRecord parse(String line) throws RecordException {
        String t = line.strip();
        if (t.isEmpty() || !Character.isDigit(t.charAt(0)) && t.charAt(0) != '.') {
            return null;
        }
        String[] f = t.split(";", -1);
        if (f.length < 4) {
            throw new RecordException("expected 'start ; sector ; length ; op [; delay ; duration]', got " + f.length
                    + " fields");
        }
        long time = Fields.decimalNs(f[0], 1_000_000_000L, "start");
        long sector = Fields.unsigned(f[1], "sector");
        long sectors = Fields.unsigned(f[2], "length");
        IoOp op = op(f[3].strip());
        if (op == null) {
            throw new RecordException("op must be R or W, got '" + f[3].strip() + "'");
        }
        return new IoRecord(time, devices.numbered(0), op, sector,
                Fields.bytes(Fields.mul(sectors, 512, "length"), "length"), -1);
    }

    private static IoOp op(String s) {
        return switch (s) {
            case "R", "r" -> IoOp.READ;
            case "W", "w" -> IoOp.WRITE;
            default -> null;
        };
    }
}
