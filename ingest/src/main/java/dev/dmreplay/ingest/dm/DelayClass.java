package dev.dmreplay.ingest.dm;

/** One {@code <dev> <offset> <delay_ms>} triple of the delay target. */
public record DelayClass(DevRef dev, long offset, long delayMs) {
    @Override
    public String toString() {
        return dev + " " + offset + " " + delayMs;
    }
}
