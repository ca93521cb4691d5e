package dev.dmreplay.replay.target.raid1;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.PoolElement;
import dev.dmreplay.replay.block.Servicer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct r1bio} (drivers/md/raid1.h): one piece of a master bio, or one resync window, being served by
 * per-mirror bios. Normal r1bios come from {@code conf->r1bio_pool} (NR_RAID1_BIOS elements), resync ones from
 * {@code conf->r1buf_pool} (with their pages and per-disk bios preallocated). {@code remaining} counts the
 * per-mirror bios still out, plus one reference held while the submitter is still adding them.
 */
final class R1Bio extends PoolElement implements Servicer {
    final long id;
    final Raid1Conf conf;
    /** The bio this r1bio serves (null for resync). */
    Bio master;
    /** Array sector (relative to the start of the md array). */
    final long sector;
    final int sectors;
    final boolean sync;
    int readDisk = -1;
    int remaining;
    /** Per-mirror bios, null where none was issued. */
    final Bio[] bios;
    /** Some mirror write failed (R1BIO_WriteError) / at least one succeeded. */
    boolean writeError;
    boolean anyWriteOk;
    boolean readError;

    R1Bio(Raid1Conf conf, long id, Bio master, long sector, int sectors, boolean sync) {
        this.conf = conf;
        this.id = id;
        this.master = master;
        this.sector = sector;
        this.sectors = sectors;
        this.sync = sync;
        this.bios = new Bio[conf.disks()];
    }

    @Override
    public String label() {
        return (sync ? "resync r1bio #" : "r1bio #") + id + " of " + conf.name
                + (master == null ? " (sectors " + sector + "+" + sectors + ")" : " (bio #" + master.id + ")");
    }

    @Override
    public String serviceName() {
        return label();
    }

    /** The per-mirror bios still out. */
    @Override
    public List<Object> waitsFor() {
        List<Object> l = new ArrayList<>();
        for (Bio b : bios) {
            if (b != null && (b.parkedOn() != null || b.at != null)) {
                l.add(b);
            }
        }
        return l;
    }
}
