package dev.dmreplay.replay.target.thin;

import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.thin.ThinDeviceDump;
import dev.dmreplay.ingest.thin.ThinDump;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.dm.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Puts a pool's metadata at trace start, from a {@code thin_dump}, into the modelled pool it belongs to: the
 * thin-pool whose data block size is the dump's ({@code __open_metadata} refuses any other) and all of whose thin
 * devices the dump has ({@code thin_ctr} fails for an id the metadata lacks). Devices of the dump that no table line
 * activates still hold their references. A dump that fits no pool of the stack is refused with one line.
 */
public final class ThinSeeding {
    private ThinSeeding() {
    }

    /**
     * Seeds the pool of {@code devices} the dump belongs to; returns a note saying what was seeded.
     *
     * @throws TableFormatException naming the dump when no pool fits it
     */
    public static String seed(Collection<BlockDevice> devices, ThinDump dump) {
        List<ThinPool> pools = new ArrayList<>();
        for (BlockDevice d : devices) {
            if (d instanceof MappedDevice md) {
                for (Target t : md.table().targets()) {
                    if (t instanceof ThinPoolTarget pt) {
                        pools.add(pt.pool());
                    }
                }
            }
        }
        long bs = dump.superblock().dataBlockSize();
        if (pools.isEmpty()) {
            throw TableFormatException.of(dump.source(), "a thin_dump of pool metadata, but the table has no"
                    + " thin-pool: expected a table with the pool it was dumped from");
        }
        List<ThinPool> sized = pools.stream().filter(p -> p.blockSectors == bs).toList();
        if (sized.isEmpty()) {
            throw TableFormatException.of(dump.source(), "data_block_size is " + bs + " sectors, but "
                    + describe(pools) + ": expected the dump of a pool with the same block size");
        }
        List<ThinPool> fitting = new ArrayList<>();
        String lastMissing = null;
        for (ThinPool p : sized) {
            String missing = missingThin(p, dump);
            if (missing == null) {
                fitting.add(p);
            } else {
                lastMissing = missing;
            }
        }
        if (fitting.isEmpty()) {
            throw TableFormatException.of(dump.source(), lastMissing);
        }
        if (fitting.size() > 1) {
            throw TableFormatException.of(dump.source(), "fits several thin-pools (" + fitting + "): expected a"
                    + " table with one pool of " + bs + "-sector blocks whose thin ids the dump has");
        }
        ThinPool pool = fitting.get(0);
        long span = dump.dataBlocksSpanned();
        if (span > pool.meta.nrDataBlocks()) {
            throw TableFormatException.of(dump.source(), "maps data block " + (span - 1) + ", but thin-pool " + pool
                    + " has " + pool.meta.nrDataBlocks() + " data blocks: expected the dump of this pool");
        }
        pool.meta.seed(dump);
        long mappings = dump.devices().stream().mapToLong(ThinDeviceDump::mappedBlocks).sum();
        return "thin-pool " + pool + " starts from " + dump.source() + ": " + dump.devices().size() + " devices, "
                + mappings + " mappings, " + pool.meta.dataBlocksInUse() + "/" + pool.meta.nrDataBlocks()
                + " data blocks in use, snapshot time " + dump.superblock().time();
    }

    private static String describe(List<ThinPool> pools) {
        List<String> out = new ArrayList<>();
        for (ThinPool p : pools) {
            out.add("thin-pool " + p + " has " + p.blockSectors + "-sector blocks");
        }
        return String.join(", ", out);
    }

    /** Why the dump cannot be this pool's (a thin device of the table it lacks), or null. */
    private static String missingThin(ThinPool p, ThinDump dump) {
        for (ThinTarget tc : p.thins) {
            if (dump.device(tc.devId()).isEmpty()) {
                TreeSet<Long> ids = new TreeSet<>();
                dump.devices().forEach(d -> ids.add(d.devId()));
                return "thin " + tc.mdName() + " of thin-pool " + p + " is device " + tc.devId() + ", which the dump"
                        + " lacks (it has dev_id " + ids + "): expected the dump of this pool's metadata";
            }
        }
        return null;
    }
}
