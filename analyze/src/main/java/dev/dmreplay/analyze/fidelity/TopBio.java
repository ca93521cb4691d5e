package dev.dmreplay.analyze.fidelity;

import java.util.ArrayList;
import java.util.List;

/**
 * A top-level bio as one side saw it: the device it was submitted to, its range and rwbs, when it was queued
 * (ns since the trace's first record) and completed (-1 while open), and the lower-device bios produced for it.
 */
final class TopBio {
    final String device;
    final long sector;
    final int sectors;
    final String rwbs;
    final long queued;
    long completed = -1;
    final List<LowerBio> lower = new ArrayList<>();
    /** Q2C of its lower bios that completed: the lower device's name and the latency (ns). */
    final List<LowerLatency> lowerLatency = new ArrayList<>();

    /** One lower bio's Q2C, on device {@code device}. */
    record LowerLatency(String device, long ns) {
    }

    TopBio(String device, long sector, int sectors, String rwbs, long queued) {
        this.device = device;
        this.sector = sector;
        this.sectors = sectors;
        this.rwbs = rwbs;
        this.queued = queued;
    }

    /**
     * The kind of bio for latency by operation: "flush" (empty, a PREFLUSH without data), "discard", "read",
     * "sync write" (REQ_SYNC or FUA: fsync'd and direct writes, which a flush or the worker may hold) or "write".
     */
    String operation() {
        if (sectors == 0) {
            return "flush";
        }
        if (rwbs.indexOf('D') >= 0) {
            return "discard";
        }
        if (rwbs.indexOf('R') >= 0) {
            return "read";
        }
        return rwbs.indexOf('S') >= 0 || rwbs.indexOf('F', 1) >= 0 ? "sync write" : "write";
    }

    /** The pairing key of the two sides: device, range and recorded queue time. */
    Key key() {
        return new Key(device, sector, sectors, queued);
    }

    record Key(String device, long sector, int sectors, long queued) {
    }

    @Override
    public String toString() {
        return device + " " + rwbs + " " + sector + " + " + sectors + " @" + queued + "ns";
    }
}
