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
                case 0 -> pc = multiple ? 10 : 1;
                // sequential: alloc, map, alloc, map ...
                case 1 -> {
                    if (nr >= num) {
                        return RETURN;
                    }
                    pc = 2;
                    if (SplitAndProcess.allocTio(t, md, io, Gfp.NOIO) == CALL) {
                        return CALL;
                    }
                }
                case 2 -> {
                    TargetIo tio = SplitAndProcess.newTio(t, io, ti, nr++);
                    setup(tio);
                    pc = 1;
                    return t.call(new MapBio(tio));
                }
                // alloc_multiple_bios
                case 10 -> {
                    if (attempt == 1) {
                        pc = 11;
                        if (md.tableDevicesLock.lock(t) == SCHEDULE) {
                            return SCHEDULE;
                        }
                    }
                    pc = 11;
                }
                case 11 -> {
                    if (got.size() >= num) {
                        pc = 13;
                        continue;
                    }
                    pc = 12;
                    if (SplitAndProcess.allocTio(t, md, io, attempt == 1 ? Gfp.NOIO : Gfp.NOWAIT) == CALL) {
                        return CALL;
                    }
                }
                case 12 -> {
                    TargetIo tio = SplitAndProcess.newTio(t, io, ti, got.size());
                    if (tio == null) {
                        pc = 13;
                        continue;
                    }
                    got.add(tio);
                    pc = 11;
                }
                case 13 -> {
                    if (attempt == 1) {
                        md.tableDevicesLock.unlock(t);
                    }
                    if (got.size() == num) {
                        pc = 20;
                        continue;
                    }
                    // free what we got (the embedded tio stays marked used, as free_tio leaves tio->io set)
                    for (TargetIo x : got) {
                        md.freeTio(x);
                    }
                    got.clear();
                    attempt = 1;
                    pc = 10;
                }
                case 20 -> {
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

    /** {@code __clone_and_map_simple_bio}: fast clone of the source, range set if a length is given. */
    private void setup(TargetIo tio) {
        Bio clone = tio.clone;
        BioOps.cloneFast(clone, src);
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
        return pc >= 10 && pc < 20 ? "alloc_multiple_bios(" + md.name + ")" : "__send_duplicate_bios(" + md.name + ")";
    }
}
