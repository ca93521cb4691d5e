package dev.dmreplay.analyze.repro;

/**
 * One leaf disk of the reproduced stack: the device reference the tables use for it, a shell-safe key, its name,
 * the size the tables need (sectors), and the service latency the model gives it.
 *
 * @param key        shell-safe identifier ({@code 8_0}), used for variable and file names in the script
 * @param ref        the reference as the tables write it ({@code 8:0}, {@code /dev/sda})
 * @param label      a readable name ({@code sda})
 * @param sectors    the size the tables need, rounded up to whole MiB
 * @param latencyNs  the model's service latency for the leaf (fixed, or the median of the trace's D2C)
 * @param queueDepth the model's queue depth for the leaf
 * @param maxSectors the leaf's max_sectors in the model (0: no limit of its own)
 * @param zoneSectors the zone size of a zoned (host-managed) leaf, 0 for a conventional one
 */
public record ReproLeaf(String key, String ref, String label, long sectors, long latencyNs, int queueDepth,
                        int maxSectors, long zoneSectors) {

    public ReproLeaf(String key, String ref, String label, long sectors, long latencyNs, int queueDepth) {
        this(key, ref, label, sectors, latencyNs, queueDepth, 0, 0);
    }

    /**
     * Zone size in MiB (null_blk's and scsi_debug's unit), 0 when not zoned: the model's zone size rounded up to a
     * power of two MiB, since both drivers, and the block layer's zone checks, accept only power-of-two zone sizes.
     */
    public long zoneMib() {
        if (zoneSectors <= 0) {
            return 0;
        }
        long mib = Math.max(1, (zoneSectors + 2047) / 2048);
        return Long.highestOneBit(mib) == mib ? mib : Long.highestOneBit(mib) << 1;
    }

    /** Whether the real device's zones ({@link #zoneMib}) are exactly the model's. */
    public boolean zoneSizeExact() {
        return zoneSectors <= 0 || zoneMib() * 2048 == zoneSectors;
    }

    /** A shell-safe key for a reference: every character outside {@code [A-Za-z0-9]} becomes {@code _}. */
    public static String keyOf(String ref) {
        String k = ref.replaceAll("[^A-Za-z0-9]", "_").replaceAll("^_+", "");
        return k.isEmpty() ? "leaf" : k;
    }

    /** Size in MiB (null_blk's and scsi_debug's unit). */
    public long mib() {
        return Math.max(1, (sectors + 2047) / 2048);
    }

    /** The dm-delay delay in whole milliseconds (dm-delay's unit), rounded to nearest; 0 for sub-0.5 ms. */
    public long delayMs() {
        return (latencyNs + 500_000) / 1_000_000;
    }
}
