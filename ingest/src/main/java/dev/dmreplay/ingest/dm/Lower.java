package dev.dmreplay.ingest.dm;

/**
 * A device a mapped device's table references: another mapped device ({@code dmName} set) or a leaf
 * ({@code dmName} null: a disk, partition or anything not in the dumps).
 */
public record Lower(DevRef ref, String dmName) {
    public boolean isDm() {
        return dmName != null;
    }
}
