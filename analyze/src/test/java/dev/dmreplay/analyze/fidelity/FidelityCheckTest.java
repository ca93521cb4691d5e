package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The model against real 6.1 traces (traces/real-*, captured under qemu; see their READMEs). */
class FidelityCheckTest {
    static Path traces() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent().resolve("traces");
    }

    /** The issue's latency goal for a device's Q2C, model/kernel: p50 and p90 within 10 %, p99 within 25 %. */
    static void withinGoal(FidelityReport.Latency l) {
        assertThat(l.ratio50()).as("p50").isBetween(0.9, 1.1);
        assertThat(l.ratio90()).as("p90").isBetween(0.9, 1.1);
        assertThat(l.ratio99()).as("p99").isBetween(0.75, 1.25);
    }

    static FidelityReport check(String bundle, Strategy s) throws Exception {
        return check(bundle, s, FidelityCheck.Submission.APPLICATION_DEPTH);
    }

    static FidelityReport check(String bundle, Strategy s, FidelityCheck.Submission submission) throws Exception {
        return check(bundle, s, submission, 1);
    }

    /** Under another seed (the schedule of everything the model draws). */
    static FidelityReport check(String bundle, Strategy s, int seed) throws Exception {
        return check(bundle, s, FidelityCheck.Submission.APPLICATION_DEPTH, seed);
    }

    private static FidelityReport check(String bundle, Strategy s, FidelityCheck.Submission submission, int seed)
            throws Exception {
        TraceReplay.Setup setup = new TraceReplay.Setup(traces().resolve(bundle), null, s.knobs,
                MemoryPressure.parse("none"), seed, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults());
        return FidelityCheck.run(setup, s.name(), FidelityCheck.MISMATCHES_SHOWN, null, submission);
    }

    @Test
    void linearEmptyFlushesGoToTheTargetsOffset() throws Exception {
        FidelityReport r = check("real-linear", Strategy.MODERN);
        assertThat(r.bios()).isEqualTo(2718);
        assertThat(r.matched()).isEqualTo(r.bios());
        assertThat(r.mismatches()).isEmpty();
        // 24 fsyncs: Q FWS 0 + 0 on lin, A FWS 2048 + 0 on vda (the table starts at 2048)
        assertThat(r.byTarget().get("linear").kernel()).isEqualTo(2718);
        assertThat(r.byTarget().get("linear").matched()).isEqualTo(2718);
    }

    @Test
    void multiSegmentLinearSendsTheFirstFlushCloneToItsOffsetAndTheOthersBelowZero() throws Exception {
        FidelityReport r = check("real-concat", Strategy.MODERN);
        assertThat(r.matched()).isEqualTo(r.bios());
        // the second segment's flush clone (sector 0 - 81920 + 4096) wraps; blktrace drops it, so does the check
        assertThat(r.untraceable()).isEqualTo(24);
    }

    @Test
    void stripedBiosAreAllReplayedAndMatch() throws Exception {
        FidelityReport r = check("real-striped", Strategy.MODERN);
        assertThat(r.bios()).isEqualTo(2718);
        assertThat(r.notReplayed()).isZero();
        assertThat(r.submitted()).isEqualTo(2718);
        assertThat(r.matched()).isEqualTo(2718);
        assertThat(r.byDevice().get("254:16").rate()).isEqualTo(1.0);
    }

    @Test
    void pluggingAndBackMergesAtTheDisksGiveTheKernelsDispatchCounts() throws Exception {
        // 1 MiB unaligned psync writes split into 64 KiB chunks: within blkdev_write_iter's plug the pieces for
        // one disk are contiguous and merge (90 M records); without the plug the model dispatched 2934 requests
        FidelityReport r = check("real-striped", Strategy.MODERN);
        assertThat(r.dispatches().get("254:0")).isEqualTo(new FidelityReport.Pair(1391, 1391));
        assertThat(r.dispatches().get("254:16")).isEqualTo(new FidelityReport.Pair(1453, 1453));
    }

    @Test
    void delayedBiosAreTiedToTheirTopLevelBioByTheWorkersRemap() throws Exception {
        FidelityReport r = check("real-delay", Strategy.MODERN);
        assertThat(r.bios()).isEqualTo(500);
        assertThat(r.matched()).isEqualTo(500);
        assertThat(r.workerIo()).isEmpty();
    }

    @Test
    void aTwoLevelStackSendsEmptyFlushesToEachLegsOffset() throws Exception {
        // vol = linear from 2048 over base = 2-way striped: vol's Q FWS 0 + 0 becomes base FWS 2048 + 0, then
        // vda FWS 2048 + 0 (the flush clone embedded in base's dm_io keeps the incoming sector) and vdb FWS 0 + 0
        FidelityReport r = check("real-stacked", Strategy.MODERN);
        assertThat(r.bios()).isEqualTo(1347);
        assertThat(r.matched()).isEqualTo(1347);
        assertThat(r.byTarget().get("linear").matched()).isEqualTo(1347);
        assertThat(r.byTarget().get("striped").matched()).isEqualTo(1522);
        assertThat(r.dispatches().get("254:0")).isEqualTo(new FidelityReport.Pair(683, 683));
    }

    @Test
    void underTheOlderFlushCloningTheStackedFlushesMismatch() throws Exception {
        // DF (v4.16 dm core) clones every flush clone from md->flush_bio at sector 0: base's first clone then goes
        // to vda at sector 0, not 2048, so exactly the fsync bios differ
        FidelityReport r = check("real-stacked", Strategy.DF);
        assertThat(r.matchedIgnoringFlags()).isLessThan(r.bios());
        assertThat(r.mismatches()).isNotEmpty().allSatisfy(m -> assertThat(m.bio()).contains("FWS 0 + 0"));
    }

    /**
     * Q2C of the top device, model against kernel: p50 within ±10 %, p99 within ±25 % (the issue's bounds). The
     * leaves replay the kernel's own D2C per request and the mapped devices their learnt CPU time; before, the
     * 4-way striped stack's median was 2.2× the kernel's (independent service draws per leg, where the kernel's
     * legs were fast or slow together) and linear's p99 0.71× (no time in dm's submit and completion paths).
     * dm-delay's bios wait as long as the trace shows them waiting for the kdelayd worker (the table's 20 ms came
     * out as 11 to 89 ms on the captured kernel): before, the model waited 20 ms and its p50/p90/p99 were
     * 0.85/0.63/0.50 of the kernel's.
     */
    @ParameterizedTest
    @CsvSource({"real-linear, lin", "real-striped, str", "real-concat, cat",
            "real-stacked, vol", "real-striped4, str4", "real-delay, dly"})
    void topLevelQ2cIsWithinTheBoundsOfTheKernels(String bundle, String top) throws Exception {
        FidelityReport.Latency l = check(bundle, Strategy.MODERN).latency().get(top);
        assertThat(l.kernel().n()).isEqualTo(l.model().n());
        assertThat(l.ratio50()).isBetween(0.9, 1.1);
        assertThat(l.ratio99()).isBetween(0.75, 1.25);
    }

    private static FidelityReport.Pair worker(FidelityReport r, String device, String ioClass) {
        return r.workerIo().getOrDefault(device, java.util.Map.of()).get(ioClass);
    }

    @Test
    void snapshotCopiesAndExceptionStoreCommitsAreCountedPerClassOnBothSides() throws Exception {
        // base-real = the origin's real device, base-cow = the COW device (linear dm devices over vda / vdb)
        FidelityReport r = check("snapshot-small", Strategy.MODERN);
        assertThat(r.matched()).isEqualTo(r.bios());
        assertThat(worker(r, "base-real", "snapshot-origin copy read")).isEqualTo(new FidelityReport.Pair(1624, 1624));
        assertThat(worker(r, "base-cow", "snapshot-cow copy or zeroing write"))
                .isEqualTo(new FidelityReport.Pair(1931, 1931));
        FidelityReport.Pair commits = worker(r, "base-cow", "snapshot-cow metadata commit");
        assertThat(commits.kernel()).isEqualTo(922);
        assertThat(commits.model()).isBetween(912L, 932L);
    }

    @ParameterizedTest
    @CsvSource({"snapshot-small, 1624", "real-snapshot2, 912"})
    void originWritesHeldForACopyAreTiedToTheTopLevelWritesThatTriggeredTheCopy(String bundle, long held)
            throws Exception {
        // __origin_write parks the write (DM_MAPIO_SUBMITTED, no remap record); retry_origin_bios resubmits it from
        // kcopyd's worker. Both sides tie each released write back to its open top-level origin write, so the
        // exact comparison now says which top-level writes waited for a copy, not only how many copies there were.
        FidelityReport r = check(bundle, Strategy.MODERN);
        assertThat(r.byTarget().get(HeldOriginWrites.TARGET)).isEqualTo(new FidelityReport.Counts(held, held, held));
        assertThat(worker(r, "base-real", WorkerIoClasses.RELEASED))
                .isEqualTo(new FidelityReport.Pair(held, held));
        assertThat(r.matched()).isEqualTo(r.bios());
    }

    @Test
    void thinZeroingDiscardPassdownAndMetadataCommitsAreCountedPerClassOnBothSides() throws Exception {
        FidelityReport r = check("thin", Strategy.MODERN);
        // the pool worker's remaps of deferred bios are tied to their thin bio, as the kernel's A records are:
        // before, their 911 writes counted as worker I/O and 40 % of the thin bios mismatched
        assertThat(worker(r, "pool", "write")).isEqualTo(new FidelityReport.Pair(812, 812));
        assertThat(worker(r, "tdata", "thin-data discard passdown")).isEqualTo(new FidelityReport.Pair(54, 54));
        FidelityReport.Pair zero = worker(r, "tdata", "thin-data zeroing or copy write");
        assertThat(zero.kernel()).isEqualTo(840);
        assertThat(zero.model()).isBetween(830L, 850L);
        FidelityReport.Pair commits = worker(r, "tmeta", "thin-metadata commit");
        assertThat(commits.kernel()).isEqualTo(56);
        assertThat(commits.model()).isBetween(50L, 62L);
        FidelityReport.Pair meta = worker(r, "tmeta", "thin-metadata metadata write");
        assertThat(meta.kernel()).isEqualTo(262);
        assertThat(meta.model()).isBetween(236L, 288L);
        assertThat((double) r.matchedIgnoringFlags() / r.bios()).isGreaterThan(0.85);
    }

    @Test
    void thinSnapshotsStartFromThePoolMetadataOfTheBundlesThinDump() throws Exception {
        // thin-dump-before.xml: thin0 and its snapshot thin1 share data blocks 0-767. From an empty pool the model
        // provisioned thin0's first writes at block 0 (13.4 % exact) and made none of the kernel's 489 copies
        FidelityReport r = check("real-thin-snap", Strategy.MODERN);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("thin-pool pool starts from ")
                && n.endsWith("thin-dump-before.xml: 2 devices, 1536 mappings, 768/4096 data blocks in use,"
                + " snapshot time 1"));
        assertThat(worker(r, "tdata", "thin-data copy read")).isEqualTo(new FidelityReport.Pair(489, 489));
        assertThat(worker(r, "tdata", "thin-data discard passdown")).isEqualTo(new FidelityReport.Pair(20, 20));
        assertThat(r.byTarget().get("thin").model()).isEqualTo(r.byTarget().get("thin").kernel());
        assertThat((double) r.matched() / r.bios()).isGreaterThan(0.8);
    }

    @Test
    void cryptIssuesNoWorkerIoWithoutARemapOnEitherSide() throws Exception {
        // kcryptd and dmcrypt_write submit the encrypted clones through dm_submit_bio_remap: every one has its A
        FidelityReport r = check("crypt-linear", Strategy.MODERN);
        assertThat(r.matched()).isEqualTo(r.bios());
        assertThat(r.workerIo()).isEmpty();
    }

    @Test
    void aQueueWithoutFuaGetsTheFlushesOfBlkFlushAroundEachCommit() throws Exception {
        // the snapshot's 922 commits are FWFS writes to vdb (254:16); virtio-blk under qemu has no FUA, so the
        // kernel dispatched preflush, data and post-flush as three requests (D FN, D WS, D FN): without the
        // sequence the model dispatched 3840 requests where the kernel dispatched 4697
        FidelityReport r = check("snapshot-small", Strategy.MODERN);
        FidelityReport.Pair vdb = r.dispatches().get("254:16");
        assertThat(vdb.kernel()).isEqualTo(4697);
        // 4066 since kcopyd's jobs of one worker run are issued together, the copy writes in the kernel's order, and
        // merge as the kernel's did (4609 when each job woke the worker for a run of its own); 4999 since the
        // commits' empty flush clones run as two flushes each, as the kernel's: the first clone is the dm_io's
        // embedded one and keeps the commit's FUA (v6.1 alloc_tio), which a disk without FUA runs as a preflush
        // and a postflush (3840 + 922 postflushes missing before; docs/FIDELITY.md)
        assertThat((double) vdb.model() / vdb.kernel()).isBetween(0.98, 1.08);
        // the same merging of the copies' reads on the origin disk: 2215 requests for the kernel's 2170 (2902 when
        // each job woke the worker for a run of its own)
        FidelityReport.Pair vda = r.dispatches().get("254:0");
        assertThat((double) vda.model() / vda.kernel()).isBetween(0.95, 1.05);
        assertThat(r.notes()).anyMatch(n -> n.contains("254:16: 922 FUA writes queued, none dispatched with FUA"));
    }
}
