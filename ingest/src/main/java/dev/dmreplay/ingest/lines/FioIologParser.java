package dev.dmreplay.ingest.lines;

import dev.dmreplay.ingest.records.IoOp;
import dev.dmreplay.ingest.records.IoRecord;
import dev.dmreplay.ingest.records.RecordException;

/**
 * fio's iolog, versions 2 and 3 (fio's iolog.c, {@code read_iolog2()}): a first line {@code fio version N iolog},
 * then per line {@code [time] filename action [offset length]}. Version 3 starts every line with the time in
 * microseconds since the job started; version 2 has no times and paces the replay with {@code wait} lines
 * (the offset field is a delay in µs), so its I/O times are the sum of the waits before them. Actions
 * {@code read}, {@code write}, {@code trim} (a discard) and {@code sync}/{@code datasync} (a flush) are I/Os;
 * {@code add}, {@code open}, {@code close} are not. Offsets and lengths are bytes. Each file name is a device.
 */
final class FioIologParser implements LineParser {
    private final NamedDevices devices;
    private int version;
    private long waitedUs;

    FioIologParser(NamedDevices devices) {
        this.devices = devices;
    }

    /** The version in a header line, or 0 when the line is not an iolog header. */
    static int headerVersion(String line) {
        String t = line.strip();
        if (t.equals("fio version 2 iolog")) {
            return 2;
        }
        if (t.equals("fio version 3 iolog")) {
            return 3;
        }
        return 0;
    }

    int version() {
        return version;
    }

    @Override
    public IoRecord parse(String line) throws RecordException {
        String t = line.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (version == 0) {
            version = headerVersion(t);
            if (version == 0) {
                throw new RecordException("expected the header 'fio version 2 iolog' or 'fio version 3 iolog'");
            }
            return null;
        }
        String[] f = t.split("\\s+");
        int i = 0;
        long timeUs;
        if (version == 3) {
            if (f.length < 3) {
                throw new RecordException("expected 'time filename action [offset length]'");
            }
            timeUs = Fields.unsigned(f[i++], "time (µs)");
        } else {
            if (f.length < 2) {
                throw new RecordException("expected 'filename action [offset length]'");
            }
            timeUs = waitedUs;
        }
        String file = f[i++];
        String action = f[i++];
        switch (action) {
            case "add", "open", "close" -> {
                return null;
            }
            case "wait" -> {
                if (version == 3) {
                    throw new RecordException("'wait' is not allowed in a version 3 iolog (times pace the replay)");
                }
                need(f, i, 1, action);
                long wait = Fields.unsigned(f[i], "wait (µs)");
                if (waitedUs > Long.MAX_VALUE / 1000 - wait) {
                    throw new RecordException("waits add up past 64-bit nanoseconds");
                }
                waitedUs += wait;
                return null;
            }
            default -> {
            }
        }
        IoOp op = switch (action) {
            case "read" -> IoOp.READ;
            case "write" -> IoOp.WRITE;
            case "trim" -> IoOp.DISCARD;
            case "sync", "datasync" -> IoOp.FLUSH;
            default -> throw new RecordException("unknown action '" + action
                    + "', expected add, open, close, read, write, trim, sync, datasync" + (version == 2 ? " or wait" : ""));
        };
        long offset = 0;
        long length = 0;
        if (op != IoOp.FLUSH || f.length > i) {
            need(f, i, 2, action);
            offset = Fields.unsigned(f[i], "offset");
            length = Fields.unsigned(f[i + 1], "length");
        }
        return new IoRecord(Fields.mul(timeUs, 1000, "time"), devices.named(file), op, offset >>> 9,
                op == IoOp.FLUSH ? 0 : Fields.bytes(length, "length"), -1);
    }

    private static void need(String[] f, int i, int n, String action) throws RecordException {
        if (f.length < i + n) {
            throw new RecordException("'" + action + "' needs " + (n == 1 ? "a delay" : "offset and length"));
        }
    }
}
