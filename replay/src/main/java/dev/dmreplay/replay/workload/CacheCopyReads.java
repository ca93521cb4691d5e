package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells a dm-cache's own reads of its origin from the bios it sends there (dm-cache-target.c, v6.1): a bio the
 * cache remaps to the origin carries an {@code A} from the cache device before its {@code Q} there, while a
 * promotion's copy ({@code mg_copy} → kcopyd) is queued on the origin with no remap (write-back copies write the
 * origin, so they are not reads). Shown each event of the origin device in order. At most {@value #MAX_OPEN} remaps
 * wait for their {@code Q}.
 */
final class CacheCopyReads {
    static final int MAX_OPEN = 1 << 12;

    private final int top;
    /** Origin sectors the cache device remapped a bio to whose {@code Q} on the origin has not come yet. */
    private final Set<Long> clones = new HashSet<>();

    /** @param top the cache's mapped device (kernel device number) */
    CacheCopyReads(int top) {
        this.top = top;
    }

    /** Whether {@code e} is a remap from the cache device onto the origin (a bio the cache sent there). */
    boolean isClone(BlockEvent e) {
        return e.kind() == Action.REMAP && e.remapFromDevice() == top;
    }

    /** Whether {@code e}, an event of the origin device, is the cache's copy read; remaps are remembered. */
    boolean isCopyRead(BlockEvent e) {
        if (isClone(e)) {
            if (clones.size() < MAX_OPEN) {
                clones.add(e.sector());
            }
            return false;
        }
        return e.kind() == Action.QUEUE && !clones.remove(e.sector()) && e.sectors() > 0
                && (e.action() & (Category.WRITE | Category.DISCARD)) == 0;
    }
}
