package dev.dmreplay.ingest.model;

/**
 * Category bits ({@code BLK_TC_*}) as they sit in the high 16 bits of {@code blk_io_trace.action}.
 * Constants here are already shifted, so {@code (action & Category.WRITE) != 0} tests the bit.
 */
public final class Category {
    public static final int READ = 0x0001 << 16;
    public static final int WRITE = 0x0002 << 16;
    public static final int FLUSH = 0x0004 << 16;
    public static final int SYNC = 0x0008 << 16;
    public static final int QUEUE = 0x0010 << 16;
    public static final int REQUEUE = 0x0020 << 16;
    public static final int ISSUE = 0x0040 << 16;
    public static final int COMPLETE = 0x0080 << 16;
    public static final int FS = 0x0100 << 16;
    public static final int PC = 0x0200 << 16;
    public static final int NOTIFY = 0x0400 << 16;
    public static final int AHEAD = 0x0800 << 16;
    public static final int META = 0x1000 << 16;
    public static final int DISCARD = 0x2000 << 16;
    public static final int DRV_DATA = 0x4000 << 16;
    public static final int FUA = 0x8000 << 16;

    private Category() {
    }

    /**
     * The RWBS string as blkparse and the kernel's {@code fill_rwbs()} build it: F (flush), one of D/W/R/N,
     * F (FUA), A (readahead), S (sync), M (meta).
     */
    public static String rwbs(int action, int bytes) {
        StringBuilder sb = new StringBuilder(5);
        if ((action & FLUSH) != 0) {
            sb.append('F');
        }
        if ((action & DISCARD) != 0) {
            sb.append('D');
        } else if ((action & WRITE) != 0) {
            sb.append('W');
        } else if (bytes != 0) {
            sb.append('R');
        } else {
            sb.append('N');
        }
        if ((action & FUA) != 0) {
            sb.append('F');
        }
        if ((action & AHEAD) != 0) {
            sb.append('A');
        }
        if ((action & SYNC) != 0) {
            sb.append('S');
        }
        if ((action & META) != 0) {
            sb.append('M');
        }
        return sb.toString();
    }
}
