package dev.dmreplay.ingest.csv;

import dev.dmreplay.ingest.model.DevNo;

/**
 * One I/O of a CSV trace in canonical units.
 *
 * @param time       arrival time in the format's clock, converted to nanoseconds (absolute; the source makes it
 *                   relative to the earliest record)
 * @param device     synthesised device number, see {@link CsvDeviceMapper}
 * @param sector     start in 512-byte sectors (byte offsets are rounded down)
 * @param bytes      size in bytes
 * @param responseNs issue-to-completion time in ns, or -1 when the format has none
 */
record CsvTraceRecord(long time, DevNo device, boolean write, long sector, long bytes, long responseNs) {
}
