package dev.dmreplay.replay.target.crypt;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Servicer;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WorkItem;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct dm_crypt_io} (per-bio data of dm-crypt, v6.1): the bio dm-crypt was given ({@code base_bio}),
 * the sector on the lower device, the clone that goes down (an encrypted copy with its own pages for writes, a
 * fast clone for reads), the pages of that buffer and the work item it is queued with. While dm-crypt owns the
 * base bio it is "in" this io, which says what it waits for.
 */
final class CryptIo implements Servicer, dev.dmreplay.replay.dm.PerBioData {
    final CryptTarget cc;
    final TargetIo tio;
    final Bio base;
    final long sector;
    /** When {@code crypt_map} took the bio (the model's time of its {@code Q}). */
    final long mappedAt;
    Bio clone;
    final List<CryptPage> pages = new ArrayList<>();
    /** The task running {@code crypt_alloc_buffer} for this io, while it runs. */
    Task allocating;
    WorkItem work;
    boolean inWriteTree;
    /** Pages the buffer needs (set by crypt_alloc_buffer). */
    int pagesNeeded;

    CryptIo(CryptTarget cc, TargetIo tio, long sector) {
        this.cc = cc;
        this.tio = tio;
        this.base = tio.clone;
        this.sector = sector;
        this.mappedAt = cc.kernelNow();
    }

    @Override
    public String serviceName() {
        return "dm_crypt_io of bio #" + base.id;
    }

    @Override
    public List<Object> waitsFor() {
        if (allocating != null) {
            return List.of(allocating);
        }
        if (inWriteTree) {
            return List.of(cc.writer().task());
        }
        if (clone != null && clone.at != this) {
            return List.of(clone);
        }
        if (work != null) {
            return List.of(work);
        }
        return List.of();
    }
}
