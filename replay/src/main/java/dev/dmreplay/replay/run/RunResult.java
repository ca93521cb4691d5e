package dev.dmreplay.replay.run;

import dev.dmreplay.replay.block.Bioset;
import dev.dmreplay.replay.block.IssueOrder;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import java.util.List;

/**
 * What a run found: the outcome with its wait-for chain (empty unless deadlocked), top-level bio counts and
 * latencies, the time limit and whether it was hit, the longest stretch without progress (what decides STALL)
 * and the long waits (figures), and per-pool / per-bioset / per-device rescue statistics, in device construction
 * order, and the order bios reached the leaves in ({@code order}: null in summaries written before it). Build one
 * with {@link #builder()}.
 */
public record RunResult(Outcome outcome, String chain, long endTimeNs, boolean timeLimitHit, long timeLimitNs,
                        long submitted, long completed, long errors, long meanLatencyNs, long maxLatencyNs,
                        long longestSubmitNs, long stalls, long longestWaitNs, String longestWait,
                        long longestNoProgressNs, long noProgressFromNs, long stallThresholdNs, long eventsRun,
                        List<Mempool.MempoolStats> pools, List<Bioset.BiosetStats> biosets,
                        List<MappedDevice.DmStats> devices, IssueOrder.Stats order) {

    public static Builder builder() {
        return new Builder();
    }

    /** Top-level bios submitted and not completed when the run ended. */
    public long unfinished() {
        return submitted - completed;
    }

    /** Builder for {@link RunResult}: every field named at the call site. */
    public static final class Builder {
        private Outcome outcome = Outcome.FINE;
        private String chain = "";
        private long endTimeNs;
        private boolean timeLimitHit;
        private long timeLimitNs;
        private long submitted;
        private long completed;
        private long errors;
        private long meanLatencyNs;
        private long maxLatencyNs;
        private long longestSubmitNs;
        private long stalls;
        private long longestWaitNs;
        private String longestWait = "";
        private long longestNoProgressNs;
        private long noProgressFromNs;
        private long stallThresholdNs;
        private long eventsRun;
        private List<Mempool.MempoolStats> pools = List.of();
        private List<Bioset.BiosetStats> biosets = List.of();
        private List<MappedDevice.DmStats> devices = List.of();
        private IssueOrder.Stats order = IssueOrder.Stats.NONE;

        private Builder() {
        }

        public Builder order(IssueOrder.Stats v) {
            order = v;
            return this;
        }

        public Builder outcome(Outcome v) {
            outcome = v;
            return this;
        }

        public Builder chain(String v) {
            chain = v;
            return this;
        }

        public Builder endTimeNs(long v) {
            endTimeNs = v;
            return this;
        }

        public Builder timeLimitHit(boolean v) {
            timeLimitHit = v;
            return this;
        }

        public Builder timeLimitNs(long v) {
            timeLimitNs = v;
            return this;
        }

        public Builder submitted(long v) {
            submitted = v;
            return this;
        }

        public Builder completed(long v) {
            completed = v;
            return this;
        }

        public Builder errors(long v) {
            errors = v;
            return this;
        }

        public Builder meanLatencyNs(long v) {
            meanLatencyNs = v;
            return this;
        }

        public Builder maxLatencyNs(long v) {
            maxLatencyNs = v;
            return this;
        }

        public Builder longestSubmitNs(long v) {
            longestSubmitNs = v;
            return this;
        }

        public Builder stalls(long v) {
            stalls = v;
            return this;
        }

        public Builder longestWaitNs(long v) {
            longestWaitNs = v;
            return this;
        }

        public Builder longestWait(String v) {
            longestWait = v;
            return this;
        }

        public Builder longestNoProgressNs(long v) {
            longestNoProgressNs = v;
            return this;
        }

        public Builder noProgressFromNs(long v) {
            noProgressFromNs = v;
            return this;
        }

        public Builder stallThresholdNs(long v) {
            stallThresholdNs = v;
            return this;
        }

        public Builder eventsRun(long v) {
            eventsRun = v;
            return this;
        }

        public Builder pools(List<Mempool.MempoolStats> v) {
            pools = List.copyOf(v);
            return this;
        }

        public Builder biosets(List<Bioset.BiosetStats> v) {
            biosets = List.copyOf(v);
            return this;
        }

        public Builder devices(List<MappedDevice.DmStats> v) {
            devices = List.copyOf(v);
            return this;
        }

        public RunResult build() {
            return new RunResult(outcome, chain, endTimeNs, timeLimitHit, timeLimitNs, submitted, completed, errors,
                    meanLatencyNs, maxLatencyNs, longestSubmitNs, stalls, longestWaitNs, longestWait,
                    longestNoProgressNs, noProgressFromNs, stallThresholdNs, eventsRun, pools, biosets, devices, order);
        }
    }
}
