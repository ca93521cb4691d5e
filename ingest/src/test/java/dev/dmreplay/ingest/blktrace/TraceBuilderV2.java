package dev.dmreplay.ingest.blktrace;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/** Writes {@code struct blk_io_trace2} records (protocol version 8) at the offsets of {@link Trace2Layout}. */
final class TraceBuilderV2 {
    static final int MAGIC8 = 0x65617408;
    private static final Map<String, Integer> AT = Trace2Layout.offsets();
    static final int SIZE = AT.get("end");

    private final ByteOrder order;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TraceBuilderV2(ByteOrder order) {
        this.order = order;
    }

    TraceBuilderV2 record(int seq, long time, long sector, int bytes, long action, int pid, int device, int cpu,
                          int error, byte[] pdu) {
        ByteBuffer b = ByteBuffer.allocate(SIZE + pdu.length).order(order);
        b.putInt(AT.get("magic"), MAGIC8);
        b.putInt(AT.get("sequence"), seq);
        b.putLong(AT.get("time"), time);
        b.putLong(AT.get("sector"), sector);
        b.putInt(AT.get("bytes"), bytes);
        b.putInt(AT.get("pid"), pid);
        b.putLong(AT.get("action"), action);
        b.putInt(AT.get("device"), device);
        b.putInt(AT.get("cpu"), cpu);
        b.putShort(AT.get("error"), (short) error);
        b.putShort(AT.get("pdu_len"), (short) pdu.length);
        b.position(SIZE);
        b.put(pdu);
        out.writeBytes(b.array());
        return this;
    }

    TraceBuilderV2 bytes(byte[] raw) {
        out.writeBytes(raw);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
