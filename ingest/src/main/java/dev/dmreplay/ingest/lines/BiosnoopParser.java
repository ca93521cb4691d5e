package dev.dmreplay.ingest.lines;

import dev.dmreplay.ingest.records.IoOp;
import dev.dmreplay.ingest.records.IoRecord;
import dev.dmreplay.ingest.records.RecordException;

/**
 * The text output of bcc's {@code biosnoop} (tools/biosnoop.py and libbpf-tools/biosnoop): a header
 * {@code TIME(s) COMM PID DISK T SECTOR BYTES [QUE(ms)] LAT(ms)}, then one line per completed request. TIME is
 * when the request completed (seconds since the first traced event), LAT the time from issue to completion and
 * QUE (with {@code -Q}) from insertion to issue, both in milliseconds. T is {@code R}/{@code W}, or an RWBS string
 * in libbpf-tools ({@code WS}, {@code FWS}, {@code D}). COMM may contain spaces, so the fields after it are read
 * from the right. Each request becomes a Q at TIME − LAT − QUE and a C at TIME. Disks are devices by name.
 */
final class BiosnoopParser implements LineParser {
    private final NamedDevices devices;
    private boolean queueColumn;
    private boolean header;

    BiosnoopParser(NamedDevices devices) {
        this.devices = devices;
    }

    static boolean isHeader(String line) {
        String[] f = line.strip().split("\\s+");
        return f.length >= 8 && f[0].equals("TIME(s)") && f[1].equals("COMM") && f[2].equals("PID")
                && f[3].equals("DISK") && f[4].equals("T") && f[5].equals("SECTOR") && f[6].equals("BYTES")
                && f[f.length - 1].equals("LAT(ms)");
    }

    @Override
    public IoRecord parse(String line) throws RecordException {
        String t = line.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (!header) {
            if (!isHeader(t)) {
                throw new RecordException("expected the biosnoop header 'TIME(s) COMM PID DISK T SECTOR BYTES"
                        + " [QUE(ms)] LAT(ms)'");
            }
            header = true;
            queueColumn = t.contains("QUE(ms)");
            return null;
        }
        if (isHeader(t)) {
            return null; // concatenated runs repeat the header
        }
        String[] f = t.split("\\s+");
        int right = queueColumn ? 7 : 6; // fields after COMM: PID DISK T SECTOR BYTES [QUE] LAT
        if (f.length < right + 2) {
            throw new RecordException("expected TIME COMM PID DISK T SECTOR BYTES" + (queueColumn ? " QUE" : "")
                    + " LAT, got " + f.length + " fields");
        }
        int n = f.length;
        long done = Fields.decimalNs(f[0], 1_000_000_000L, "TIME(s)");
        long lat = Fields.decimalNs(f[n - 1], 1_000_000L, "LAT(ms)");
        long que = queueColumn ? Fields.decimalNs(f[n - 2], 1_000_000L, "QUE(ms)") : 0;
        int k = n - right;
        Fields.unsigned(f[k], "PID");
        String disk = f[k + 1];
        long sector = Fields.unsigned(f[k + 3], "SECTOR");
        long bytes = Fields.bytes(Fields.unsigned(f[k + 4], "BYTES"), "BYTES");
        IoOp op = op(f[k + 2], bytes);
        // may be before TIME 0 (the first requests of a run were queued before the first traced event); the
        // stream makes times relative to the earliest queue time, so latencies stay whole
        long queued = done - lat - que;
        return new IoRecord(queued, devices.named(disk), op, sector, op == IoOp.FLUSH ? 0 : bytes, lat + que);
    }

    /** The operation of a T column; an empty preflush ({@code FWS}/{@code FN} with no bytes) is a flush. */
    private static IoOp op(String t, long bytes) throws RecordException {
        if (t.isEmpty() || !t.chars().allMatch(c -> "FDWRNASM".indexOf(c) >= 0)) {
            throw new RecordException("T must be R, W or an RWBS string, got '" + t + "'");
        }
        if (t.indexOf('D') >= 0) {
            return IoOp.DISCARD;
        }
        if (t.startsWith("F") && bytes == 0) {
            return IoOp.FLUSH;
        }
        return t.indexOf('W') >= 0 ? IoOp.WRITE : IoOp.READ;
    }
}
