package dev.dmreplay.ingest.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The canonical trace record: one {@code struct blk_io_trace} (version 7) with its payload, whatever format it
 * was read from. Fields keep the kernel's meaning and units so that blkparse's output can be rebuilt exactly.
 *
 * <ul>
 *   <li>{@code time}: nanoseconds of the kernel monotonic clock as recorded (not relative to the first event);
 *       text and CSV readers that only know relative times start at their own origin.</li>
 *   <li>{@code action}: the raw 32-bit action word, category bits ({@link Category}) in the high half.</li>
 *   <li>{@code device}: the kernel {@code dev_t}, see {@link DevNo#ofKernel(int)}.</li>
 *   <li>{@code error}: the u16 as stored ({@code -EIO} is 65531).</li>
 *   <li>{@code pdu}: the payload bytes exactly as in the trace, or an empty array. Remap, split and unplug
 *       payloads are big-endian in every trace; a TIMESTAMP note's payload is normalised to big-endian by the
 *       readers.</li>
 *   <li>{@code actionExt}: for a record read from a {@code struct blk_io_trace2} (protocol version 8, kernels from
 *       late 2025), the upper 32 bits of its 64-bit action (the zone and write-zeroes categories,
 *       {@link CategoryV2}) with {@link CategoryV2#FROM_V2} set; 0 for a version 7 record. The lower 32 bits
 *       of a version 8 action have the version 7 layout and are in {@code action}.</li>
 * </ul>
 *
 * Equality compares the payload by content.
 */
public record BlockEvent(long time, int sequence, long sector, int bytes, int action, int pid, int device, int cpu,
                         int error, byte[] pdu, int actionExt) {

    public static final byte[] NO_PDU = new byte[0];

    public BlockEvent {
        if (pdu == null) {
            pdu = NO_PDU;
        }
    }

    /** A version 7 record (no extended action). */
    public BlockEvent(long time, int sequence, long sector, int bytes, int action, int pid, int device, int cpu,
                      int error, byte[] pdu) {
        this(time, sequence, sector, bytes, action, pid, device, cpu, error, pdu, 0);
    }

    public Action kind() {
        return Action.of(action, isV2());
    }

    /** Whether the record was read from a {@code struct blk_io_trace2} (protocol version 8). */
    public boolean isV2() {
        return (actionExt & CategoryV2.FROM_V2) != 0;
    }

    /**
     * Whether a version 7 trace could not have held this record: a zone write plug event, which blkparse
     * of the version 7 protocol has no form for ({@code __BLK_TA_ZONE_PLUG}/{@code _UNPLUG}).
     */
    public boolean isV2Only() {
        Action a = kind();
        return a == Action.ZONE_PLUG || a == Action.ZONE_UNPLUG;
    }

    public DevNo dev() {
        return DevNo.ofKernel(device);
    }

    public boolean isNotify() {
        return (action & Category.NOTIFY) != 0;
    }

    public boolean isWrite() {
        return (action & Category.WRITE) != 0;
    }

    public boolean isPc() {
        return (action & Category.PC) != 0;
    }

    public int sectors() {
        return bytes >>> 9;
    }

    public String rwbs() {
        return Category.rwbs(action, bytes);
    }

    /** The upper device of a REMAP ({@code blk_io_trace_remap.device_from}). */
    public int remapFromDevice() {
        requirePdu(16, Action.REMAP);
        return ByteBuffer.wrap(pdu).order(ByteOrder.BIG_ENDIAN).getInt(0);
    }

    /** The lower device of a REMAP ({@code device_to}); blkparse prints this as the line's device. */
    public int remapToDevice() {
        requirePdu(16, Action.REMAP);
        return ByteBuffer.wrap(pdu).order(ByteOrder.BIG_ENDIAN).getInt(4);
    }

    /** The sector on the upper device of a REMAP. */
    public long remapFromSector() {
        requirePdu(16, Action.REMAP);
        return ByteBuffer.wrap(pdu).order(ByteOrder.BIG_ENDIAN).getLong(8);
    }

    /** SPLIT: start sector of the remainder; UNPLUG(_TIMER): number of requests flushed. */
    public long pduU64() {
        if (pdu.length < 8) {
            throw new IllegalStateException(kind() + " record has a " + pdu.length + "-byte payload, expected 8");
        }
        return ByteBuffer.wrap(pdu).order(ByteOrder.BIG_ENDIAN).getLong(0);
    }

    /** Text of a MESSAGE note (after the 8-byte cgroup id when flagged) or a PROCESS note (up to the NUL). */
    public String text() {
        int from = (kind() == Action.NOTIFY_MESSAGE && (action & Action.TN_CGROUP) != 0) ? Math.min(8, pdu.length) : 0;
        int to = from;
        while (to < pdu.length && pdu[to] != 0) {
            to++;
        }
        return new String(pdu, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private void requirePdu(int len, Action expected) {
        if (pdu.length < len) {
            throw new IllegalStateException(kind() + " record has a " + pdu.length + "-byte payload, expected "
                    + len + " for " + expected);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockEvent e && time == e.time && sequence == e.sequence && sector == e.sector
                && bytes == e.bytes && action == e.action && pid == e.pid && device == e.device && cpu == e.cpu
                && error == e.error && actionExt == e.actionExt && Arrays.equals(pdu, e.pdu);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(time);
        h = 31 * h + sequence;
        h = 31 * h + Long.hashCode(sector);
        h = 31 * h + bytes;
        h = 31 * h + action;
        h = 31 * h + pid;
        h = 31 * h + device;
        h = 31 * h + cpu;
        h = 31 * h + error;
        h = 31 * h + actionExt;
        return 31 * h + Arrays.hashCode(pdu);
    }

    @Override
    public String toString() {
        return "BlockEvent[" + dev() + " cpu=" + cpu + " seq=" + sequence + " t=" + time + " pid=" + pid + " "
                + kind().letters() + " " + rwbs() + " " + sector + "+" + sectors() + " err=" + error + " pdu="
                + pdu.length + "B" + (actionExt == 0 ? "" : String.format(" ext=0x%08x", actionExt)) + "]";
    }
}
