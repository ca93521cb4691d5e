package dev.dmreplay.replay.target.cache;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The promotions a traced kernel's smq policy made, for a replay of that trace to follow (smq_lookup →
 * {@code should_promote} → {@code queue_promotion}, drivers/md/dm-cache-policy-smq.c v6.1).
 *
 * <p>Why the replay takes them from the trace instead of deciding them: smq promotes a missed block when its hotspot
 * entry's level reaches the promote level, and {@code update_promote_levels} sets that level at every tick from the
 * hotspot statistics gathered since the last period end. A tick is the completion of the core's tick bio, so which
 * misses promote depends on the order of completions and lookups to within microseconds, and on the hotspot queue
 * and statistics the cache had built before the trace began, which no record carries. On a capture of a write-back
 * cache over a striped origin the kernel queued 18 promotions within 5 ms of its first period end where the model,
 * whose tick came 0.7 ms earlier on fewer lookups, queued 4; every later bio of those blocks then went to the other
 * device. The trace does show each promotion: the cache's copy read of the origin block (a read on the origin that
 * no remap from the cache device made) or, for a whole-block write promoted by overwrite, the write's remap to the
 * cache device at a block the cache had not mapped; and each block's first hit shows the cache block it got.
 *
 * <p>Each promotion is kept as the kernel's promoting miss (the last {@code Q} on the cache device that touched the
 * block before the copy: {@code missNs}), the copy's start ({@code copyNs}) and the cache block (-1 when no later
 * bio hit it). A lookup that misses at a time {@code now} promotes the block when the block's next kernel promotion
 * has {@code missNs <= now + }{@value #EARLY_NS} ns (the model's lookup of the same bio, or a later one); one whose
 * copy started more than {@value #LATE_NS} ns before {@code now} is dropped as missed. A miss with no such promotion
 * does not promote. Times are ns from the trace's start. Beyond {@code horizonNs} (the learner's memory bound) the
 * policy decides alone again.
 */
public final class TracedPromotions {
    /** How far before the kernel's promoting miss the model's lookup of the same bio may come. */
    static final long EARLY_NS = 500_000L;
    /** How long after the kernel's copy started a promotion still waits for the model's miss (the model's lag). */
    static final long LATE_NS = 100_000_000L;

    private final long[] missNs;
    private final long[] copyNs;
    private final long[] cblocks;
    private final long horizonNs;
    /** Origin block → {next index, end index} into the arrays, which are sorted by (block, miss). */
    private final Map<Long, int[]> byBlock = new HashMap<>();
    private final long[] oblocks;
    /** Cache block → how many promotions not yet made or dropped go there. */
    private final int[] claims;
    private int followed;
    private int dropped;

    /**
     * @param oblocks  each promotion's origin block
     * @param missNs   each promotion's promoting miss (-1: unknown, taken as 20 ms before its copy)
     * @param copyNs   each promotion's copy start (or overwrite remap)
     * @param cblocks  each promotion's cache block, -1 when the trace never showed it
     * @param horizonNs the time up to which the list is complete (Long.MAX_VALUE: the whole trace)
     */
    public TracedPromotions(long[] oblocks, long[] missNs, long[] copyNs, long[] cblocks, long horizonNs) {
        int n = oblocks.length;
        if (missNs.length != n || copyNs.length != n || cblocks.length != n) {
            throw new IllegalArgumentException("promotion arrays of different lengths");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long[] miss = new long[n];
        for (int i = 0; i < n; i++) {
            miss[i] = missNs[i] >= 0 ? missNs[i] : Math.max(0, copyNs[i] - 20_000_000L);
        }
        Arrays.sort(order, (a, b) -> oblocks[a] != oblocks[b] ? Long.compare(oblocks[a], oblocks[b])
                : miss[a] != miss[b] ? Long.compare(miss[a], miss[b]) : Integer.compare(a, b));
        this.oblocks = new long[n];
        this.missNs = new long[n];
        this.copyNs = new long[n];
        this.cblocks = new long[n];
        for (int i = 0; i < n; i++) {
            int j = order[i];
            this.oblocks[i] = oblocks[j];
            this.missNs[i] = miss[j];
            this.copyNs[i] = copyNs[j];
            this.cblocks[i] = cblocks[j];
            int[] range = byBlock.computeIfAbsent(oblocks[j], k -> new int[] {-1, -1});
            if (range[0] < 0) {
                range[0] = i;
            }
            range[1] = i + 1;
        }
        this.horizonNs = horizonNs;
        this.claims = new int[(int) Math.min(Integer.MAX_VALUE - 8,
                Arrays.stream(cblocks).max().orElse(-1) + 1)];
        for (long c : cblocks) {
            if (c >= 0) {
                claims[(int) c]++;
            }
        }
    }

    /**
     * Whether a promotion of the kernel's that the model has still to make goes into {@code cblock}: a promotion
     * whose cache block the trace never showed takes another free block, as the kernel's did.
     */
    boolean claimed(int cblock) {
        return cblock < claims.length && claims[cblock] > 0;
    }

    private void release(int i) {
        if (cblocks[i] >= 0) {
            claims[(int) cblocks[i]]--;
        }
    }

    /** How many promotions the trace showed. */
    public int size() {
        return oblocks.length;
    }

    /** Whether the list speaks for a lookup at {@code nowNs} (before the learner's bound). */
    boolean covers(long nowNs) {
        return nowNs < horizonNs;
    }

    /**
     * The kernel's next promotion of {@code oblock} that a miss at {@code nowNs} stands for, as an index for
     * {@link #cblock} and {@link #follow}, or -1: the kernel did not promote on this miss. Promotions whose copy
     * started long before are dropped on the way.
     */
    public int due(long oblock, long nowNs) {
        int[] range = byBlock.get(oblock);
        if (range == null) {
            return -1;
        }
        while (range[0] < range[1] && copyNs[range[0]] + LATE_NS < nowNs) {
            release(range[0]);
            range[0]++;
            dropped++;
        }
        if (range[0] >= range[1] || missNs[range[0]] > nowNs + EARLY_NS) {
            return -1;
        }
        return range[0];
    }

    /** The cache block of promotion {@code i}, -1 when the trace never showed it. */
    public long cblock(int i) {
        return cblocks[i];
    }

    /** The model made promotion {@code i}: the block's next one is the following. */
    void follow(int i) {
        int[] range = byBlock.get(oblocks[i]);
        if (range[0] == i) {
            release(i);
            range[0]++;
            followed++;
        }
    }

    /** How many of the kernel's promotions the model made. */
    public int followed() {
        return followed;
    }

    /** How many of the kernel's promotions found no miss in the model in time. */
    public int dropped() {
        return dropped;
    }
}
