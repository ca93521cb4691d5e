package dev.dmreplay.replay.block;

import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;

/**
 * {@code generic_make_request()} in both orderings (docs/kernel-model.md §2):
 * <ul>
 *   <li>V1 (block/blk-core.c ≤ v4.10, e.g. v4.4): one FIFO {@code current->bio_list}; nested submissions append;
 *       the outermost call pops and runs {@code make_request_fn} breadth-first.</li>
 *   <li>V2 (v4.11, 79bd99596b73 + f5fe1b51905d; same algorithm in {@code __submit_bio_noacct} ≥ v5.9): two
 *       lists; during a call {@code bio_list[0]} holds only what that call submitted and {@code bio_list[1]} what
 *       was pending before; afterwards the new bios are ordered lower devices first, then the same queue, then the
 *       older pending ones.</li>
 * </ul>
 * The checks of {@code generic_make_request_checks()} are reduced to "beyond end of device" (→ -EIO).
 */
public final class Gmr extends Frame {
    private Bio bio;
    private BlockDevice q;

    private Gmr(Bio bio) {
        this.bio = bio;
    }

    /**
     * Submits {@code bio} from task {@code t}: appends to {@code current->bio_list} if the task is already inside
     * {@code generic_make_request} (returns {@link Step#RETURN}), otherwise becomes the outermost loop (pushes a
     * frame, returns {@link Step#CALL}).
     */
    public static Step submit(Task t, Bio bio) {
        if (!checks(bio)) {
            return Step.RETURN;
        }
        if (t.bioList != null) {
            t.bioList[0].add(bio);
            return Step.RETURN;
        }
        return t.call(new Gmr(bio));
    }

    private static boolean checks(Bio bio) {
        if (bio.sectors > 0 && bio.end() > bio.dev.capacity) {
            BioOps.ioError(bio);
            return false;
        }
        return true;
    }

    @Override
    public Step step(Task t) {
        boolean v2 = bio.dev.layer.twoLists();
        while (true) {
            switch (pc) {
                case 0 -> {
                    t.bioList = t.ownBioLists(v2);
                    pc = 1;
                }
                case 1 -> {
                    q = bio.dev;
                    if (v2) {
                        // bio_list_on_stack[1] = bio_list_on_stack[0]; bio_list_init(&bio_list_on_stack[0])
                        t.bioList[1].merge(t.bioList[0]);
                    }
                    pc = 2;
                    if (q.makeRequest(t, bio) == CALL) {
                        return CALL;
                    }
                }
                case 2 -> {
                    if (v2) {
                        rebuild(t.bioList, q, t);
                    }
                    bio = t.bioList[0].pop();
                    if (bio == null) {
                        t.bioList = null;
                        return RETURN;
                    }
                    pc = 1;
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    /** lists[0] := lower ++ same ++ lists[1] (block/blk-core.c v4.11). */
    static void rebuild(BioList[] lists, BlockDevice q, Task t) {
        BioList fresh = lists[0];
        if (fresh.isEmpty()) {
            fresh.merge(lists[1]);
            return;
        }
        t.ownBioLists(true);
        BioList lower = t.scratchLower;
        BioList same = t.scratchSame;
        Bio b;
        while ((b = fresh.pop()) != null) {
            (b.dev == q ? same : lower).add(b);
        }
        fresh.merge(lower);
        fresh.merge(same);
        fresh.merge(lists[1]);
    }

    @Override
    public String function() {
        return "generic_make_request";
    }
}
