package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.ServiceModel;
import dev.dmreplay.replay.sim.Task;
import java.util.SplittableRandom;

/**
 * CPU time a mapped device's layer costs, learnt from a trace of it: per clone, the submitting task's time in
 * {@code dm_submit_bio} → {@code dm_split_and_process_bio} → {@code __map_bio} up to the target's remap
 * (drivers/md/dm.c v6.1; the trace's gap from the upper device's {@code Q} to the first {@code A} it causes), and
 * per original bio the completion path {@code clone_endio} → {@code dm_io_dec_pending} → {@code dm_io_complete}
 * → {@code bio_endio} (the gap from the last lower {@code C} to the upper device's {@code C}). The map path's time
 * is drawn per clone, by op and size, from the trace's samples with the device's seeded random source (a task's
 * own recorded time only where it issues on the traced times). The completion path takes the bio's own recorded
 * time where the survey kept one (by op, sector and size; on a stack with a dm-cache, whose tick bios turn on
 * whether a completion, {@code cache_end_io}, came before or after another bio's remap,
 * {@code check_if_tick_bio_needed}: a drawn time had reversed such a pair 60 us apart) and a draw otherwise.
 * The bios a lower request completes at once end one after the other, as {@code blk_update_request} ends them in
 * its completion context: the first after its completion path, each next one after the previous one's end plus the
 * trace's gap between consecutive completions of the device ({@code endioNext}). Trace replays give that gap to the
 * top devices only: below them a mapped device's bios are mostly the targets' own (kcopyd's copies, metadata), whose
 * timing the replay follows from the trace elsewhere, and with it on a snapshot's COW device the copies ended later
 * and a snapshot over a thin volume lost 7 of 1151 exact bios (the held origin writes reached other thin passes).
 * Departure: the completion delay runs in no task (the kernel runs it in the lower device's completion context).
 */
public final class LayerCpu {
    private final ServiceModel map;
    private final ServiceModel endio;
    private final ServiceModel endioNext;
    private final SplittableRandom random;

    /** @param map samples of the map path per clone, or null; @param endio of the completion path, or null */
    public LayerCpu(ServiceModel map, ServiceModel endio, SplittableRandom random) {
        this(map, endio, null, random);
    }

    /**
     * @param endioNext the completion path of a bio that ends right after another of the same lower request, in
     *                  the same completion context (null: bios of one request end at once)
     */
    public LayerCpu(ServiceModel map, ServiceModel endio, ServiceModel endioNext, SplittableRandom random) {
        this.map = map;
        this.endio = endio;
        this.endioNext = endioNext;
        this.random = random;
    }

    /** The map path's CPU time for {@code clone} in task {@code t}'s context (see {@code ServiceModel#drawNanos}). */
    long mapNanos(Bio clone, Task t) {
        if (map == null) {
            return 0;
        }
        return t != null && t.issuesOnTracedTimes() ? map.serviceNanos(clone, random) : map.drawNanos(clone, random);
    }

    long endioNanos(Bio bio) {
        return endio == null ? 0 : endio.serviceNanos(bio, random);
    }

    boolean serialisesEndio() {
        return endioNext != null;
    }

    /** The completion path of a bio that ends after the one before it in the same completion context. */
    long endioNextNanos(Bio bio) {
        return endioNext.drawNanos(bio, random);
    }
}
