package dev.dmreplay.replay.block;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct request} of a blk-mq leaf as far as merging goes (block/blk-merge.c, v6.1): the bios it carries
 * (in disk order), its range, op, flags and segment count. A bio merges at the back ({@code bio->bi_iter.bi_sector
 * == blk_rq_pos(rq) + blk_rq_sectors(rq)}) or the front ({@code bio_end_sector(bio) == blk_rq_pos(rq)}) when both
 * are mergeable ({@code rq_mergeable}/{@code bio_mergeable}: no {@code REQ_NOMERGE}, {@code REQ_PREFLUSH} or
 * {@code REQ_FUA}), have the same op ({@code blk_rq_merge_ok}), and the result stays within the queue's
 * {@code max_sectors} ({@code blk_rq_get_max_sectors}) and {@code max_segments} ({@code ll_back_merge_fn} /
 * {@code ll_front_merge_fn}). Departures: discards are never merged (multi-range discard merging is left out),
 * segments are counted one per 4 KiB page, never coalesced across bios.
 */
public final class Request {
    /** What a merge attempt did ({@code enum bio_merge_status} with the side). */
    public enum Merge { BACK, FRONT, NONE }

    final LeafDevice dev;
    final List<Bio> bios = new ArrayList<>(1);
    long sector;
    int sectors;
    int segments;
    final Op op;
    final int flags;
    /**
     * The request's queue-to-dispatch time was the kernel's own for it, which for a PREFLUSH write on a queue without
     * FUA already holds its preflush (blktrace's D of the data comes after the preflush completed).
     */
    boolean preflushInQ2d;

    Request(LeafDevice dev, Bio bio) {
        this.dev = dev;
        this.op = bio.op;
        this.flags = bio.flags;
        this.sector = bio.sector;
        this.sectors = bio.sectors;
        this.segments = bio.segments;
        bios.add(bio);
    }

    /** The bio the request was started with (its id names the request in observations). */
    Bio head() {
        return bios.get(0);
    }

    /** {@code rq_mergeable()} / {@code bio_mergeable()}. */
    static boolean mergeable(Bio b) {
        return !b.has(Bio.PREFLUSH) && !b.has(Bio.FUA) && !b.has(Bio.NOMERGE) && b.sectors > 0
                && (b.op == Op.READ || b.op == Op.WRITE);
    }

    /** {@code blk_attempt_bio_merge()}: merges {@code bio} into this request if the limits allow it. */
    Merge tryMerge(Bio bio, int maxSectors, int maxSegments) {
        if (!mergeable(bio) || !mergeable(head()) || bio.op != op || bio.dev != dev) {
            return Merge.NONE;
        }
        if (sectors + bio.sectors > maxSectors || segments + bio.segments > maxSegments) {
            return Merge.NONE;
        }
        if (sector + sectors == bio.sector) {
            bios.add(bio);
        } else if (bio.end() == sector) {
            bios.add(0, bio);
            sector = bio.sector;
        } else {
            return Merge.NONE;
        }
        sectors += bio.sectors;
        segments += bio.segments;
        return bio.sector == sector ? Merge.FRONT : Merge.BACK;
    }

    /** Bytes, for the plug's flush-size check. */
    long bytes() {
        return sectors * 512L;
    }
}
