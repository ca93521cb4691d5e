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
                case 0 -> {
                    clone.endIo = md.cloneEndio;
                    tio.io.ioCount++;
                    tio.io.link(tio);
                    if (md.knobs.cpuNsPerMap() > 0) {
                        pc = 1;
                        return t.consumeCpu(md.knobs.cpuNsPerMap());
                    }
                    pc = 1;
                }
                case 1 -> {
                    if (md.knobs.dmOffload()) {
                        offload = new DmCore.OffloadCallback(md);
                        t.addPlugCallback(offload);
                    }
                    DmMapio r = tio.ti.map(t, tio);
                    if (r == DmMapio.CALLED) {
                        pc = 2;
                        return CALL;
                    }
                    tio.mapio = r;
                    pc = 2;
                }
                case 2 -> {
                    DmMapio r = tio.mapio;
                    if (offload != null) {
                        t.removePlugCallback(offload);
                    }
                    pc = 3;
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
