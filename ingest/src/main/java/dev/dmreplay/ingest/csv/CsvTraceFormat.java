package dev.dmreplay.ingest.csv;

import dev.dmreplay.ingest.records.IoOp;
import dev.dmreplay.ingest.records.IoRecord;
import dev.dmreplay.ingest.records.Unsigned;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVRecord;

/** The CSV block-trace formats read here (formats.md 6.1-6.3), with their field layouts and units. */
public enum CsvTraceFormat {
    /**
     * MSR Cambridge (SNIA IOTTA): {@code Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime}; FILETIME
     * 100 ns ticks, Read/Write, byte offset and size, response time in 100 ns ticks.
     */
    MSR(7, List.of("timestamp", "hostname", "disknumber", "type", "offset", "size", "responsetime")),
    /** Alibaba block traces 2020: {@code device_id,opcode,offset,length,timestamp}; R/W, bytes, µs. */
    ALIBABA(5, List.of("device_id", "opcode", "offset", "length", "timestamp")),
    /** Tencent CBS 2018: {@code Timestamp,Offset,Size,IOType,VolumeID}; seconds, sectors, 0 read / 1 write. */
    TENCENT(5, List.of("timestamp", "offset", "size", "iotype", "volumeid")),
    /**
     * CloudPhysics VMware vSCSI traces as published with libCacheSim: {@code version,time,op,size,lbn} (a header
     * line); version 1, time in µs, op the SCSI opcode in hex (READ/WRITE 6/10/12/16, UNMAP as a discard,
     * SYNCHRONIZE CACHE as a flush), size in bytes, lbn in 512-byte blocks. One volume per file.
     */
    CLOUDPHYSICS(5, List.of("version", "time", "op", "size", "lbn"));

    private final int fields;
    private final List<String> header;

    CsvTraceFormat(int fields, List<String> header) {
        this.fields = fields;
        this.header = header;
    }

    public int fields() {
        return fields;
    }

    /** Whether a line is this format's column-name header (some redistributed copies carry one). */
    boolean isHeader(List<String> values) {
        if (values.size() != fields) {
            return false;
        }
        for (int i = 0; i < fields; i++) {
            if (!values.get(i).strip().toLowerCase(Locale.ROOT).equals(header.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Guesses the format from the first records: MSR has 7 fields with Read/Write in the 4th; Alibaba 5 with
     * R/W in the 2nd; Tencent 5 numeric fields with 0/1 in the 4th. Null when no format fits every line given.
     */
    public static CsvTraceFormat sniff(List<List<String>> lines) {
        for (CsvTraceFormat f : values()) {
            boolean all = !lines.isEmpty();
            for (List<String> l : lines) {
                all &= f.isHeader(l) || f.looksLike(l);
            }
            if (all) {
                return f;
            }
        }
        return null;
    }

    /**
     * The format that fits most of the lines (at least one), for samples with a bad line among good ones; null
     * when none fits any line.
     */
    public static CsvTraceFormat mostLikely(List<List<String>> lines) {
        CsvTraceFormat best = null;
        int bestCount = 0;
        for (CsvTraceFormat f : values()) {
            int n = 0;
            for (List<String> l : lines) {
                if (f.looksLike(l)) {
                    n++;
                }
            }
            if (n > bestCount) {
                best = f;
                bestCount = n;
            }
        }
        return best;
    }

    private boolean looksLike(List<String> v) {
        if (v.size() != fields) {
            return false;
        }
        return switch (this) {
            case MSR -> num(v.get(0)) && !v.get(1).isBlank() && num(v.get(2))
                    && (v.get(3).strip().equalsIgnoreCase("Read") || v.get(3).strip().equalsIgnoreCase("Write"))
                    && num(v.get(4)) && num(v.get(5)) && num(v.get(6));
            case ALIBABA -> num(v.get(0)) && (v.get(1).strip().equals("R") || v.get(1).strip().equals("W"))
                    && num(v.get(2)) && num(v.get(3)) && num(v.get(4));
            case TENCENT -> num(v.get(0)) && num(v.get(1)) && num(v.get(2))
                    && (v.get(3).strip().equals("0") || v.get(3).strip().equals("1")) && num(v.get(4));
            case CLOUDPHYSICS -> v.get(0).strip().equals("1") && num(v.get(1)) && ScsiOpcode.of(v.get(2).strip()) != null
                    && num(v.get(3)) && num(v.get(4));
        };
    }

    private static boolean num(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.length() > 19) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** FILETIME of 1970-01-01: MSR timestamps are 100 ns ticks since 1601. */
    static final long FILETIME_UNIX_EPOCH = 116444736000000000L;

    IoRecord parse(CSVRecord r, CsvDeviceMapper devices) throws CsvLineException {
        if (r.size() != fields) {
            throw new CsvLineException("expected " + fields + " fields (" + String.join(",", header) + "), got "
                    + r.size());
        }
        return switch (this) {
            case MSR -> {
                long ticks = unsigned(r, 0, "Timestamp");
                String host = r.get(1).strip();
                if (host.isEmpty()) {
                    throw new CsvLineException("empty Hostname");
                }
                long disk = unsigned(r, 2, "DiskNumber");
                boolean write = readWrite(r.get(3), "Read", "Write", "Type");
                long offset = unsigned(r, 4, "Offset");
                long size = size(unsigned(r, 5, "Size"));
                long resp = unsigned(r, 6, "ResponseTime");
                if (ticks < FILETIME_UNIX_EPOCH) {
                    throw new CsvLineException("Timestamp " + ticks + " is before 1970 (FILETIME ticks since 1601)");
                }
                yield new IoRecord(mul(ticks - FILETIME_UNIX_EPOCH, 100, "Timestamp"), devices.msr(host, disk),
                        op(write), offset >>> 9,
                        size, mul(resp, 100, "ResponseTime"));
            }
            case ALIBABA -> {
                long dev = unsigned(r, 0, "device_id");
                boolean write = readWrite(r.get(1), "R", "W", "opcode");
                long offset = unsigned(r, 2, "offset");
                long size = size(unsigned(r, 3, "length"));
                long us = unsigned(r, 4, "timestamp");
                yield new IoRecord(mul(us, 1000, "timestamp"), devices.alibaba(dev), op(write), offset >>> 9, size,
                        -1);
            }
            case TENCENT -> {
                long sec = unsigned(r, 0, "Timestamp");
                long offset = unsigned(r, 1, "Offset");
                long sectors = unsigned(r, 2, "Size");
                boolean write = readWrite(r.get(3), "0", "1", "IOType");
                long vol = unsigned(r, 4, "VolumeID");
                if (sectors > 0xffffffffL >>> 9) {
                    throw new CsvLineException("Size " + sectors + " sectors exceeds 4 GiB");
                }
                yield new IoRecord(mul(sec, 1_000_000_000L, "Timestamp"), devices.tencent(vol), op(write), offset,
                        sectors << 9, -1);
            }
            case CLOUDPHYSICS -> {
                long version = unsigned(r, 0, "version");
                if (version != 1) {
                    throw new CsvLineException("version " + version + " is not 1, the only vscsi trace version known");
                }
                long us = unsigned(r, 1, "time");
                String opText = r.get(2).strip();
                ScsiOpcode op = ScsiOpcode.of(opText);
                if (op == null) {
                    throw new CsvLineException("op '" + opText + "' is not a SCSI READ, WRITE, UNMAP or SYNCHRONIZE"
                            + " CACHE opcode in hex");
                }
                long size = size(unsigned(r, 3, "size"));
                long lbn = unsigned(r, 4, "lbn");
                yield new IoRecord(mul(us, 1000, "time"), devices.cloudPhysics(), op.op(), lbn,
                        op.op() == IoOp.FLUSH ? 0 : size, -1);
            }
        };
    }

    private static IoOp op(boolean write) {
        return write ? IoOp.WRITE : IoOp.READ;
    }

    private static long size(long bytes) throws CsvLineException {
        if (bytes > 0xffffffffL) {
            throw new CsvLineException("size " + bytes + " exceeds the 32-bit byte count of a trace record");
        }
        return bytes;
    }

    private static long mul(long v, long factor, String what) throws CsvLineException {
        if (v > Long.MAX_VALUE / factor) {
            throw new CsvLineException(what + " " + v + " overflows 64-bit nanoseconds");
        }
        return v * factor;
    }

    private static boolean readWrite(String s, String read, String write, String what) throws CsvLineException {
        String t = s.strip();
        if (t.equalsIgnoreCase(read)) {
            return false;
        }
        if (t.equalsIgnoreCase(write)) {
            return true;
        }
        throw new CsvLineException(what + " must be " + read + " or " + write + ", got '" + t + "'");
    }

    private static long unsigned(CSVRecord r, int i, String what) throws CsvLineException {
        String t = r.get(i).strip();
        long v = Unsigned.parse(t);
        if (v == Unsigned.TOO_LARGE) {
            throw new CsvLineException(what + " '" + t + "' is too large");
        }
        if (v < 0) {
            throw new CsvLineException(what + " '" + t + "' is not an unsigned integer");
        }
        return v;
    }
}
