package dev.dmreplay.ingest.blktrace;

import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decodes {@code struct blk_io_trace} (version 7, 48 bytes + {@code pdu_len}) records from one file, through a
 * private buffer that is refilled in large reads. The only allocation per record is the {@link BlockEvent} and
 * its payload array.
 *
 * <p>Errors throw {@link TraceFormatException} naming the file and the record's byte offset: truncated header
 * or payload, bad magic, a version other than 7 (version 8, the proposed {@code blk_io_trace2}, is named).
 */
final class RecordReader implements AutoCloseable {
    static final int HEADER = 48;
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
    private final InputStream in;
    private final ByteOrderState orderState;
    private final byte[] buf;
    private int pos;
    private int limit;
    private long bufferStart;
    private boolean eof;
    private long recordOffset;

    RecordReader(String name, InputStream in, ByteOrderState orderState, int bufferSize) {
        this.buf = new byte[Math.max(bufferSize, MIN_BUFFER)];
        this.name = name;
        this.in = in;
        this.orderState = orderState;
    }

    String name() {
        return name;
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
            throw TraceFormatException.atByte(name, recordOffset, "truncated record: header needs " + HEADER
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
        if (version != 7) {
            throw TraceFormatException.atByte(name, recordOffset, version == 8
                    ? "blktrace protocol version 8 (struct blk_io_trace2, 64-byte records) is not supported;"
                            + " expected version 7"
                    : "unsupported trace version " + version + "; expected version 7");
        }
        int pduLen = (le ? (short) I16_LE.get(b, p + 46) : (short) I16_BE.get(b, p + 46)) & 0xffff;
        if (limit - p < HEADER + pduLen) {
            if (!fill(HEADER + pduLen)) {
                throw TraceFormatException.atByte(name, recordOffset, "truncated record: payload of " + pduLen
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
                    (int) I32_LE.get(b, p + 40), ((short) I16_LE.get(b, p + 44)) & 0xffff, payload(b, p, pduLen));
        } else {
            action = (int) I32_BE.get(b, p + 28);
            e = new BlockEvent((long) I64_BE.get(b, p + 8), (int) I32_BE.get(b, p + 4), (long) I64_BE.get(b, p + 16),
                    (int) I32_BE.get(b, p + 24), action, (int) I32_BE.get(b, p + 32), (int) I32_BE.get(b, p + 36),
                    (int) I32_BE.get(b, p + 40), ((short) I16_BE.get(b, p + 44)) & 0xffff, payload(b, p, pduLen));
        }
        if (le && action == TN_TIMESTAMP && pduLen == 8) {
            // the TIMESTAMP note's two u32 are in trace byte order; BlockEvent keeps them big-endian
            byte[] pdu = e.pdu();
            I32_BE.set(pdu, 0, (int) I32_LE.get(pdu, 0));
            I32_BE.set(pdu, 4, (int) I32_LE.get(pdu, 4));
        }
        pos = p + HEADER + pduLen;
        return e;
    }

    private static byte[] payload(byte[] b, int p, int pduLen) {
        if (pduLen == 0) {
            return BlockEvent.NO_PDU;
        }
        byte[] pdu = new byte[pduLen];
        System.arraycopy(b, p + HEADER, pdu, 0, pduLen);
        return pdu;
    }

    private TraceFormatException badMagic(int magic) {
        return TraceFormatException.atByte(name, recordOffset, String.format(
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
