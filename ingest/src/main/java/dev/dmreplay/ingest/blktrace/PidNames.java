package dev.dmreplay.ingest.blktrace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * pid → task name as blkparse 1.2.0 keeps it ({@code add_ppm_hash()} in blkparse.c): the first PROCESS note for
 * a pid wins, the name is cut at the first NUL and at 15 bytes ({@code TASK_COMM_LEN} minus the terminator).
 * Open addressing on int keys so that the per-event lookup does not box.
 */
public final class PidNames {
    private static final int COMM_MAX = 15;

    private int[] keys = new int[64];
    private byte[][] values = new byte[64][];
    private int size;

    /** Records the name in a PROCESS note's payload unless the pid already has one. */
    public void addIfAbsent(int pid, byte[] pdu) {
        int slot = slot(pid);
        if (values[slot] != null) {
            return;
        }
        int len = 0;
        while (len < pdu.length && len < COMM_MAX && pdu[len] != 0) {
            len++;
        }
        keys[slot] = pid;
        values[slot] = Arrays.copyOf(pdu, len);
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    /** The name bytes for a pid, or null when no PROCESS note was seen for it (blkparse prints "(null)"). */
    public byte[] bytes(int pid) {
        return values[slot(pid)];
    }

    /** The name for a pid, or null when unknown. */
    public String comm(int pid) {
        byte[] b = bytes(pid);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    public int size() {
        return size;
    }

    private int slot(int pid) {
        int mask = keys.length - 1;
        int i = (pid * 0x9E3779B9) >>> 7 & mask;
        while (values[i] != null && keys[i] != pid) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        int[] oldKeys = keys;
        byte[][] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new byte[oldKeys.length * 2][];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                int s = slot(oldKeys[i]);
                keys[s] = oldKeys[i];
                values[s] = oldValues[i];
            }
        }
    }
}
