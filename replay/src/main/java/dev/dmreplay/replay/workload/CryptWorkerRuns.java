package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * When the traced kernel's crypt workers handled each dm-crypt bio, learnt in the survey pass.
 *
 * <p>Writes: when the kernel submitted each write's encrypted clone.
 * {@code crypt_map} (dm-crypt.c v6.1) queues a write to kcryptd ({@code kcryptd_queue_crypt}); kcryptd encrypts it
 * into a clone, and the clone is submitted by the {@code dmcrypt_write} thread (sorted by sector) or straight from
 * kcryptd; {@code dm_submit_bio_remap} then leaves the remap record ({@code A}) of the clone onto the lower device.
 * The gap from the write's {@code Q} on the crypt device to that {@code A} is the encryption and both workers'
 * scheduling: on the captured 6.1 machine 2.5 ms at the median and 26 ms at the 99th percentile for 4 KiB writes,
 * far more than the model's cost of encryption. Pairs ({@code Q}, {@code A}) are kept by the clone's sector on the
 * lower device. A write larger than 1 MiB reaches the workers in 1 MiB pieces, the later ones with a split record
 * ({@code X}) instead of a {@code Q}, which stands for it.
 *
 * <p>Reads: how long the kernel took from the lower read's completion ({@code C} on the lower device) to the crypt
 * bio's ({@code C} on the crypt device): {@code crypt_endio} queues the decryption to kcryptd
 * ({@code kcryptd_queue_crypt}), and the bio ends once it is decrypted; 1.0 ms at the median and 13 ms at the 99th
 * percentile on the same machine. Kept by the clone's lower sector with the read's {@code Q} time.
 *
 * <p>Memory is bounded: at most {@value #MAX_OPEN} writes wait for their remap, {@value #MAX_PAIRS} pairs of each kind.
 */
public final class CryptWorkerRuns implements Consumer<BlockEvent> {
    static final int MAX_PAIRS = 1 << 22;
    private static final int MAX_OPEN = 1 << 16;

    private final Set<Integer> crypts;
    /** Per crypt device: writes' Q paired with their clone's remap, by lower sector. */
    private final QueuePairs submitted = new QueuePairs(MAX_OPEN, MAX_PAIRS);
    private long readPairs;
    /** Open reads by (crypt device, sector): Q time, lower sector (-1 until remapped), lower C time (-1). */
    private final Map<Long, long[]> readOpen = new HashMap<>();
    /** (lower device, sector) of a remapped read → its key in {@link #readOpen}. */
    private final Map<Long, Long> lowerIndex = new HashMap<>();
    /**
     * (lower device, end sector) of a remapped read → its key in {@link #readOpen}: a read that a DM device below
     * the crypt (a stripe) split completes there with the sector and size of its last fragment (v6.1), which ends
     * where the read ends.
     */
    private final Map<Long, Long> lowerEndIndex = new HashMap<>();
    /** Per crypt device: by lower sector, (Q, decryption gap) pairs flattened, in Q order. */
    private final Map<Integer, Map<Long, long[]>> decryptGaps = new HashMap<>();

    /** @param crypts the crypt devices (kernel dev_t) */
    public CryptWorkerRuns(Set<Integer> crypts) {
        this.crypts = Set.copyOf(crypts);
    }

    @Override
    public void accept(BlockEvent e) {
        if (e.bytes() == 0 || (e.action() & Category.DISCARD) != 0) {
            return;
        }
        if ((e.action() & Category.WRITE) == 0) {
            read(e);
            return;
        }
        Action k = e.kind();
        if ((k == Action.QUEUE || k == Action.SPLIT) && crypts.contains(e.device())) {
            // a write larger than 1 MiB is cut by crypt_map (dm_accept_partial_bio at BIO_MAX_VECS pages): its
            // remainder is resubmitted with a split record (X) where it starts and no Q of its own, and is
            // encrypted and submitted on its own; the X is its Q here
            submitted.queued(e.device(), e.sector(), e.time());
        } else if (k == Action.REMAP && crypts.contains(e.remapFromDevice())) {
            submitted.pair(e.remapFromDevice(), e.remapFromSector(), e.sector(), e.time());
        }
    }

    private void read(BlockEvent e) {
        Action k = e.kind();
        if (k == Action.QUEUE && crypts.contains(e.device())) {
            if (readOpen.size() < MAX_OPEN) {
                readOpen.put(key(e.device(), e.sector()), new long[] {e.time(), -1, -1});
            }
        } else if (k == Action.REMAP && crypts.contains(e.remapFromDevice())) {
            long ck = key(e.remapFromDevice(), e.remapFromSector());
            long[] r = readOpen.get(ck);
            if (r != null && lowerIndex.size() < MAX_OPEN) {
                r[1] = e.sector();
                lowerIndex.put(key(e.device(), e.sector()), ck);
                lowerEndIndex.put(key(e.device(), e.sector() + e.sectors()), ck);
            }
        } else if (k == Action.COMPLETE) {
            Long ck = lowerIndex.remove(key(e.device(), e.sector()));
            Long byEnd = lowerEndIndex.remove(key(e.device(), e.sector() + e.sectors()));
            if (ck == null && byEnd != null) {
                ck = byEnd;
                long[] r = readOpen.get(ck);
                if (r != null) {
                    lowerIndex.remove(key(e.device(), r[1]));
                }
            }
            if (ck != null) {
                long[] r = readOpen.get(ck);
                if (r != null) {
                    r[2] = e.time();
                }
                return;
            }
            if (!crypts.contains(e.device())) {
                return;
            }
            long[] r = readOpen.remove(key(e.device(), e.sector()));
            if (r != null && r[1] >= 0 && r[2] >= 0 && readPairs < MAX_PAIRS) {
                readPairs++;
                decryptGaps.computeIfAbsent(e.device(), d -> new HashMap<>())
                        .merge(r[1], new long[] {r[0], Math.max(0, e.time() - r[2])}, TimeLists::append);
            }
        }
    }

    /**
     * The reads of crypt device {@code crypt}: by lower sector, (Q, decryption gap) pairs flattened, in Q order; the
     * gap is the time from the lower read's completion to the crypt bio's.
     */
    public Map<Long, long[]> decryptGaps(int crypt) {
        return decryptGaps.getOrDefault(crypt, Map.of());
    }

    private static long key(int dev, long sector) {
        return ((long) dev << 40) ^ sector;
    }

    public Set<Integer> crypts() {
        return crypts;
    }

    /** The writes of crypt device {@code crypt}: by lower sector, (Q, submit) pairs flattened, in Q order. */
    public Map<Long, long[]> submitted(int crypt) {
        return submitted.pairs(crypt);
    }
}
