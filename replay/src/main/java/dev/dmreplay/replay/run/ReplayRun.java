package dev.dmreplay.replay.run;

import dev.dmreplay.replay.block.Bioset;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.detect.WaitForChains;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.observe.ObservationListener;
import dev.dmreplay.replay.sim.Simulator;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.workload.Workload;
import dev.dmreplay.replay.workload.WorkloadStats;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Runs a workload on a machine until nothing can happen any more, and classifies the end state (docs/kernel-model.md
 * §9.7): if tasks are blocked and no event that can change state is pending (only polling wake-ups, which under
 * HARD-forever pressure cannot succeed) it is a deadlock, explained as a wait-for chain and classified
 * MEMORY_DEADLOCK when a mempool wait is on the chain. A run that ends (time limit) with top-level bios unfinished
 * is INCOMPLETE. Otherwise it is a STALL when, while work was outstanding, no progress event ({@link
 * dev.dmreplay.replay.sim.Kernel#progress()}) happened for longer than the stall threshold; long waits while others
 * progress are reported as figures ({@code stalls}, {@code longestWaitNs}), not as a STALL.
 */
public final class ReplayRun {

    /** Run limits. {@code timeLimitNs} bounds virtual time (0 = none). */
    public record Options(long stallThresholdNs, long timeLimitNs) {
        public static Options defaults() {
            return new Options(1_000_000_000L, 0);
        }
    }

    private ReplayRun() {
    }

    public static RunResult run(Machine m, Workload w, Options o) {
        return run(m, w, o, null);
    }

    /** @param progress called now and then with the number of completed top-level bios (may be null) */
    public static RunResult run(Machine m, Workload w, Options o, LongConsumer progress) {
        try {
            return runToEnd(m, w, o, progress);
        } finally {
            w.stop();
        }
    }

    private static RunResult runToEnd(Machine m, Workload w, Options o, LongConsumer progress) {
        m.kernel.stallThreshold(o.stallThresholdNs());
        WorkloadStats stats = new WorkloadStats();
        w.start(m, stats);
        Simulator sim = m.kernel.sim;
        boolean limitHit = false;
        boolean stuck = false;
        long steps = 0;
        ProgressGaps gaps = new ProgressGaps(m.kernel, stats);
        while (true) {
            if (sim.pending() == 0) {
                break;
            }
            if (sim.progressEventsPending() == 0) {
                // only polling wake-ups are left: under settled pressure they cannot change anything (a mempool
                // re-poll still fails, an msleep loop re-checks a condition that only a progress event changes)
                if (m.kernel.pressure.settled(sim.now()) && !noneBlocked(m)) {
                    stuck = true;
                    break;
                }
                if (noneBlocked(m)) {
                    break; // only stale polling timers are left: nothing can change any more
                }
            }
            if (o.timeLimitNs() > 0 && sim.nextTime() > o.timeLimitNs()) {
                limitHit = true;
                break;
            }
            gaps.beforeStep(sim.nextTime());
            sim.step();
            gaps.afterStep(sim.now());
            if (progress != null && (++steps & 0xFFFF) == 0) {
                progress.accept(stats.completed);
            }
        }
        if (progress != null) {
            progress.accept(stats.completed);
        }
        boolean blocked = false;
        for (Task t : m.kernel.tasks()) {
            if (t.isBlocked()) {
                blocked = true;
                break;
            }
        }
        Outcome outcome;
        String chain = "";
        if ((stuck || sim.pending() == 0) && blocked) {
            WaitForChains.Chain c = WaitForChains.explain(m.kernel);
            // memory if a mempool wait is on the cycle; without a cycle, memory if only mempool re-polls were left
            outcome = c.memory() || (!c.cycle() && stuck && m.kernel.pressure.hardForever(sim.now()))
                    ? Outcome.MEMORY_DEADLOCK : Outcome.DEADLOCK;
            chain = c.text();
            m.kernel.observeDeadlock(chain);
        } else if (stats.completed < stats.submitted) {
            outcome = Outcome.INCOMPLETE; // the time limit (or the end of events) came first: no verdict possible
        } else if (gaps.longestNs() > o.stallThresholdNs()) {
            outcome = Outcome.STALL;
        } else {
            outcome = Outcome.FINE;
        }
        for (ObservationListener l : m.kernel.listeners()) {
            l.finish();
        }
        long mean = stats.completed == 0 ? 0 : stats.latencyNanos / stats.completed;
        return RunResult.builder().outcome(outcome).chain(chain).endTimeNs(sim.now()).timeLimitHit(limitHit)
                .timeLimitNs(o.timeLimitNs()).submitted(stats.submitted).completed(stats.completed).errors(stats.errors)
                .meanLatencyNs(mean).maxLatencyNs(stats.maxLatencyNanos).longestSubmitNs(stats.longestSubmitNanos)
                .stalls(m.kernel.stalls()).longestWaitNs(m.kernel.longestWaitNs()).longestWait(m.kernel.longestWait())
                .longestNoProgressNs(gaps.longestNs()).noProgressFromNs(gaps.longestFromNs())
                .stallThresholdNs(o.stallThresholdNs()).eventsRun(sim.eventsRun()).pools(pools(m)).biosets(biosets(m))
                .devices(dmStats(m)).order(m.layer.order.stats()).build();
    }

    /**
     * The longest stretch of virtual time without a progress event while work was outstanding (a top-level bio
     * submitted and not completed). An idle machine makes no progress and needs none: the clock restarts when work
     * arrives. Polling wake-ups are events but not progress.
     */
    private static final class ProgressGaps {
        private final dev.dmreplay.replay.sim.Kernel kernel;
        private final WorkloadStats stats;
        private long last;
        private long seen;
        private long longest;
        private long longestFrom;

        ProgressGaps(dev.dmreplay.replay.sim.Kernel kernel, WorkloadStats stats) {
            this.kernel = kernel;
            this.stats = stats;
        }

        void beforeStep(long eventTime) {
            if (stats.completed >= stats.submitted) {
                last = eventTime; // idle: nothing is waiting for progress
            }
            seen = kernel.progressEvents();
        }

        void afterStep(long now) {
            if (kernel.progressEvents() != seen) {
                if (now - last > longest) {
                    longest = now - last;
                    longestFrom = last;
                }
                last = now;
            }
        }

        long longestNs() {
            return longest;
        }

        long longestFromNs() {
            return longestFrom;
        }
    }

    private static boolean noneBlocked(Machine m) {
        for (Task t : m.kernel.tasks()) {
            if (t.isBlocked()) {
                return false;
            }
        }
        return true;
    }

    private static List<Mempool.MempoolStats> pools(Machine m) {
        List<Mempool.MempoolStats> l = new ArrayList<>();
        for (BlockDevice d : m.devices()) {
            if (d instanceof MappedDevice md) {
                if (md.ioPool() != null) {
                    l.add(md.ioPool().stats());
                }
                if (md.ioBs() != null) {
                    l.add(md.ioBs().bioPool.stats());
                }
                l.add(md.bs().bioPool.stats());
                for (dev.dmreplay.replay.dm.Target t : md.table().targets()) {
                    for (Mempool p : t.mempools()) {
                        l.add(p.stats());
                    }
                }
            }
            if (d instanceof dev.dmreplay.replay.md.MdRaid0Device r && r.bioSet().bioPool.stats().allocations() > 0) {
                l.add(r.bioSet().bioPool.stats());
            }
            Mempool.MempoolStats s = d.bioSplit.bioPool.stats();
            if (s.allocations() > 0) {
                l.add(s);
                l.add(d.bioSplit.bvecPool.stats());
            }
        }
        return l;
    }

    private static List<Bioset.BiosetStats> biosets(Machine m) {
        List<Bioset.BiosetStats> l = new ArrayList<>();
        for (BlockDevice d : m.devices()) {
            if (d instanceof MappedDevice md && md.bs().hasRescuer()) {
                l.add(md.bs().stats());
            }
            // the block layer's and md's own biosets have rescuers only before v4.13; listed when they were used,
            // as their pools are
            if (d instanceof dev.dmreplay.replay.md.MdRaid0Device r && usedRescued(r.bioSet())) {
                l.add(r.bioSet().stats());
            }
            if (usedRescued(d.bioSplit)) {
                l.add(d.bioSplit.stats());
            }
        }
        return l;
    }

    private static boolean usedRescued(Bioset bs) {
        return bs.hasRescuer() && bs.bioPool.stats().allocations() > 0;
    }

    private static List<MappedDevice.DmStats> dmStats(Machine m) {
        List<MappedDevice.DmStats> l = new ArrayList<>();
        for (BlockDevice d : m.devices()) {
            if (d instanceof MappedDevice md) {
                l.add(md.stats());
            }
        }
        return l;
    }
}
