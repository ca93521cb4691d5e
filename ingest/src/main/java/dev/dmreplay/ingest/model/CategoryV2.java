package dev.dmreplay.ingest.model;

/**
 * The categories of protocol version 8 ({@code struct blk_io_trace2}, {@code BLKTRACESETUP2}; the blktrace v2
 * series for kernels from late 2025, include/uapi/linux/blktrace_api.h) beyond the 16 of version 7, as bits of
 * {@link BlockEvent#actionExt()}: the kernel's {@code BLK_TC_ACT(BLK_TC_ZONE_APPEND)} is bit 32 of the 64-bit
 * action, bit 0 of the upper half. Bit 31 of the upper half is not a kernel category (they end at
 * {@code BLK_TC_END_V2 = 1 << 22}, bit 38): it marks a record read from a version 8 trace.
 */
public final class CategoryV2 {
    public static final int ZONE_APPEND = 1;
    public static final int ZONE_RESET = 1 << 1;
    public static final int ZONE_RESET_ALL = 1 << 2;
    public static final int ZONE_FINISH = 1 << 3;
    public static final int ZONE_OPEN = 1 << 4;
    public static final int ZONE_CLOSE = 1 << 5;
    public static final int WRITE_ZEROES = 1 << 6;
    /** Every zone management or append category. */
    public static final int ZONE_ANY = ZONE_APPEND | ZONE_RESET | ZONE_RESET_ALL | ZONE_FINISH | ZONE_OPEN
            | ZONE_CLOSE;
    /** Not a kernel bit: the record came from a version 8 trace. */
    public static final int FROM_V2 = 1 << 31;

    private CategoryV2() {
    }

    /** The zone operation letters the version 8 blkparse prints ({@code ZA}, {@code ZR}, ...), or "". */
    public static String zoneLetters(int ext) {
        if ((ext & ZONE_APPEND) != 0) {
            return "ZA";
        }
        if ((ext & ZONE_RESET) != 0) {
            return "ZR";
        }
        if ((ext & ZONE_RESET_ALL) != 0) {
            return "ZRA";
        }
        if ((ext & ZONE_FINISH) != 0) {
            return "ZF";
        }
        if ((ext & ZONE_OPEN) != 0) {
            return "ZO";
        }
        if ((ext & ZONE_CLOSE) != 0) {
            return "ZC";
        }
        return "";
    }
}
