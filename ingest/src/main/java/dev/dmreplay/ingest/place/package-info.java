/**
 * Placing a recorded workload onto a device-mapper stack the user chooses: which traced device's I/O goes to which
 * mapped device of a {@code dmsetup table} ({@link dev.dmreplay.ingest.place.DeviceMap}), what happens to offsets
 * beyond the chosen device ({@link dev.dmreplay.ingest.place.Fit}), and which part of a long trace is kept
 * ({@link dev.dmreplay.ingest.place.TimeWindow}, {@link dev.dmreplay.ingest.place.Sampling}).
 *
 * <p>Production traces (MSR Cambridge, Alibaba, Tencent, biosnoop, fio iologs) carry application volumes, not a
 * device-mapper stack: placement turns their queue records into top-level bios of the chosen mapped devices, so the
 * replay can ask what that load would do to the stack's bio allocations. Everything placement decides is counted
 * ({@link dev.dmreplay.ingest.place.PlacementPlan.Route}) and stated by the commands that use it.
 */
package dev.dmreplay.ingest.place;
