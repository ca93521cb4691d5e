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
 * and, on top of V2, the list handling that changed since (§2.5):
 * <ul>
 *   <li>v6.18 (b2f5974079d8, {@code submit_bio_noacct_nocheck(bio, split)}): a remainder resubmitted by
 *       {@code bio_submit_split_bioset()} goes to the <em>head</em> of {@code bio_list[0]}
 *       ({@link #submitSplitRemainder}), every other bio to the tail;</li>
 *   <li>BVA1 (unmerged proposal, May 2025, v1 of "Make __submit_bio_noacct() preserve the bio submission
 *       order"): after a call the list is rebuilt as older ++ lower ++ same;</li>
 *   <li>BVA2 (unmerged proposal, v2): every nested submission is inserted sorted by sector among the bios of the
 *       same device ({@code bio_list_insert_sorted}), and after a call the older bios are re-inserted the same
 *       way behind lower ++ same.</li>
 * </ul>
 * The checks of {@code generic_make_request_checks()} are reduced to "beyond end of device" (→ -EIO).
 */
public final class Gmr extends Frame {
    /** generic_make_request(), v4.4 (V1) / v4.11 (V2): {@code current->bio_list = bio_list_on_stack}. */
    private static final int SET_CURRENT_BIO_LIST = 0;
    /** generic_make_request() {@code do ... while (bio)}, v4.4 / v4.11: {@code q->make_request_fn(q, bio)}. */
    private static final int MAKE_REQUEST = 1;
    /** v4.4 / v4.11: {@code make_request_fn} returned; sort the new bios (V2), pop {@code bio_list_on_stack[0]}. */
    private static final int MAKE_REQUEST_RETURNED = 2;

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
            if (bio.dev.layer.ordering == BlockLayer.Ordering.BVA2_SORTED) {
                insertSorted(t.bioList[0], bio);
            } else {
                t.bioList[0].add(bio);
            }
            return Step.RETURN;
        }
        return t.call(new Gmr(bio));
    }

    /**
     * Resubmits the remainder of a block-layer split ({@code bio_submit_split_bioset()}, block/blk-merge.c
     * v6.18; before the helper existed the same {@code submit_bio_noacct} in {@code bio_split_to_limits} /
     * {@code blk_queue_split}): with {@code splitResubmit=HEAD} and a {@code current->bio_list} it goes to the
     * head of {@code bio_list[0]}, so the split head's own descendants cannot overtake it twice; otherwise as
     * {@link #submit}.
     */
    public static Step submitSplitRemainder(Task t, Bio bio) {
        if (t.bioList != null && bio.dev.layer.splitResubmit == BlockLayer.SplitResubmit.HEAD
                && bio.dev.layer.ordering != BlockLayer.Ordering.BVA2_SORTED) {
            if (!checks(bio)) {
                return Step.RETURN;
            }
            t.bioList[0].addHead(bio);
            return Step.RETURN;
        }
        return submit(t, bio);
    }

    /**
     * {@code bio_list_insert_sorted} of the BVA2 proposal: before the first bio of the same device with a higher
     * sector, else at the tail.
     */
    static void insertSorted(BioList list, Bio bio) {
        list.insertBefore(bio, b -> b.dev == bio.dev && bio.sector < b.sector);
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
                case SET_CURRENT_BIO_LIST -> {
                    t.bioList = t.ownBioLists(v2);
                    pc = MAKE_REQUEST;
                }
                case MAKE_REQUEST -> {
                    q = bio.dev;
                    if (v2) {
                        // bio_list_on_stack[1] = bio_list_on_stack[0]; bio_list_init(&bio_list_on_stack[0])
                        t.bioList[1].merge(t.bioList[0]);
                    }
                    pc = MAKE_REQUEST_RETURNED;
                    if (q.makeRequest(t, bio) == CALL) {
                        return CALL;
                    }
                }
                case MAKE_REQUEST_RETURNED -> {
                    if (v2) {
                        rebuild(t.bioList, q, t);
                    }
                    bio = t.bioList[0].pop();
                    if (bio == null) {
                        t.bioList = null;
                        return RETURN;
                    }
                    pc = MAKE_REQUEST;
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    /**
     * After a call: lists[0] := lower ++ same ++ lists[1] (block/blk-core.c v4.11); BVA1: lists[1] ++ lower ++
     * same; BVA2: lower ++ same, then each bio of lists[1] inserted sorted.
     */
    static void rebuild(BioList[] lists, BlockDevice q, Task t) {
        BioList fresh = lists[0];
        BlockLayer.Ordering o = q.layer.ordering;
        if (fresh.isEmpty() && o != BlockLayer.Ordering.BVA2_SORTED) {
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
        if (o == BlockLayer.Ordering.BVA1_OLDER_FIRST) {
            fresh.merge(lists[1]);
        }
        fresh.merge(lower);
        fresh.merge(same);
        if (o == BlockLayer.Ordering.BVA2_SORTED) {
            while ((b = lists[1].pop()) != null) {
                insertSorted(fresh, b);
            }
        } else if (o != BlockLayer.Ordering.BVA1_OLDER_FIRST) {
            fresh.merge(lists[1]);
        }
    }

    @Override
    public String function() {
        return "generic_make_request";
    }
}
