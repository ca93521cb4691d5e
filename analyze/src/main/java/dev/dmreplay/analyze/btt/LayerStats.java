package dev.dmreplay.analyze.btt;

import java.util.Map;
import java.util.TreeMap;

/**
 * Per-layer attribution for one remapper device (dm, md): how the Q2C of its bios splits into time spent in this
 * layer (queue to first remapped piece, last piece's completion to this bio's completion) and time spent below
 * (first lower Q to last lower C), with the lower pieces' Q2D and D2C. Only bios whose every remapped piece was
 * seen completing are counted.
 */
public final class LayerStats {
    /** Totals of the lower pieces on one lower device. */
    public static final class Lower {
        long pieces;
        long q2dSum;
        long d2cSum;
        long q2cSum;

        public long pieces() {
            return pieces;
        }

        public long q2dSum() {
            return q2dSum;
        }

        public long d2cSum() {
            return d2cSum;
        }

        public long q2cSum() {
            return q2cSum;
        }
    }

    long bios;
    long q2cSum;
    long belowSum;
    final Map<Integer, Lower> lower = new TreeMap<>();

    public long bios() {
        return bios;
    }

    public long q2cSum() {
        return q2cSum;
    }

    /** Sum over bios of (last lower C - first lower Q). */
    public long belowSum() {
        return belowSum;
    }

    /** Sum over bios of the time spent in this layer itself. */
    public long ownSum() {
        return q2cSum - belowSum;
    }

    /** Lower pieces by kernel dev_t, in device-number order. */
    public Map<Integer, Lower> lower() {
        return lower;
    }
}
