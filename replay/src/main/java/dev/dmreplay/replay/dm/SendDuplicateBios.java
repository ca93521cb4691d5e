package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.strategy.Knobs;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code __send_duplicate_bios()}: {@code num} clones of the same range for one target (flush fan-out, discards,
 * write-same/zeroes). G0/G1: allocate and map one at a time (v4.15). G2/G3: {@code alloc_multiple_bios()}
 * (318716ddea08, v4.16): all-or-nothing with {@code GFP_NOWAIT}, then again with {@code GFP_NOIO} under
 * {@code md->table_devices_lock}; then map them all.
 */
final class SendDuplicateBios extends Frame {
    private final MappedDevice md;
    private final DmIo io;
    private final Target ti;
    private final int num;
    private final Bio src;
    private final long sector;
    private final long len;
    private int nr;
    private int attempt;
    private final List<TargetIo> got = new ArrayList<>();
    private int mapIndex;

    /** Pick the allocation form: one at a time (≤ v4.15) or {@code alloc_multiple_bios} (v4.16). */
    private static final int CHOOSE = 0;
    /** ≤ v4.15 loop: {@code tio = alloc_tio(ci, ti, target_bio_nr, GFP_NOIO)}. */
    private static final int ALLOC_ONE = 1;
    /** ≤ v4.15 loop: the tio arrived; {@code __clone_and_map_simple_bio}. */
    private static final int MAP_ONE = 2;
    /** {@code alloc_multiple_bios}: the second try takes {@code mutex_lock(&md->table_devices_lock)}. */
    private static final int TRY_ALL = 10;
    /** {@code for (bio_nr = 0; bio_nr < num_bios; bio_nr++) alloc_tio(...)}. */
    private static final int ALLOC_NEXT = 11;
    /** One tio arrived (or NULL: stop this try). */
    private static final int GOT_ONE = 12;
    /** End of a try: unlock; keep the set, or free it and try again with GFP_NOIO. */
    private static final int END_OF_TRY = 13;
    /** {@code while ((bio = bio_list_pop(&blist))) __map_bio(...)}. */
    private static final int MAP_ALL = 20;

    SendDuplicateBios(MappedDevice md, DmIo io, Target ti, int num, Bio src, long sector, long len) {
        this.md = md;
        this.io = io;
        this.ti = ti;
        this.num = num;
        this.src = src;
        this.sector = sector;
        this.len = len;
    }

    @Override
    public Step step(Task t) {
        boolean multiple = md.knobs.multiTioAlloc() == Knobs.MultiTioAlloc.ALLOC_MULTIPLE_MUTEX && num > 1;
        while (true) {
            switch (pc) {
                case CHOOSE -> pc = multiple ? TRY_ALL : ALLOC_ONE;
                // sequential: alloc, map, alloc, map ...
                case ALLOC_ONE -> {
                    if (nr >= num) {
                        return RETURN;
                    }
                    pc = MAP_ONE;
                    if (SplitAndProcess.allocTio(t, md, io, Gfp.NOIO) == CALL) {
                        return CALL;
                    }
                }
                case MAP_ONE -> {
                    TargetIo tio = SplitAndProcess.newTio(t, io, ti, nr++);
                    setup(tio);
                    pc = ALLOC_ONE;
                    return t.call(new MapBio(tio));
                }
                // alloc_multiple_bios
                case TRY_ALL -> {
                    pc = ALLOC_NEXT;
                    if (attempt == 1 && md.tableDevicesLock.lock(t) == SCHEDULE) {
                        return SCHEDULE;
                    }
                }
                case ALLOC_NEXT -> {
                    if (got.size() >= num) {
                        pc = END_OF_TRY;
                        continue;
                    }
                    pc = GOT_ONE;
                    if (SplitAndProcess.allocTio(t, md, io, attempt == 1 ? Gfp.NOIO : Gfp.NOWAIT) == CALL) {
                        return CALL;
                    }
                }
                case GOT_ONE -> {
                    TargetIo tio = SplitAndProcess.newTio(t, io, ti, got.size());
                    if (tio == null) {
                        pc = END_OF_TRY;
                        continue;
                    }
                    got.add(tio);
                    pc = ALLOC_NEXT;
                }
                case END_OF_TRY -> {
                    if (attempt == 1) {
                        md.tableDevicesLock.unlock(t);
                    }
                    if (got.size() == num) {
                        pc = MAP_ALL;
                        continue;
                    }
                    // free what we got (the embedded tio stays marked used, as free_tio leaves tio->io set)
                    for (TargetIo x : got) {
                        md.freeTio(x);
                    }
                    got.clear();
                    attempt = 1;
                    pc = TRY_ALL;
                }
                case MAP_ALL -> {
                    if (mapIndex >= got.size()) {
                        return RETURN;
                    }
                    TargetIo tio = got.get(mapIndex++);
                    setup(tio);
                    return t.call(new MapBio(tio));
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    /**
     * {@code __clone_and_map_simple_bio}: fast clone of the source, range set if a length is given.
     *
     * <p>Empty flushes under G3 follow v6.1 ({@code alloc_tio}, drivers/md/dm.c): the clone embedded in the
     * {@code dm_io} was cloned from the incoming bio by {@code alloc_io}, so the first flush clone keeps the
     * sector and the flags the flush arrived with (e.g. the offset an upper linear target remapped it to, or the FUA
     * of a PREFLUSH|FUA write: blktrace shows {@code A FWFS 32832 + 0}), while the others are
     * cloned from the on-stack {@code flush_bio} at sector 0. v4.16 cloned every flush clone from
     * {@code md->flush_bio} (sector 0).
     */
    private void setup(TargetIo tio) {
        Bio clone = tio.clone;
        BioOps.cloneFast(clone, src);
        if (src == md.flushBio && tio.insideDmIo && md.knobs.splitsHeadOrLater()
                && io.origBio != null) {
            clone.sector = io.origBio.sector;
            // and its flags: a PREFLUSH|FUA write (a snapshot's or a pool's metadata commit through a linear
            // device) sends its empty flush with FUA too, which a queue without FUA runs as two flushes
            clone.flags = io.origBio.flags;
        }
        if (len > 0) {
            clone.sector = sector;
            clone.sectors = (int) len;
            clone.segments = BioOps.segmentsFor((int) len);
        }
        tio.len = len;
    }

    @Override
    public String function() {
        return multipleName();
    }

    private String multipleName() {
        boolean allocating = pc >= TRY_ALL && pc < MAP_ALL;
        return (allocating ? "alloc_multiple_bios(" : "__send_duplicate_bios(") + md.name + ")";
    }
}
