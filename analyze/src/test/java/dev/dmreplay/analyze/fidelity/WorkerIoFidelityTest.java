package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.strategy.Strategy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worker-I/O part of {@code dmreplay fidelity} on the real captures of targets that issue their own lower I/O:
 * per device and class, the kernel's {@code Q}s that no remap explains against the model's bios that no submitted
 * bio leads to, counted on the device the target queued it on and on the devices below it.
 */
class WorkerIoFidelityTest {
    private static Map<String, FidelityReport.Pair> rows(FidelityReport r, String dev) {
        return r.workerIo().getOrDefault(dev, Map.of());
    }

    @Test
    void cacheMigrationCopiesAndMetadataCommitsPerDeviceAndClass() throws Exception {
        FidelityReport r = FidelityCheckTest.check("real-cache", Strategy.MODERN);
        assertThat(r.bios()).isEqualTo(2908);
        assertThat(r.notReplayed()).isZero();
        // promotions read the origin and write the cache: 128 copies of 64 KiB, the kernel's exactly; write-backs
        // the other way: 256, the kernel's exactly with the waker phase fitted from the trace (which blocks are
        // dirty when the origin idles depends on when smq promoted them: RealCacheTraceTest)
        assertThat(rows(r, "corig").get("read")).isEqualTo(new FidelityReport.Pair(128, 128));
        assertThat(rows(r, "cfast").get("write")).isEqualTo(new FidelityReport.Pair(128, 128));
        assertThat(rows(r, "cfast").get("read")).isEqualTo(new FidelityReport.Pair(256, 256));
        assertThat(rows(r, "corig").get("write")).isEqualTo(new FidelityReport.Pair(256, 256));
        // metadata commits (5 block writes, 2 flushes each, 6 writes when new mappings straddle two mapping-array
        // blocks): 10 in the kernel, a commit or two fewer or more in the model depending on which fsyncs find new
        // mappings
        FidelityReport.Pair w = rows(r, "cmeta").get("write");
        FidelityReport.Pair f = rows(r, "cmeta").get("flush");
        assertThat(w.kernel()).isEqualTo(50);
        assertThat(f.kernel()).isEqualTo(20);
        assertThat(w.model()).isBetween(40L, 60L).isBetween(f.model() / 2 * 5, f.model() / 2 * 5 + 1);
        // the copies are counted where they were queued and again on the disks below the linear sub-devices (the
        // kernel's Q there follows an A with no application bio behind it), the same on both sides
        assertThat(r.workerIo()).containsOnlyKeys("cfast", "cmeta", "corig", "254:0", "254:16", "254:32");
        assertThat(rows(r, "254:0")).isEqualTo(rows(r, "corig"));
        assertThat(rows(r, "254:16")).isEqualTo(rows(r, "cfast"));
        // every lower bio of the cache itself (hits, misses, overwrites, flush and discard clones) has a
        // counterpart: same number on both sides
        assertThat(r.byTarget().get("cache").model()).isEqualTo(r.byTarget().get("cache").kernel()).isEqualTo(2984);
    }

    @Test
    void mirrorWritesEveryBioToEveryLegAsTheKernel() throws Exception {
        FidelityReport r = FidelityCheckTest.check("real-mirror", Strategy.MODERN);
        for (String leg : new String[] {"254:0", "254:16"}) {
            for (String cls : new String[] {"write", "flush", "discard"}) {
                FidelityReport.Pair p = rows(r, leg).get(cls);
                assertThat(p.model()).as(leg + " " + cls).isEqualTo(p.kernel()).isPositive();
            }
        }
        assertThat(rows(r, "254:0").get("write").kernel()).isEqualTo(1714);
    }
}
