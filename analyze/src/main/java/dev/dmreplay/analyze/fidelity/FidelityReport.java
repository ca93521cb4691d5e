package dev.dmreplay.analyze.fidelity;

import java.util.List;
import java.util.Map;

/**
 * The result of a fidelity check.
 *
 * @param bios                 top-level bios in the trace (Q on a top device)
 * @param submitted            of those, the ones the model submitted (paired by device, range and queue time)
 * @param matched              paired bios whose lower bios are identical (device, sector, size, rwbs)
 * @param matchedIgnoringFlags paired bios whose lower bios match in device, sector, size and operation
 * @param notReplayed          top-level bios of the trace the model never submitted
 * @param byTarget             lower bios per remapping target type
 * @param byDevice             lower bios per lower device
 * @param workerIo             per device, per class: bios queued without a remap (kernel) / dispatched without
 *                             descending from a submitted bio (model)
 * @param dispatches           requests dispatched per disk
 * @param latency              Q2C per device, kernel vs model
 * @param latencyByOp          Q2C per device and operation of the top-level bio ("crypt write", "clin read"),
 *                             top devices first, kernel vs model: where a device's figures are off, which kind
 *                             of bio makes them so
 * @param mismatches           the first mismatching top-level bios with both sides
 * @param untraceable          model lower bios blktrace cannot record (an empty flush remapped below sector 0
 *                             wraps; blktrace's sector filter drops it), left out of the comparison
 */
public record FidelityReport(String trace, String strategy, long bios, long submitted, long matched,
                             long matchedIgnoringFlags, long notReplayed, Map<String, Counts> byTarget,
                             Map<String, Counts> byDevice, Map<String, Map<String, Pair>> workerIo,
                             Map<String, Pair> dispatches, Map<String, Latency> latency,
                             Map<String, Latency> latencyByOp, List<Mismatch> mismatches,
                             long untraceable, List<String> notes) {

    /** Lower bios of one kind: how many the kernel and the model produced, and how many of them match. */
    public record Counts(long kernel, long model, long matched) {
        /** Matched over the larger side (1.0 when both are empty). */
        public double rate() {
            long n = Math.max(kernel, model);
            return n == 0 ? 1.0 : (double) matched / n;
        }
    }

    /** A count on both sides. */
    public record Pair(long kernel, long model) {
    }

    /** Percentiles (ns) of one side. */
    public record Percentiles(long n, long p50, long p90, long p99) {
    }

    /** Q2C on both sides and model/kernel ratios (NaN when a side has no sample). */
    public record Latency(Percentiles kernel, Percentiles model) {
        public double ratio50() {
            return ratio(model.p50(), kernel.p50());
        }

        public double ratio90() {
            return ratio(model.p90(), kernel.p90());
        }

        public double ratio99() {
            return ratio(model.p99(), kernel.p99());
        }

        private double ratio(long m, long k) {
            return kernel.n() == 0 || model.n() == 0 || k == 0 ? Double.NaN : (double) m / k;
        }
    }

    /**
     * One top-level bio of the trace as both sides handled it ({@code dmreplay fidelity --bios}): when the kernel
     * queued it, on which device, its range and rwbs, whether the model's lower bios equal the kernel's, each side's
     * Q2C (ns; -1: the side did not complete it, or the model did not submit it) and lower bios.
     */
    public record Bio(long queuedNs, String device, String rwbs, long sector, int sectors, String operation,
                      boolean exact, long kernelQ2cNs, long modelQ2cNs, List<String> kernelLower,
                      List<String> modelLower) {
    }

    /** A top-level bio whose lower bios differ: the bio, and each side's lower bios. */
    public record Mismatch(String bio, List<String> kernel, List<String> model) {
    }

    public double matchRate() {
        return bios == 0 ? 1.0 : (double) matched / bios;
    }
}
