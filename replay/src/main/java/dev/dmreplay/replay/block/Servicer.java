package dev.dmreplay.replay.block;

import java.util.List;

/**
 * Something a bio is parked "in" while others work for it (a {@code dm_io} waiting for its clones, an md flush
 * waiting for member flushes). Used only to explain wait-for chains.
 */
public interface Servicer {
    String serviceName();

    /** What has to finish first: bios, work items or tasks. */
    List<Object> waitsFor();
}
