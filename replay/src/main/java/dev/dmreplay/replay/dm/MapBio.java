package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;

/**
 * {@code __map_bio()} (drivers/md/dm.c v4.16; G1 with {@code dm_offload_start/end} around {@code ti->map} as at
 * 18a25da84354): runs the target's map in the submitting task and acts on {@code DM_MAPIO_*}.
 */
final class MapBio extends Frame {
    /** {@code clone->bi_end_io = clone_endio}, {@code atomic_inc(&tio->io->io_count)}; the modelled CPU cost. */
    private static final int SETUP_CLONE = 0;
    /** {@code dm_offload_start()} (G1), {@code r = ti->type->map(ti, clone)}. */
    private static final int CALL_MAP = 1;
    /** {@code dm_offload_end()}, {@code switch (r)}. */
    private static final int ACT_ON_MAPIO = 2;
    private static final int MAPPED = 3;

    private final TargetIo tio;
    private DmCore.OffloadCallback offload;

    MapBio(TargetIo tio) {
        this.tio = tio;
    }

    @Override
    public Step step(Task t) {
        MappedDevice md = tio.io.md;
        Bio clone = tio.clone;
        while (true) {
            switch (pc) {
                case SETUP_CLONE -> {
                    clone.endIo = md.cloneEndio;
                    tio.io.ioCount++;
                    tio.io.link(tio);
                    pc = CALL_MAP;
                    long cpuNs = md.knobs.cpuNsPerMap() + md.mapCpuNanos(clone, t);
                    if (cpuNs > 0) {
                        return t.consumeCpu(cpuNs);
                    }
                }
                case CALL_MAP -> {
                    if (md.knobs.dmOffload()) {
                        offload = new DmCore.OffloadCallback(md);
                        t.addPlugCallback(offload);
                    }
                    DmMapio r = tio.ti.map(t, tio);
                    pc = ACT_ON_MAPIO;
                    if (r == DmMapio.CALLED) {
                        return CALL;
                    }
                    tio.mapio = r;
                }
                case ACT_ON_MAPIO -> {
                    DmMapio r = tio.mapio == null ? DmMapio.CALLED : tio.mapio;
                    if (offload != null) {
                        t.removePlugCallback(offload);
                    }
                    pc = MAPPED;
                    switch (r) {
                        case REMAPPED -> {
                            md.kernel().observeRemap(t, md.name, clone, tio.io.origBio.id, tio.ti.type());
                            if (Gmr.submit(t, clone) == CALL) {
                                return CALL;
                            }
                        }
                        case SUBMITTED -> {
                        }
                        case KILL -> {
                            tio.io.unlink(tio);
                            md.freeTio(tio);
                            md.decPending(tio.io, DmCore.STS_IOERR);
                        }
                        case REQUEUE, DELAY_REQUEUE -> {
                            tio.io.unlink(tio);
                            md.freeTio(tio);
                            md.decPending(tio.io, DmCore.STS_DM_REQUEUE);
                        }
                        case CALLED -> throw new IllegalStateException(tio.ti.type()
                                + "'s map frame returned without storing a DM_MAPIO_* value");
                    }
                }
                default -> {
                    return RETURN;
                }
            }
        }
    }

    @Override
    public String function() {
        return "__map_bio(" + tio.ti.type() + ")";
    }
}
