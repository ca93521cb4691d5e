package dev.dmreplay.ingest.model;

/**
 * A block device number. blktrace stores the kernel's internal {@code dev_t}: {@code (major << 20) | minor}
 * (not glibc's encoding), see {@code MKDEV} in {@code include/linux/kdev_t.h}.
 */
public record DevNo(int major, int minor) implements Comparable<DevNo> {

    public static final int MINOR_BITS = 20;
    public static final int MINOR_MASK = (1 << MINOR_BITS) - 1;

    public DevNo {
        if (major < 0 || major > 0xfff) {
            throw new IllegalArgumentException("major out of range 0..4095: " + major);
        }
        if (minor < 0 || minor > MINOR_MASK) {
            throw new IllegalArgumentException("minor out of range 0.." + MINOR_MASK + ": " + minor);
        }
    }

    /** Decodes a kernel {@code dev_t} as stored in {@code blk_io_trace.device}. */
    public static DevNo ofKernel(int dev) {
        return new DevNo(dev >>> MINOR_BITS, dev & MINOR_MASK);
    }

    /** Parses {@code maj:min} (dmsetup) or {@code maj,min} (blkparse). */
    public static DevNo parse(String s) {
        int i = s.indexOf(':');
        if (i < 0) {
            i = s.indexOf(',');
        }
        if (i <= 0 || i == s.length() - 1) {
            throw new IllegalArgumentException("expected major:minor, got '" + s + "'");
        }
        return new DevNo(Integer.parseInt(s.substring(0, i).trim()), Integer.parseInt(s.substring(i + 1).trim()));
    }

    /** The kernel {@code dev_t} encoding used by blktrace. */
    public int kernel() {
        return (major << MINOR_BITS) | minor;
    }

    /** Device-mapper (253, 254) or md (9): bio-based remappers whose C events are bio completions. */
    public boolean isRemapper() {
        return major == 9 || major == 253 || major == 254;
    }

    /** {@code maj,min} as blkparse and btt print it. */
    @Override
    public String toString() {
        return major + "," + minor;
    }

    /** {@code maj:min} as dmsetup prints it. */
    public String colon() {
        return major + ":" + minor;
    }

    @Override
    public int compareTo(DevNo o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }
}
