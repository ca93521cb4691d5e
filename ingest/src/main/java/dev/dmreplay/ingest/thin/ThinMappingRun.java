package dev.dmreplay.ingest.thin;

/**
 * A run of mappings of one thin device: {@code length} virtual blocks from {@code originBegin} map to as many
 * consecutive data blocks from {@code dataBegin}, all inserted at snapshot time {@code time}. A
 * {@code <single_mapping>} is a run of length 1.
 */
public record ThinMappingRun(long originBegin, long dataBegin, long length, long time) {
    /** One past the last virtual block. */
    public long originEnd() {
        return originBegin + length;
    }

    /** One past the last data block. */
    public long dataEnd() {
        return dataBegin + length;
    }
}
