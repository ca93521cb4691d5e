package dev.dmreplay.ingest.blktrace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds raw {@code struct blk_io_trace} records for tests, in either byte order. */
public final class TraceBuilder {
    public static final int MAGIC7 = 0x65617407;
    public static final int Q_READ = 0x00110001;
    public static final int C_READ = 0x01810008;
    public static final int TN_PROCESS = 0x04000000;
    public static final int TN_TIMESTAMP = 0x04000001;
    public static final int TN_MESSAGE = 0x04000002;
    public static final int DEV_SDA = 8 << 20;

    private final ByteOrder order;
    private final int cpu;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int sequence;

    public TraceBuilder(ByteOrder order, int cpu) {
        this.order = order;
        this.cpu = cpu;
    }

    public static TraceBuilder le(int cpu) {
        return new TraceBuilder(ByteOrder.LITTLE_ENDIAN, cpu);
    }

    /** A raw record with everything given. */
    public TraceBuilder raw(int magic, int seq, long time, long sector, int bytes, int action, int pid, int device,
                            int recCpu, int error, byte[] pdu, int pduLenField) {
        ByteBuffer b = ByteBuffer.allocate(48 + pdu.length).order(order);
        b.putInt(magic).putInt(seq).putLong(time).putLong(sector).putInt(bytes).putInt(action).putInt(pid)
                .putInt(device).putInt(recCpu).putShort((short) error).putShort((short) pduLenField).put(pdu);
        out.writeBytes(b.array());
        return this;
    }

    /** An event record on this builder's CPU; sequence numbers count up from 1. */
    public TraceBuilder event(long time, int action, long sector, int bytes, int pid) {
        return raw(MAGIC7, ++sequence, time, sector, bytes, action, pid, DEV_SDA, cpu, 0, new byte[0], 0);
    }

    public TraceBuilder event(long time, int action, long sector, int bytes, int pid, byte[] pdu) {
        return raw(MAGIC7, ++sequence, time, sector, bytes, action, pid, DEV_SDA, cpu, 0, pdu, pdu.length);
    }

    public TraceBuilder process(long time, int pid, String comm) {
        byte[] name = new byte[16];
        byte[] c = comm.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(c, 0, name, 0, Math.min(c.length, 16));
        return raw(MAGIC7, 0, time, 0, 0, TN_PROCESS, pid, DEV_SDA, cpu, 0, name, 16);
    }

    public TraceBuilder message(long time, String text) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        return raw(MAGIC7, 0, time, 0, 0, TN_MESSAGE, 0, DEV_SDA, cpu, 0, t, t.length);
    }

    /** TIMESTAMP note: two u32 (seconds, nanoseconds) in this trace's byte order. */
    public TraceBuilder timestamp(long time, int sec, int nsec) {
        byte[] p = ByteBuffer.allocate(8).order(order).putInt(sec).putInt(nsec).array();
        return raw(MAGIC7, 0, time, 0, 0, TN_TIMESTAMP, 0, DEV_SDA, cpu, 0, p, 8);
    }

    public TraceBuilder bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    public Path write(Path file) throws IOException {
        Files.write(file, toBytes());
        return file;
    }
}
