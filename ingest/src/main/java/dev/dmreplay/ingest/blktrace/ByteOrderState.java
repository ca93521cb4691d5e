package dev.dmreplay.ingest.blktrace;

import java.nio.ByteOrder;

/**
 * The byte order of a whole trace, decided once on the first record read (blkparse's global
 * {@code data_is_native}, set by {@code check_data_endianness()}) and then applied to every file.
 */
final class ByteOrderState {
    static final int MAGIC = 0x65617400;

    private ByteOrder order;

    ByteOrder order() {
        return order;
    }

    /**
     * Decides the order from a raw magic read little-endian, if not decided yet. Returns false when neither
     * order gives the blktrace magic.
     */
    boolean decide(int rawLittleEndianMagic) {
        if (order != null) {
            return true;
        }
        if ((rawLittleEndianMagic & 0xffffff00) == MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
            return true;
        }
        if ((Integer.reverseBytes(rawLittleEndianMagic) & 0xffffff00) == MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
            return true;
        }
        return false;
    }
}
