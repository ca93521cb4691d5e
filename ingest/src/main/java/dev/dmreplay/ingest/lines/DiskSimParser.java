package dev.dmreplay.ingest.lines;

import dev.dmreplay.ingest.records.IoOp;
import dev.dmreplay.ingest.records.IoRecord;
import dev.dmreplay.ingest.records.RecordException;

/**
 * DiskSim's ASCII input format and MQSim's use of it: {@code arrival device block size flags} per line,
 * whitespace separated; block and size in 512-byte sectors; flags bit 0 set = read (DiskSim's
 * {@code DISKSIM_READ}), clear = write. The time unit is not in the file: DiskSim writes milliseconds as
 * decimals, MQSim's traces integer nanoseconds. The first record decides for the file (a decimal point: ms;
 * an integer: ns), and {@link LineTraceFormat#describeUnits} states the choice.
 */
final class DiskSimParser implements LineParser {
    private final NamedDevices devices;
    private Boolean milliseconds;

    DiskSimParser(NamedDevices devices) {
        this.devices = devices;
    }

    static boolean looksLike(String line) {
        String[] f = line.strip().split("\\s+");
        return f.length == 5 && Fields.isDecimal(f[0]) && Fields.isUnsigned(f[1]) && Fields.isUnsigned(f[2])
                && Fields.isUnsigned(f[3]) && Fields.isUnsigned(f[4]);
    }

    /** Whether times are read as milliseconds (null before the first record). */
    Boolean milliseconds() {
        return milliseconds;
    }

    @Override
    public IoRecord parse(String line) throws RecordException {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return null;
        }
        String[] f = t.split("\\s+");
        if (f.length != 5) {
            throw new RecordException("expected 5 fields 'arrival device block size flags', got " + f.length);
        }
        if (milliseconds == null) {
            milliseconds = f[0].indexOf('.') >= 0;
        }
        long time = milliseconds ? Fields.decimalNs(f[0], 1_000_000L, "arrival time (ms)")
                : Fields.unsigned(f[0], "arrival time (ns)");
        long dev = Fields.unsigned(f[1], "device");
        long block = Fields.unsigned(f[2], "block");
        long sectors = Fields.unsigned(f[3], "size");
        long flags = Fields.unsigned(f[4], "flags");
        IoOp op = (flags & 1) != 0 ? IoOp.READ : IoOp.WRITE;
        return new IoRecord(time, devices.numbered(dev), op, block,
                Fields.bytes(Fields.mul(sectors, 512, "size"), "size"), -1);
    }
}
