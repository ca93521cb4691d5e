package dev.dmreplay.ingest.records;

import dev.dmreplay.ingest.model.DevNo;

/**
 * One application I/O of a whole-I/O trace (CSV traces, blkreplay loads, DiskSim ASCII, fio iologs, biosnoop) in
 * canonical units, before it becomes events.
 *
 * @param time       arrival (queue) time in nanoseconds of the format's clock (absolute; the stream makes it
 *                   relative to the earliest record)
 * @param device     device number, real or synthesised by the reader (its Javadoc says which)
 * @param op         read, write, discard or flush
 * @param sector     start in 512-byte sectors (byte offsets are rounded down)
 * @param bytes      size in bytes (0 for a flush)
 * @param responseNs queue-to-completion time in ns, or -1 when the format has none
 */
public record IoRecord(long time, DevNo device, IoOp op, long sector, long bytes, long responseNs) {
}
