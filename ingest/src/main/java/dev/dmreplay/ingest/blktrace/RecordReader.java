package dev.dmreplay.ingest.blktrace;

import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.CategoryV2;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decodes {@code struct blk_io_trace} (protocol version 7, 48 bytes + {@code pdu_len}) and
 * {@code struct blk_io_trace2} (version 8, 64 bytes + {@code pdu_len}: kernels from late 2025 traced with
 * {@code BLKTRACESETUP2}; include/uapi/linux/blktrace_api.h) records from one file, through a private buffer that
 * is refilled in large reads. Each record's magic carries its version, so the two may follow each other. A
 * version 8 record's 64-bit action is split: its lower half has the version 7 layout and goes to
 * {@link BlockEvent#action()}, its upper half (zone and write-zeroes categories) to
 * {@link BlockEvent#actionExt()} with {@link CategoryV2#FROM_V2}. The only allocation per record is the
 * {@link BlockEvent} and its payload array.
 *
 * <p>Version 8 layout (natural alignment, no packing): magic 0, sequence 4, time 8, sector 16, bytes 24, pid 28,
 * action 32 (u64), device 40, cpu 44, error 48, pdu_len 50, pad[12] 52; 64 bytes.
 *
 * <p>Errors throw {@link TraceFormatException} naming the file and the record's byte offset: truncated header
 * or payload, bad magic, a version other than 7 or 8.
 */
final class RecordReader implements AutoCloseable {
    static final int HEADER = 48;
    /** {@code sizeof(struct blk_io_trace2)}. */
    static final int HEADER_V2 = 64;
    /**
     * The largest payload a kernel record carries, with room to spare: {@code __blk_add_trace} attaches at most a
     * passthrough command (a SCSI CDB, 260 bytes at the longest), a note's text ({@code BLK_TN_MAX_MSG}, 128) or
     * a remap/split/unplug structure, each with an 8-byte cgroup id in front. A larger {@code pdu_len} is damage
     * in the header: taking it at face value would swallow the records after it as payload.
     */
    static final int MAX_PDU = 1024;
    /** Buffer per file when there are few files. */
    static final int BUFFER = 256 * 1024;
    /** Smallest buffer: the largest record (48 + 65535 bytes) must fit. */
    static final int MIN_BUFFER = 96 * 1024;

    private static final VarHandle I32_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I64_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I16_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private static final int TN_TIMESTAMP = 0x04000001;

    private final String name;
    /** Offsets count decompressed bytes ({@code .gz}, {@code .xz}, {@code .zst}). */
    private final boolean compressed;
    private final InputStream in;
    private final ByteOrderState orderState;
    private final byte[] buf;
    private int pos;
    private int limit;
    private long bufferStart;
    private boolean eof;
    private long recordOffset;
    /** Time of the last good record: a resync candidate must not go back in time (per-CPU files are sorted). */
    private long lastTime = Long.MIN_VALUE;

    RecordReader(String name, InputStream in, ByteOrderState orderState, int bufferSize) {
        this.buf = new byte[Math.max(bufferSize, MIN_BUFFER)];
        this.name = name;
        this.compressed = name.matches(".*\\.(gz|xz|zst)");
        this.in = in;
        this.orderState = orderState;
    }

    String name() {
        return name;
    }

    /** A problem at {@code offset}: of the file, or of its decompressed data when the file is compressed. */
    private TraceFormatException at(long offset, String problem) {
        return new TraceFormatException(name, offset, compressed ? TraceFormatException.Unit.DECOMPRESSED_BYTE
                : TraceFormatException.Unit.BYTE, problem);
    }

    /** Byte offset of the record last returned (or of the failing record after an exception). */
    long recordOffset() {
        return recordOffset;
    }

    /** The next record, or null at a clean end of file. */
    BlockEvent next() throws IOException {
        recordOffset = bufferStart + pos;
        if (limit - pos < HEADER && !fill(HEADER)) {
            if (limit == pos) {
                return null;
            }
            throw at(recordOffset, "truncated record: header needs " + HEADER
                    + " bytes, only " + (limit - pos) + " left in the file");
        }
        byte[] b = buf;
        int p = pos;
        if (!orderState.decide((int) I32_LE.get(b, p))) {
            throw badMagic((int) I32_LE.get(b, p));
        }
        boolean le = orderState.order() == ByteOrder.LITTLE_ENDIAN;
        int magic = le ? (int) I32_LE.get(b, p) : (int) I32_BE.get(b, p);
        if ((magic & 0xffffff00) != ByteOrderState.MAGIC) {
            throw badMagic(magic);
        }
        int version = magic & 0xff;
        if (version == 8) {
            return nextV2(le);
        }
        if (version != 7) {
            throw at(recordOffset, "unsupported trace version " + version
                    + "; expected version 7 (struct blk_io_trace) or 8 (struct blk_io_trace2)");
        }
        int pduLen = (le ? (short) I16_LE.get(b, p + 46) : (short) I16_BE.get(b, p + 46)) & 0xffff;
        checkPduLen(pduLen);
        if (limit - p < HEADER + pduLen) {
            if (!fill(HEADER + pduLen)) {
                throw at(recordOffset, "truncated record: payload of " + pduLen
                        + " bytes runs past the end of the file (" + (limit - pos - HEADER) + " bytes left)");
            }
            p = pos;
        }
        BlockEvent e;
        int action;
        if (le) {
            action = (int) I32_LE.get(b, p + 28);
            e = new BlockEvent((long) I64_LE.get(b, p + 8), (int) I32_LE.get(b, p + 4), (long) I64_LE.get(b, p + 16),
                    (int) I32_LE.get(b, p + 24), action, (int) I32_LE.get(b, p + 32), (int) I32_LE.get(b, p + 36),
                    (int) I32_LE.get(b, p + 40), ((short) I16_LE.get(b, p + 44)) & 0xffff,
                    payload(b, p + HEADER, pduLen));
        } else {
            action = (int) I32_BE.get(b, p + 28);
            e = new BlockEvent((long) I64_BE.get(b, p + 8), (int) I32_BE.get(b, p + 4), (long) I64_BE.get(b, p + 16),
                    (int) I32_BE.get(b, p + 24), action, (int) I32_BE.get(b, p + 32), (int) I32_BE.get(b, p + 36),
                    (int) I32_BE.get(b, p + 40), ((short) I16_BE.get(b, p + 44)) & 0xffff,
                    payload(b, p + HEADER, pduLen));
        }
        if (le && action == TN_TIMESTAMP && pduLen == 8) {
            // the TIMESTAMP note's two u32 are in trace byte order; BlockEvent keeps them big-endian
            byte[] pdu = e.pdu();
            I32_BE.set(pdu, 0, (int) I32_LE.get(pdu, 0));
            I32_BE.set(pdu, 4, (int) I32_LE.get(pdu, 4));
        }
        pos = p + HEADER + pduLen;
        lastTime = e.time();
        return e;
    }

    /**
     * After a bad record at {@link #recordOffset()}, moves to the next offset where a plausible record starts: the
     * blktrace magic in the trace's byte order, version 7 or 8, a time no earlier than the last good record's, and
     * either the end of the file or another such header right after it (two in a row, so that stray magic bytes
     * inside a payload are not taken for a record). As HdrHistogram's log reader skips a damaged line, the reader
     * then goes on from there. When no valid record follows, it reads to the end of the file so that the length of
     * the damaged tail is known.
     *
     * @return the damaged stretch: its length and whether it runs to the end of the file
     */
    DamagedStretch resync() throws IOException {
        long from = recordOffset;
        if (orderState.order() == null) {
            // not even the first record was valid: there is no byte order to look for
            return DamagedStretch.toEnd(drainToEnd() - from);
        }
        pos++;
        while (true) {
            if (limit - pos < HEADER && !fill(HEADER)) {
                return DamagedStretch.toEnd(drainToEnd() - from);
            }
            int len = plausibleAt(pos);
            if (len > 0) {
                fill(len + HEADER); // as much as the file has: the candidate and the next header
                if (limit - pos >= len) {
                    int rest = limit - (pos + len);
                    // accepted: the file ends after it, a next header too short to check (its reader reports
                    // it), or a plausible next header
                    if (rest < HEADER || plausibleAt(pos + len) > 0) {
                        recordOffset = bufferStart + pos;
                        return DamagedStretch.until(recordOffset - from);
                    }
                }
            }
            pos++;
        }
    }

    /** Reads to the end of the file; returns the file's length (decompressed, for a compressed file). */
    private long drainToEnd() throws IOException {
        pos = limit;
        while (!eof) {
            fill(buf.length);
            pos = limit;
        }
        return bufferStart + limit;
    }

    /** The length of a plausible record header at {@code p} (header + payload), or 0. */
    private int plausibleAt(int p) {
        if (limit - p < HEADER) {
            return 0;
        }
        boolean le = orderState.order() == ByteOrder.LITTLE_ENDIAN;
        int magic = le ? (int) I32_LE.get(buf, p) : (int) I32_BE.get(buf, p);
        if ((magic & 0xffffff00) != ByteOrderState.MAGIC) {
            return 0;
        }
        int version = magic & 0xff;
        if (version != 7 && version != 8) {
            return 0;
        }
        int header = version == 7 ? HEADER : HEADER_V2;
        if (limit - p < header) {
            return 0;
        }
        long time = le ? (long) I64_LE.get(buf, p + 8) : (long) I64_BE.get(buf, p + 8);
        if (time < lastTime) {
            return 0;
        }
        int pduAt = version == 7 ? 46 : 50;
        int pduLen = (le ? (short) I16_LE.get(buf, p + pduAt) : (short) I16_BE.get(buf, p + pduAt)) & 0xffff;
        return pduLen > MAX_PDU ? 0 : header + pduLen;
    }

    private void checkPduLen(int pduLen) {
        if (pduLen > MAX_PDU) {
            throw at(recordOffset, "implausible payload length " + pduLen + " (pdu_len): the kernel writes at most "
                    + MAX_PDU + " bytes after a record header");
        }
    }

    /** A version 8 record at {@code pos}, its magic already checked. */
    private BlockEvent nextV2(boolean le) throws IOException {
        if (limit - pos < HEADER_V2 && !fill(HEADER_V2)) {
            throw at(recordOffset, "truncated record: a version 8 header needs "
                    + HEADER_V2 + " bytes, only " + (limit - pos) + " left in the file");
        }
        byte[] b = buf;
        int p = pos;
        int pduLen = (le ? (short) I16_LE.get(b, p + 50) : (short) I16_BE.get(b, p + 50)) & 0xffff;
        checkPduLen(pduLen);
        if (limit - p < HEADER_V2 + pduLen) {
            if (!fill(HEADER_V2 + pduLen)) {
                throw at(recordOffset, "truncated record: payload of " + pduLen
                        + " bytes runs past the end of the file (" + (limit - pos - HEADER_V2) + " bytes left)");
            }
            p = pos;
        }
        long action = le ? (long) I64_LE.get(b, p + 32) : (long) I64_BE.get(b, p + 32);
        int low = (int) action;
        int ext = (int) (action >>> 32) | CategoryV2.FROM_V2;
        byte[] pdu = payload(b, p + HEADER_V2, pduLen);
        BlockEvent e;
        if (le) {
            e = new BlockEvent((long) I64_LE.get(b, p + 8), (int) I32_LE.get(b, p + 4), (long) I64_LE.get(b, p + 16),
                    (int) I32_LE.get(b, p + 24), low, (int) I32_LE.get(b, p + 28), (int) I32_LE.get(b, p + 40),
                    (int) I32_LE.get(b, p + 44), ((short) I16_LE.get(b, p + 48)) & 0xffff, pdu, ext);
        } else {
            e = new BlockEvent((long) I64_BE.get(b, p + 8), (int) I32_BE.get(b, p + 4), (long) I64_BE.get(b, p + 16),
                    (int) I32_BE.get(b, p + 24), low, (int) I32_BE.get(b, p + 28), (int) I32_BE.get(b, p + 40),
                    (int) I32_BE.get(b, p + 44), ((short) I16_BE.get(b, p + 48)) & 0xffff, pdu, ext);
        }
        if (le && low == TN_TIMESTAMP && pduLen == 8) {
            I32_BE.set(pdu, 0, (int) I32_LE.get(pdu, 0));
            I32_BE.set(pdu, 4, (int) I32_LE.get(pdu, 4));
        }
        pos = p + HEADER_V2 + pduLen;
        lastTime = e.time();
        return e;
    }

    /** The payload that starts at {@code from}. */
    private static byte[] payload(byte[] b, int from, int pduLen) {
        if (pduLen == 0) {
            return BlockEvent.NO_PDU;
        }
        byte[] pdu = new byte[pduLen];
        System.arraycopy(b, from, pdu, 0, pduLen);
        return pdu;
    }

    private TraceFormatException badMagic(int magic) {
        int swapped = Integer.reverseBytes(magic);
        if (orderState.order() != null && (swapped & 0xffffff00) == ByteOrderState.MAGIC) {
            // a valid record of the other byte order: files from two machines mixed in one trace
            return at(recordOffset, "a " + (orderState.order() == ByteOrder.LITTLE_ENDIAN ? "big" : "little")
                    + "-endian record in a trace whose first record was " + (orderState.order()
                    == ByteOrder.LITTLE_ENDIAN ? "little" : "big") + "-endian: the files of one trace must come"
                    + " from one machine");
        }
        return at(recordOffset, String.format(
                "bad magic 0x%08x: expected 0x656174xx (struct blk_io_trace) in either byte order", magic));
    }

    /** Makes at least {@code need} bytes available from {@code pos}; false when the file ends first. */
    private boolean fill(int need) throws IOException {
        if (pos > 0) {
            int rest = limit - pos;
            System.arraycopy(buf, pos, buf, 0, rest);
            bufferStart += pos;
            limit = rest;
            pos = 0;
        }
        while (limit < need && !eof) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
        return limit >= need;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
