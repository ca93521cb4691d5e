package dev.dmreplay.replay.md;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Bioset;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.Workqueue;
import java.util.List;

/**
 * A minimal md raid0 device for the recursive-split scenario S9: the two splits one {@code ->submit_bio} call of
 * md makes, which is the shape b2f5974079d8 ("block: fix ordering of recursive split IO", v6.18) fixes.
 * <ol>
 *   <li>{@code md_submit_bio()} (drivers/md/md.c, v6.x): {@code bio_split_to_limits()} cuts the bio at the
 *       device's {@code max_sectors}; the head comes from the disk's {@code bio_split} bioset and the remainder is
 *       resubmitted ({@code bio_submit_split_bioset()} from v6.18);</li>
 *   <li>{@code raid0_make_request()} (drivers/md/raid0.c): a head that crosses a chunk boundary is split again,
 *       from {@code mddev->bio_set}, the rest resubmitted ({@code bio_split} + {@code bio_chain} +
 *       {@code submit_bio_noacct} up to v6.17; {@code bio_submit_split_bioset()} from v6.18, e0ed2bca7bef);</li>
 *   <li>the chunk is remapped to its member ({@code raid0_map_submit_bio}: the bio itself is redirected, no clone)
 *       and submitted.</li>
 * </ol>
 * Both remainders go to the same device, so before 6.18 the one from step 1 is processed before the one from
 * step 2 (docs/kernel-model.md §2.5). Departures: {@code md_account_bio}'s accounting clone (v6.4+,
 * {@code mddev->io_clone_set}) is not allocated, flushes and discards pass to the first member unsplit, and
 * zones (raid0 on zoned members) are not modelled. Both biosets hold {@code BIO_POOL_SIZE} and have no rescuer.
 */
public final class MdRaid0Device extends BlockDevice {
    private final List<BlockDevice> members;
    private final int chunkSectors;
    private final int maxSectors;
    /** {@code mddev->bio_set}. */
    private final Bioset bioSet;

    public MdRaid0Device(BlockLayer layer, String name, int devno, long capacity, List<BlockDevice> members,
                         int chunkSectors, int maxSectors) {
        super(layer, name, devno, capacity);
        if (members.isEmpty() || chunkSectors <= 0) {
            throw new IllegalArgumentException("md raid0 " + name + " needs members and a chunk size");
        }
        this.members = List.copyOf(members);
        this.chunkSectors = chunkSectors;
        this.maxSectors = maxSectors;
        // like q->bio_split, md's bioset had a rescuer until bioset_create() made it opt-in (v4.13)
        this.bioSet = new Bioset(layer, name + " mddev->bio_set", layer.bioPoolSize, true,
                layer.biosetsRescued ? new Workqueue(layer.kernel, "bioset/" + name + " mddev->bio_set", 0) : null);
    }

    public List<BlockDevice> members() {
        return members;
    }

    /** {@code mddev->bio_set}, for pool statistics. */
    public Bioset bioSet() {
        return bioSet;
    }

    @Override
    public Step makeRequest(Task t, Bio bio) {
        if (bio.op.abnormal() || bio.has(Bio.PREFLUSH) || bio.sectors == 0) {
            bio.dev = members.get(0);
            return Gmr.submit(t, bio);
        }
        return t.call(new Submit(bio));
    }

    /** {@code md_submit_bio} → {@code raid0_make_request} for one data bio. */
    private final class Submit extends Frame {
        /** md_submit_bio(), v6.x: {@code bio = bio_split_to_limits(bio)} at the device's {@code max_sectors}. */
        private static final int SPLIT_TO_LIMITS = 0;
        /** md_submit_bio(), v6.x: the head from the disk's {@code bio_split} arrived; the remainder resubmitted. */
        private static final int LIMITS_SPLIT_RETURNED = 1;
        /** raid0_make_request(), v6.x: sectors left in the chunk; split if the bio crosses its end. */
        private static final int RAID0_MAKE_REQUEST = 2;
        /** raid0_make_request(), v6.x: {@code bio_split(..., &mddev->bio_set)} returned; the rest resubmitted. */
        private static final int CHUNK_SPLIT_RETURNED = 3;
        /** raid0_map_submit_bio(), v6.x: redirect the chunk to its member, {@code submit_bio_noacct}. */
        private static final int MAP_SUBMIT_BIO = 4;
        /** raid0_map_submit_bio(), v6.x: {@code submit_bio_noacct()} of the mapped chunk returned. */
        private static final int MAP_SUBMITTED = 5;

        private final Bio bio;
        private Bio head;

        Submit(Bio bio) {
            this.bio = bio;
        }

        @Override
        public Step step(Task t) {
            while (true) {
                switch (pc) {
                    case SPLIT_TO_LIMITS -> {
                        head = bio;
                        if (maxSectors > 0 && bio.sectors > maxSectors) {
                            pc = LIMITS_SPLIT_RETURNED;
                            return BioOps.split(t, bio, maxSectors, Gfp.NOIO, bioSplit);
                        }
                        pc = RAID0_MAKE_REQUEST;
                    }
                    case LIMITS_SPLIT_RETURNED -> {
                        // bio_split_to_limits: the head goes on, the rest is resubmitted
                        head = t.retBio;
                        BioOps.chain(head, bio);
                        Gmr.submitSplitRemainder(t, bio);
                        pc = RAID0_MAKE_REQUEST;
                    }
                    case RAID0_MAKE_REQUEST -> {
                        long inChunk = chunkSectors - head.sector % chunkSectors;
                        if (inChunk < head.sectors) {
                            pc = CHUNK_SPLIT_RETURNED;
                            return BioOps.split(t, head, (int) inChunk, Gfp.NOIO, bioSet);
                        }
                        pc = MAP_SUBMIT_BIO;
                    }
                    case CHUNK_SPLIT_RETURNED -> {
                        // raid0_make_request: split at the chunk boundary, resubmit the rest
                        Bio rest = head;
                        head = t.retBio;
                        BioOps.chain(head, rest);
                        Gmr.submitSplitRemainder(t, rest);
                        pc = MAP_SUBMIT_BIO;
                    }
                    case MAP_SUBMIT_BIO -> {
                        // raid0_map_submit_bio: redirect the chunk to its member
                        long chunk = head.sector / chunkSectors;
                        int n = members.size();
                        head.sector = (chunk / n) * chunkSectors + head.sector % chunkSectors;
                        head.dev = members.get((int) (chunk % n));
                        pc = MAP_SUBMITTED;
                        return Gmr.submit(t, head);
                    }
                    case MAP_SUBMITTED -> {
                        return RETURN;
                    }
                    default -> throw new IllegalStateException("pc " + pc);
                }
            }
        }

        @Override
        public String function() {
            return "md_submit_bio(" + name + ")";
        }
    }
}
