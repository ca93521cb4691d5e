package dev.dmreplay.ingest.dm;

/**
 * A sector on a lower device.
 *
 * @param leg    index of the stripe/leg chosen (0 for linear)
 * @param dev    the lower device
 * @param sector the sector on it
 */
public record MappedSector(int leg, DevRef dev, long sector) {
}
