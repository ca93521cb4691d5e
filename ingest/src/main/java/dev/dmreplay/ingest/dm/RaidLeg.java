package dev.dmreplay.ingest.dm;

/** One {@code <meta_dev|-> <data_dev|->} pair of a raid target; null stands for {@code -} (missing). */
public record RaidLeg(DevRef meta, DevRef data) {
    @Override
    public String toString() {
        return (meta == null ? "-" : meta.toString()) + " " + (data == null ? "-" : data.toString());
    }
}
