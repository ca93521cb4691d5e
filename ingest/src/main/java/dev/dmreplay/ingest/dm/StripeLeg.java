package dev.dmreplay.ingest.dm;

/** One {@code <dev> <offset>} pair of a striped or mirror target. */
public record StripeLeg(DevRef dev, long offset) {
    @Override
    public String toString() {
        return dev + " " + offset;
    }
}
