package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioAlloc;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.observe.SplitKind;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;

/**
 * {@code __split_and_process_bio()} with {@code __split_and_process_non_flush()} and {@code __send_empty_flush()}
 * (drivers/md/dm.c): the part every DM generation shares — {@code alloc_io} (from {@code md->io_pool}, or the
 * {@code dm_io} in {@code md->io_bs}'s front pad), the flush fan-out, the per-target piece (clone, map) and the
 * final {@code dec_pending} — while the subclass decides what follows a mapped piece:
 * <ul>
 *   <li>{@link SplitAndProcessAllPieces}: G0/G1 (≤ v4.15), every piece in this one call;</li>
 *   <li>{@link SplitAndProcessCloneRemainder}: G2 (v4.16, 00716545c894), depth first, the remainder cloned with
 *       {@code bio_clone_bioset} and resubmitted;</li>
 *   <li>{@link SplitAndProcessSplitHead}: G3 (≈v5.15), depth first, the head split off with {@code bio_split};</li>
 *   <li>{@link SplitAndProcessTrimRemainder}: G4 (v6.0+), depth first, the original trimmed and resubmitted.</li>
 * </ul>
 * The {@code pc} states are named after the kernel lines they model.
 */
abstract class SplitAndProcess extends Frame {
    /** {@code ci.io = alloc_io(md)}. */
    static final int ALLOC_IO = 0;
    /** The {@code md->io_bs} bio holding the {@code dm_io} arrived. */
    static final int IO_FROM_IO_BS = 1;
    /** The {@code md->io_pool} element arrived. */
    static final int IO_FROM_IO_POOL = 2;
    /** {@code init_clone_info}, {@code start_io_acct}; flush or data. */
    static final int INIT_CLONE_INFO = 3;
    /** {@code while (ci.sector_count && !error)}. */
    static final int WHILE_SECTORS_LEFT = 4;
    /** {@code __split_and_process_non_flush}: find the target, the piece length. */
    static final int NON_FLUSH = 5;
    /** {@code __clone_and_map_data_bio}: the tio arrived; clone and map. */
    static final int CLONE_AND_MAP = 6;
    /** The piece was mapped: advance {@code ci.sector}. */
    static final int PIECE_MAPPED = 7;
    /** The duplicate bios of an abnormal op were mapped: advance {@code ci.sector}. */
    static final int DUPLICATES_MAPPED = 8;
    /** After a piece: the generation decides ({@link #afterPiece}). */
    static final int AFTER_PIECE = 9;
    /** The bio for the remainder's split arrived ({@link #remainderAllocated}). */
    static final int REMAINDER_ALLOCATED = 10;
    /** {@code __send_empty_flush}: every target, {@code num_flush_bios} each. */
    static final int SEND_EMPTY_FLUSH = 20;
    /** {@code dec_pending(ci.io, error)}: drop the extra reference. */
    static final int DEC_PENDING = 30;

    protected final MappedDevice md;
    protected final Bio bio;
    protected DmIo io;
    /** {@code ci.sector}, {@code ci.sector_count}. */
    protected long sector;
    protected long count;
    protected int error;
    private Target ti;
    private long len;
    private TargetIo tio;
    private int flushTarget;

    SplitAndProcess(MappedDevice md, Bio bio) {
        this.md = md;
        this.bio = bio;
    }

    /** The frame of {@code md}'s DM generation. */
    static SplitAndProcess of(MappedDevice md, Bio bio) {
        return switch (md.knobs.dmGen()) {
            case G0_ALL_IN_ONE, G1_OFFLOAD -> new SplitAndProcessAllPieces(md, bio);
            case G2_DEPTH_FIRST_CLONE_REMAINDER -> new SplitAndProcessCloneRemainder(md, bio);
            case G3_SPLIT_HEAD -> new SplitAndProcessSplitHead(md, bio);
            case G4_TRIM_REMAINDER -> new SplitAndProcessTrimRemainder(md, bio);
        };
    }

    /**
     * What follows a mapped piece: set {@code pc} to {@link #WHILE_SECTORS_LEFT} and return null to go on with the
     * next piece in this call, or set it to {@link #REMAINDER_ALLOCATED} or {@link #DEC_PENDING} and return how the
     * task goes on.
     */
    protected abstract Step afterPiece(Task t);

    /** The bio for the remainder's split arrived in {@link Task#retBio}; only for the depth-first generations. */
    protected Step remainderAllocated(Task t) {
        throw new IllegalStateException(getClass().getSimpleName() + " allocates no remainder");
    }

    @Override
    public Step step(Task t) {
        while (true) {
            switch (pc) {
                case ALLOC_IO -> {
                    if (md.ioPool != null) {
                        pc = IO_FROM_IO_POOL;
                        if (md.ioPool.tryAlloc(Gfp.NOIO, t.name) != Mempool.Attempt.GOT) {
                            return t.call(md.ioPool.allocFrame());
                        }
                    } else {
                        md.core.beforeAlloc(t, md, md.ioBs.bioPool);
                        pc = IO_FROM_IO_BS;
                        if (BioAlloc.alloc(t, md.ioBs, Gfp.NOIO, 0) == CALL) {
                            return CALL;
                        }
                    }
                }
                case IO_FROM_IO_BS -> {
                    io = new DmIo(md, md.nextIoId());
                    io.storage = t.retBio;
                    io.storage.owner = io;
                    pc = INIT_CLONE_INFO;
                }
                case IO_FROM_IO_POOL -> {
                    io = new DmIo(md, md.nextIoId());
                    md.ioPool.attach(io, t.name, bio.id);
                    pc = INIT_CLONE_INFO;
                }
                case INIT_CLONE_INFO -> {
                    io.origBio = bio;
                    io.builder = t;
                    io.start = t.kernel().sim.now();
                    bio.at = io;
                    md.pending++;
                    if (bio.has(Bio.PREFLUSH)) {
                        flushTarget = 0;
                        pc = SEND_EMPTY_FLUSH;
                    } else {
                        sector = bio.sector;
                        count = bio.sectors;
                        pc = WHILE_SECTORS_LEFT;
                    }
                }
                case WHILE_SECTORS_LEFT -> pc = count == 0 || error != 0 ? DEC_PENDING : NON_FLUSH;
                case NON_FLUSH -> {
                    ti = md.table().find(sector);
                    if (ti == null) {
                        error = DmCore.STS_IOERR;
                        pc = WHILE_SECTORS_LEFT;
                        continue;
                    }
                    if (bio.op.abnormal()) {
                        int num = ti.numBiosFor(bio.op);
                        if (num == 0) {
                            error = DmCore.STS_NOTSUPP;
                            pc = WHILE_SECTORS_LEFT;
                            continue;
                        }
                        long toEnd = ti.len - (sector - ti.begin);
                        len = Math.min(count, bio.op == Op.DISCARD && !ti.splitDiscardBios() ? toEnd
                                : ti.maxIoLenAt(sector));
                        pc = DUPLICATES_MAPPED;
                        return t.call(new SendDuplicateBios(md, io, ti, num, bio, sector, len));
                    }
                    len = Math.min(ti.maxIoLenAt(sector), count);
                    pc = CLONE_AND_MAP;
                    if (allocTio(t, md, io, Gfp.NOIO) == CALL) {
                        return CALL;
                    }
                }
                case CLONE_AND_MAP -> {
                    tio = newTio(t, io, ti, 0);
                    Bio clone = tio.clone;
                    BioOps.cloneFast(clone, bio);
                    clone.sector = sector;
                    clone.sectors = (int) len;
                    clone.segments = BioOps.segmentsFor((int) len);
                    tio.len = len;
                    if (len < bio.sectors) {
                        md.kernel().observeSplit(SplitKind.DM_PIECE, t, md.name, null, clone, bio.id);
                    }
                    pc = PIECE_MAPPED;
                    return t.call(new MapBio(tio));
                }
                case PIECE_MAPPED -> {
                    sector += tio.len;
                    count -= tio.len;
                    pc = AFTER_PIECE;
                }
                case DUPLICATES_MAPPED -> {
                    sector += len;
                    count -= len;
                    pc = AFTER_PIECE;
                }
                case AFTER_PIECE -> {
                    Step s = afterPiece(t);
                    if (s != null) {
                        return s;
                    }
                }
                case REMAINDER_ALLOCATED -> {
                    Step s = remainderAllocated(t);
                    if (s != null) {
                        return s;
                    }
                }
                case SEND_EMPTY_FLUSH -> {
                    if (flushTarget >= md.table().count()) {
                        pc = DEC_PENDING;
                        continue;
                    }
                    Target ft = md.table().target(flushTarget++);
                    if (ft.numFlushBios() > 0) {
                        return t.call(new SendDuplicateBios(md, io, ft, ft.numFlushBios(), md.flushBio, 0, 0));
                    }
                }
                case DEC_PENDING -> {
                    io.builder = null;
                    md.decPending(io, error);
                    return RETURN;
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    /**
     * First half of {@code alloc_tio()}: the tio embedded in the {@code dm_io} if still free, else a clone from
     * {@code md->bs}; {@link Step#RETURN} with {@link Task#retBio} set, or {@link Step#CALL}.
     */
    static Step allocTio(Task t, MappedDevice md, DmIo io, int gfp) {
        if (io.storage != null && !io.embeddedUsed) {
            io.embeddedUsed = true;
            t.retBio = io.storage;
            return RETURN;
        }
        md.core.beforeAlloc(t, md, md.bs.bioPool);
        return BioAlloc.alloc(t, md.bs, gfp, 0);
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
