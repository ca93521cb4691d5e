package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.strategy.Strategy;
import org.junit.jupiter.api.Test;

/**
 * Workers on the traced kernel's time. kmirrord on the kernel's run times ({@code MirrorTarget.workerRuns}, {@code WorkerTakes}): a mirror write waits
 * in {@code ms->writes} until kmirrord takes it, and on the traced machine that took 0.1 ms at the median and
 * 12 ms at the 99th percentile, which a worker run at once left out of every write's latency. The mirror's recovery
 * and md's raid1 resync reach each region or window no earlier than the kernel's did.
 */
class WorkerTimingFidelityTest {

    @Test
    void mirrorWritesWaitForTheKernelsKmirrordRuns() throws Exception {
        // with kmirrord running as soon as it was woken: Q2C model/kernel 0.73 (p50), 0.76 (p90), 0.64 (p99)
        FidelityReport r = FidelityCheckTest.check("real-mirror", Strategy.MODERN);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("mirror mir: trace-driven kmirrord takes writes when the kernel's did"));
        FidelityReport.Latency mir = r.latency().get("mir");
        // now within the goal: p50 within 10 %, p99 within 25 % (0.92, 0.97, 1.00 when this was written)
        FidelityCheckTest.withinGoal(mir);
        // every write still reaches both legs at the kernel's sectors
        assertThat(r.matched()).isEqualTo(r.bios()).isEqualTo(2718);
    }

    @Test
    void recoveryFollowsTheKernelsRegionByRegion() throws Exception {
        // with recovery as fast as the model's kcopyd: 1299 of 1354 exact (95.9 %), the 55 misses reads of regions
        // the kernel had not recovered yet (sent by kmirrord to the default leg) that the model had
        FidelityReport r = FidelityCheckTest.check("real-mirror3-resync", Strategy.MODERN);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("mirror mir3: recovery of 2048 regions starts when"));
        assertThat(r.matched()).isGreaterThanOrEqualTo(1353);
        // every region is copied once on both sides: 2048 whole-region reads of the default leg, plus kmirrord's
        // reads of regions not yet in sync
        assertThat(r.workerIo().get("254:0").get("read")).isEqualTo(new FidelityReport.Pair(2103, 2102));
        FidelityReport.Latency mir = r.latency().get("mir3");
        assertThat(mir.ratio50()).isBetween(0.9, 1.1);
        assertThat(mir.ratio99()).isBetween(0.75, 1.25);
    }

    @Test
    void raid1ResyncReachesEachWindowWhenTheKernelsDid() throws Exception {
        // with the resync as fast as the model's throttle: Q2C model/kernel 0.84 (p50), 0.55 (p90), 0.59 (p99).
        // Over seeds 1-4, since one seed's p90 and p99 move with the disk times drawn for the resync's requests
        // (the kernel's are 2560 sectors, the model's 1920 + 640: it counts a segment per page): p90 0.97-1.26
        // and p99 0.81-1.13 before small requests took the time of the kernel's request that held their sectors,
        // 1.01-1.21 and 0.81-1.10 since (docs/FIDELITY.md, twelfth round)
        double p90 = 0;
        double p99 = 0;
        for (int seed = 1; seed <= 4; seed++) {
            FidelityReport r = FidelityCheckTest.check("real-raid1-resync", Strategy.MODERN, seed);
            assertThat(r.notes()).anyMatch(n -> n.startsWith("raid1 r1: resync reaches each window when the"
                    + " kernel's did (4096 window reads)"));
            FidelityReport.Latency r1 = r.latency().get("r1");
            // p50 0.85 until raid1's own issue time (the raid device's Q to its first leg Q) was learnt: 0.94
            assertThat(r1.ratio50()).as("seed %d", seed).isBetween(0.9, 1.1);
            p90 += r1.ratio90() / 4;
            p99 += r1.ratio99() / 4;
            // the resync still reads every window once and writes it to the other leg
            assertThat(r.workerIo().get("254:16").get("write")).isEqualTo(new FidelityReport.Pair(5128, 5128));
        }
        assertThat(p90).as("mean p90").isBetween(0.9, 1.2);
        assertThat(p99).as("mean p99").isBetween(0.75, 1.25);
    }

    @Test
    void snapshotCopiesStartWhenTheKernelsKcopydReadTheChunk() throws Exception {
        // with each copy read as soon as the job was dispatched: base Q2C model/kernel 0.80 (p50), 0.90, 0.76; with
        // the reads on the kernel's times and each write as soon as its read completed 0.88, 0.98, 1.03; with the
        // writes on the kernel's times too 0.92, 1.01, 1.10
        FidelityReport r = FidelityCheckTest.check("snapshot-small", Strategy.MODERN);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("kcopyd runs each job when the kernel's did (1624 copy reads"));
        FidelityReport.Latency base = r.latency().get("base");
        assertThat(base.ratio50()).isBetween(0.9, 1.1);
        assertThat(base.ratio99()).isBetween(0.8, 1.25);
        assertThat(r.matched()).isEqualTo(r.bios()).isEqualTo(1882);
    }

    @Test
    void snapshotCopiesAndCommitsFollowTheKernelsKcopydRunsAndKdmflush() throws Exception {
        // two snapshots of one origin. Base Q2C model/kernel p50/p90/p99 with copy reads on the kernel's times only:
        // 0.87/0.92/1.61; with each copy's write on the kernel's time 0.94/0.98/1.68; with the jobs of one worker
        // run issued together (their reads and writes merge) 0.94/0.95/0.92; with kdmflush's hop before each
        // commit's data 1.01/1.02/0.94
        FidelityReport r = FidelityCheckTest.check("real-snapshot2", Strategy.MODERN);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("mapped cow1: kdmflush resubmits a flushed bio's data"));
        FidelityReport.Latency base = r.latency().get("base");
        assertThat(base.ratio50()).isBetween(0.9, 1.1);
        assertThat(base.ratio90()).isBetween(0.9, 1.1);
        // base's p99 is not within the goal: the 7th slowest of 644 writes, in the bursts of 64 KiB origin writes
        // where each chunk waits for two copies and two commits, and it turns on which commits of the model take
        // the kernel's few long kdmflush waits (2.4-5.2 ms; the totals agree: cow2 94 ms over 407 commits in the
        // model, 100 ms over 411 in the kernel). Over seeds 1-8 it was 1.07-1.88 (mean 1.50; 1.44 when the waits
        // were taken in order, where seed 1 happened to give 1.11); with late kcopyd jobs waiting for the worker's
        // wake-up together, 0.99-1.60 over seeds 1-4 (mean 1.32); with completion times learnt only after a
        // completion below, 0.99-1.71 (mean 1.37; seed 1: 1.17). A guard against it growing:
        assertThat(base.ratio99()).isLessThan(2.0);
        assertThat(r.matched()).isEqualTo(r.bios()).isEqualTo(1444);
        // the snapshots' own reads at queue depth 4, while kcopyd's copies had kept the origin disk busy: with the
        // disk's Q→D learnt only from requests queued on an idle disk (10 of them) snap2 was 1.17/1.29/1.00; with
        // the reads through the stack that did not wait for a tag 0.95/0.94/1.00
        FidelityReport.Latency snap2 = r.latency().get("snap2");
        FidelityCheckTest.withinGoal(snap2);
        // snap1's reads likewise (p50/p90 1.27/1.93 -> 1.03/0.92); its psync writes, each with a commit, still lag
        assertThat(r.latencyByOp().get("snap1 read").ratio90()).isBetween(0.9, 1.1);
    }

    @Test
    void thinPoolZeroingStartsWhenTheKernelsKcopydZeroedTheBlock() throws Exception {
        // with each zeroing started when dispatched: thin0 Q2C model/kernel 0.98 (p50), 0.70 (p90), 0.66 (p99)
        FidelityReport r = FidelityCheckTest.check("thin", Strategy.MODERN);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("kcopyd runs each job when the kernel's did (0 copy reads and"
                + " 812 writes of pool"));
        FidelityReport.Latency thin0 = r.latency().get("thin0");
        // with the zeroing on the kernel's time: 0.98/0.86/0.85; with the bios of each zeroed block also issued
        // when the kernel's worker got to its prepared mapping: 0.98/0.94/1.02
        FidelityCheckTest.withinGoal(thin0);
        assertThat(r.matched()).isGreaterThanOrEqualTo(2470);
    }

    @Test
    void cryptWritesAndReadsWaitForTheKernelsCryptWorkers() throws Exception {
        // with kcryptd and dmcrypt_write running at once: crypt Q2C model/kernel 0.32 (p50), 0.39, 0.43; on their
        // learnt times 0.94, 0.95, 0.95; with crypt's map-path CPU time learnt from the submitter's own remaps
        // (dmcrypt_write's were its replayed wait counted a second time) 1.01, 0.99, 1.00
        FidelityReport r = FidelityCheckTest.check("real-crypt-striped", Strategy.MODERN);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("crypt crypt: each write's clone is submitted when the"
                + " kernel's was (1702 writes"));
        FidelityReport.Latency crypt = r.latency().get("crypt");
        assertThat(crypt.ratio50()).isBetween(0.97, 1.05);
        assertThat(crypt.ratio90()).isBetween(0.95, 1.05);
        assertThat(crypt.ratio99()).isBetween(0.95, 1.05);
        assertThat(r.matched()).isEqualTo(r.bios()).isEqualTo(2718);
        // dmcrypt_write submits each sorted batch under a plug: requests dispatched within 1 % of the kernel's
        // (without the plug 1439 and 1495 against the kernel's 1383 and 1444)
        for (String disk : new String[] {"254:0", "254:16"}) {
            FidelityReport.Pair p = r.dispatches().get(disk);
            assertThat((double) p.model()).as(disk).isCloseTo(p.kernel(), org.assertj.core.data.Percentage.withPercentage(1));
        }
    }
}
