package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.model.BlockEvent;
import java.util.Arrays;

/**
 * The rows of one row group, column by column, as the writer's thread collects them: copying a
 * {@link BlockEvent}'s fields into arrays is all the per-row work left on that thread, so that the encoding (the
 * expensive part) can run elsewhere. Payloads are copied into one byte array, so the events themselves are garbage
 * as soon as they are written. Reused: an encoder hands the batch back once it has encoded it. The arrays grow
 * up to the capacity as rows come, so a small store costs little memory.
 */
final class EventBatch {
    final int capacity;
    long[] time;
    int[] sequence;
    long[] sector;
    int[] bytes;
    int[] action;
    int[] pid;
    int[] device;
    int[] cpu;
    int[] error;
    /** Row i's payload is {@code pdu[pduEnd[i - 1], pduEnd[i])} (from 0 for row 0). */
    int[] pduEnd;
    byte[] pdu = new byte[1 << 10];
    /** 0 for a version 7 record: a null in the action_ext column. */
    int[] actionExt;
    int rows;
    /** Rows with an {@code actionExt}. */
    int extRows;

    /** A batch of {@code capacity} rows whose arrays start at {@code initial} rows. */
    EventBatch(int capacity, int initial) {
        this.capacity = capacity;
        allocate(Math.max(1, Math.min(capacity, initial)));
    }

    private void allocate(int n) {
        time = time == null ? new long[n] : Arrays.copyOf(time, n);
        sequence = grow(sequence, n);
        sector = sector == null ? new long[n] : Arrays.copyOf(sector, n);
        bytes = grow(bytes, n);
        action = grow(action, n);
        pid = grow(pid, n);
        device = grow(device, n);
        cpu = grow(cpu, n);
        error = grow(error, n);
        pduEnd = grow(pduEnd, n);
        actionExt = grow(actionExt, n);
    }

    private static int[] grow(int[] a, int n) {
        return a == null ? new int[n] : Arrays.copyOf(a, n);
    }

    boolean full() {
        return rows == capacity;
    }

    void clear() {
        rows = 0;
        extRows = 0;
    }

    void add(BlockEvent e) {
        int i = rows;
        if (i == time.length) {
            allocate((int) Math.min(capacity, 2L * i));
        }
        time[i] = e.time();
        sequence[i] = e.sequence();
        sector[i] = e.sector();
        bytes[i] = e.bytes();
        action[i] = e.action();
        pid[i] = e.pid();
        device[i] = e.device();
        cpu[i] = e.cpu();
        error[i] = e.error() & 0xffff;
        int start = i == 0 ? 0 : pduEnd[i - 1];
        byte[] p = e.pdu();
        if (p.length > 0) {
            if (start + p.length > pdu.length) {
                long want = Math.max(pdu.length * 2L, (long) start + p.length);
                if (want > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("over 2 GiB of payloads in one row group");
                }
                pdu = Arrays.copyOf(pdu, (int) want);
            }
            System.arraycopy(p, 0, pdu, start, p.length);
        }
        pduEnd[i] = start + p.length;
        actionExt[i] = e.actionExt();
        if (e.actionExt() != 0) {
            extRows++;
        }
        rows = i + 1;
    }

    int pduStart(int row) {
        return row == 0 ? 0 : pduEnd[row - 1];
    }
}
