package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioAlloc;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.strategy.Knobs;

/**
 * {@code __split_and_process_bio()} with {@code __split_and_process_non_flush()} and {@code __send_empty_flush()}
 * in the four generations of kernel-model §6:
 * <ul>
 *   <li>G0/G1 (≤ v4.15, d67a5f4b5947 / 18a25da84354^): {@code dm_io} from {@code md->io_pool}; every piece mapped
 *       in this one call (clones wait on {@code current->bio_list}).</li>
 *   <li>G2 (v4.16, 00716545c894): {@code dm_io} in {@code md->io_bs} with an embedded tio; one piece per call when
 *       called under {@code generic_make_request}; the rest is cloned from {@code q->bio_split}
 *       ({@code bio_clone_bioset}, full clone with a bvec array), {@code bio_advance}d, {@code bio_chain}ed and
 *       resubmitted.</li>
 *   <li>G3 (≈v5.15, ce8356335027): as G2 but the processed head is split off with {@code bio_split} (fast
 *       clone).</li>
 * </ul>
 * From {@code dm_wq_work} ({@code current->bio_list == NULL}) G2 maps every piece in the one call.
 */
final class SplitAndProcess extends Frame {
    private final MappedDevice md;
    private final Bio bio;
    private DmIo io;
    /** {@code ci.sector}, {@code ci.sector_count}. */
    long sector;
    long count;
    private int error;
    private Target ti;
    private long len;
    private TargetIo tio;
    private int flushTarget;

    SplitAndProcess(MappedDevice md, Bio bio) {
        this.md = md;
        this.bio = bio;
    }

    @Override
    public Step step(Task t) {
        Knobs k = md.knobs;
        while (true) {
            switch (pc) {
                case 0 -> { // alloc_io
                    if (md.ioPool != null) {
                        Mempool.Attempt r = md.ioPool.tryAlloc(Gfp.NOIO, t.name);
                        if (r == Mempool.Attempt.GOT) {
                            pc = 2;
                        } else {
                            pc = 2;
                            return t.call(md.ioPool.allocFrame());
                        }
                    } else {
                        md.core.beforeAlloc(t, md, md.ioBs.bioPool);
                        pc = 1;
                        if (BioAlloc.alloc(t, md.ioBs, Gfp.NOIO, 0) == CALL) {
                            return CALL;
                        }
                    }
                }
                case 1 -> { // io_bs bio arrived
                    io = new DmIo(md, md.nextIoId());
                    io.storage = t.retBio;
                    io.storage.owner = io;
                    pc = 3;
                }
                case 2 -> { // io_pool element arrived
                    io = new DmIo(md, md.nextIoId());
                    md.ioPool.attach(io, t.name, bio.id);
                    pc = 3;
                }
                case 3 -> {
                    io.origBio = bio;
                    io.builder = t;
                    io.start = t.kernel().sim.now();
                    bio.at = io;
                    md.pending++;
                    if (bio.has(Bio.PREFLUSH)) {
                        flushTarget = 0;
                        pc = 20;
                    } else {
                        sector = bio.sector;
                        count = bio.sectors;
                        pc = 4;
                    }
                }
                case 4 -> { // while (ci.sector_count && !error)
                    if (count == 0 || error != 0) {
                        pc = 30;
                        continue;
                    }
                    pc = 5;
                }
                case 5 -> { // __split_and_process_non_flush
                    ti = md.table().find(sector);
                    if (ti == null) {
                        error = DmCore.STS_IOERR;
                        pc = 4;
                        continue;
                    }
                    if (bio.op.abnormal()) {
                        int num = ti.numBiosFor(bio.op);
                        if (num == 0) {
                            error = DmCore.STS_NOTSUPP;
                            pc = 4;
                            continue;
                        }
                        long toEnd = ti.len - (sector - ti.begin);
                        len = Math.min(count, bio.op == Op.DISCARD && !ti.splitDiscardBios() ? toEnd
                                : ti.maxIoLenAt(sector));
                        pc = 8;
                        return t.call(new SendDuplicateBios(md, io, ti, num, bio, sector, len));
                    }
                    len = Math.min(ti.maxIoLenAt(sector), count);
                    pc = 6;
                    if (allocTio(t, Gfp.NOIO) == CALL) {
                        return CALL;
                    }
                }
                case 6 -> {
                    tio = newTio(t, ti, 0);
                    Bio clone = tio.clone;
                    BioOps.cloneFast(clone, bio);
                    clone.sector = sector;
                    clone.sectors = (int) len;
                    clone.segments = BioOps.segmentsFor((int) len);
                    tio.len = len;
                    if (len < bio.sectors && t.kernel().observing()) {
                        md.emit(ObservationKind.SPLIT, t, clone, null, bio.id, "dm piece");
                    }
                    pc = 7;
                    return t.call(new MapBio(tio));
                }
                case 7 -> {
                    sector += tio.len;
                    count -= tio.len;
                    pc = 9;
                }
                case 8 -> { // after duplicate bios of an abnormal op
                    sector += len;
                    count -= len;
                    pc = 9;
                }
                case 9 -> { // remainder handling of G2/G3
                    if (k.depthFirst() && t.bioList != null && count > 0 && error == 0) {
                        pc = 10;
                        md.core.beforeAlloc(t, md, md.bioSplit.bioPool);
                        if (k.dmGen() == Knobs.DmGen.G3_SPLIT_HEAD) {
                            return BioOps.split(t, bio, (int) (bio.sectors - count), Gfp.NOIO, md.bioSplit);
                        }
                        return BioOps.cloneBioset(t, bio, Gfp.NOIO, md.bioSplit);
                    }
                    pc = 4;
                }
                case 10 -> {
                    Bio b = t.retBio;
                    io.origBio = b;
                    b.at = io;
                    if (k.dmGen() != Knobs.DmGen.G3_SPLIT_HEAD) {
                        BioOps.advance(bio, (int) (bio.sectors - count));
                    }
                    BioOps.chain(b, bio);
                    bio.at = null;
                    md.emit(ObservationKind.SPLIT, t, bio, md.bioSplit.name, b.id,
                            k.dmGen() == Knobs.DmGen.G3_SPLIT_HEAD ? "bio_split head" : "remainder resubmitted");
                    Gmr.submit(t, bio);
                    pc = 30;
                }
                case 20 -> { // __send_empty_flush: every target, num_flush_bios each, in this one call
                    if (flushTarget >= md.table().count()) {
                        pc = 30;
                        continue;
                    }
                    Target ft = md.table().target(flushTarget++);
                    if (ft.numFlushBios() > 0) {
                        return t.call(new SendDuplicateBios(md, io, ft, ft.numFlushBios(), md.flushBio, 0, 0));
                    }
                }
                case 30 -> { // drop the extra reference
                    io.builder = null;
                    md.decPending(io, error);
                    return RETURN;
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    /** First half of {@code alloc_tio()}: the embedded tio, or a clone from {@code md->bs}. */
    private Step allocTio(Task t, int gfp) {
        return allocTio(t, md, io, gfp);
    }

    static Step allocTio(Task t, MappedDevice md, DmIo io, int gfp) {
        if (io.storage != null && !io.embeddedUsed) {
            io.embeddedUsed = true;
            t.retBio = io.storage;
            return Step.RETURN;
        }
        md.core.beforeAlloc(t, md, md.bs.bioPool);
        return BioAlloc.alloc(t, md.bs, gfp, 0);
    }

    private TargetIo newTio(Task t, Target target, int nr) {
        return newTio(t, io, target, nr);
    }

    /** Second half of {@code alloc_tio()}: null if the allocation failed. */
    static TargetIo newTio(Task t, DmIo io, Target target, int nr) {
        Bio b = t.retBio;
        if (b == null) {
            return null;
        }
        TargetIo tio = new TargetIo(io, target, nr, b, b == io.storage);
        if (tio.insideDmIo) {
            io.embedded = tio;
        }
        return tio;
    }

    @Override
    public String function() {
        return "__split_and_process_bio(" + md.name + ")";
    }
}
