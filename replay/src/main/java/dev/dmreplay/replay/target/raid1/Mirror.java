package dev.dmreplay.replay.target.raid1;

import dev.dmreplay.replay.block.BlockDevice;

/**
 * One {@code struct raid1_info} with its {@code md_rdev}: the data device and offset, the metadata device dm-raid
 * keeps the superblock and bitmap on (null for {@code -}), and the state read balancing and error handling use
 * ({@code In_sync}, {@code Faulty}, {@code head_position}, {@code next_seq_sect}, {@code nr_pending}).
 */
final class Mirror {
    final int index;
    final BlockDevice dev;
    final long dataOffset;
    final BlockDevice meta;
    boolean inSync = true;
    boolean faulty;
    /** {@code WriteMostly} (dm-raid's {@code write_mostly <idx>}): read only when no other member can serve it. */
    boolean writeMostly;
    long headPosition;
    long nextSeqSect = -1;
    int pending;
    long reads;
    long readSectors;
    long writes;
    long writeSectors;
    long discards;
    long flushes;
    long resyncReads;
    long resyncWrites;

    Mirror(int index, BlockDevice dev, long dataOffset, BlockDevice meta) {
        this.index = index;
        this.dev = dev;
        this.dataOffset = dataOffset;
        this.meta = meta;
    }

    boolean usable() {
        return !faulty;
    }

    @Override
    public String toString() {
        return dev.name;
    }
}
