package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.target.KernelWorkerIo;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real 6.1 thin capture (traces/thin) replayed end to end; the I/O the model's thin-pool issues from its own
 * threads is compared per class and device with the kernel's (Q and A records by issuing thread): kcopyd's
 * zeroing, the pool worker's deferred bios, the submitters' remaps, discard passdown, reads of unprovisioned
 * blocks, commits and metadata I/O. The numbers are printed for the issue note.
 */
class RealThinTraceTest {
    private static final Path BUNDLE = Path.of(System.getProperty("thin.bundle", "../traces/thin"));

    @Test
    void workerIoPerClassAgainstTheKernel() throws Exception {
        Map<String, Long> k = KernelWorkerIo.classify(BUNDLE);
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null, Strategy.MODERN.knobs,
                MemoryPressure.none(), 1, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults()));
        Map<String, Long> m = new java.util.TreeMap<>();
        p.machine().kernel.addListener(o -> {
            if (o.kind() == dev.dmreplay.replay.observe.ObservationKind.REMAP) {
                m.merge(o.device() + "->" + o.resource() + " " + KernelWorkerIo.who(o.task()), 1L, Long::sum);
                m.merge(o.device() + "->" + o.resource() + " " + KernelWorkerIo.who(o.task()) + " /" + o.sectors(), 1L, Long::sum);
            }
        });
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        System.out.println("THIN model remaps " + m);
        ThinPool.Stats s = null;
        for (BlockDevice d : p.machine().devices()) {
            if (d instanceof MappedDevice md && md.table().targets().get(0) instanceof ThinPoolTarget pt) {
                s = pt.pool().stats();
            }
        }
        System.out.println("THIN kernel " + k);
        System.out.printf("THIN model mapRemaps=%d workerRemaps=%d zeroWrites=%d overwrites=%d copies=%d unprovReads=%d"
                + " discardsPassed=%d commits=%d dataFlushes=%d metaWrites=%d superblock=%d metaFlushes=%d metaReads=%d"
                + " provisioned=%d completed=%d/%d outcome=%s%n", s.mapRemaps, s.workerRemaps, s.zeroWrites,
                s.overwrites, s.copies, s.unprovisionedReads, s.discardsPassedDown, s.commits, s.dataFlushes,
                s.metadataWrites, s.superblockWrites, s.metadataFlushes, s.metadataReads, s.blocksProvisioned,
                r.completed(), r.submitted(), r.outcome());
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
        assertThat(r.completed()).isEqualTo(r.submitted()).isEqualTo(k.get("thin0 task read") + k.get("thin0 task write")
                + k.get("thin0 task discard") + k.get("thin0 task flush"));
        // kcopyd zeroing of new blocks, whole blocks through the pool device: exactly the kernel's count
        assertThat(m.get("pool->tdata bound")).isEqualTo(k.get("pool->tdata bound")).isEqualTo(s.zeroWrites);
        // every data bio of thin0 reaches the pool device, from the submitter or from the pool worker
        assertThat(m.get("thin0->pool task") + m.get("thin0->pool unbound"))
                .isEqualTo(k.get("thin0->pool task") + k.get("thin0->pool unbound"));
        assertThat((double) (long) m.get("thin0->pool unbound")).isCloseTo(k.get("thin0->pool unbound"), org.assertj.core.api.Assertions.withinPercentage(1));
        assertThat((double) (long) m.get("thin0->pool task")).isCloseTo(k.get("thin0->pool task"), org.assertj.core.api.Assertions.withinPercentage(1));
        // reads of unprovisioned blocks complete without lower I/O
        assertThat(s.unprovisionedReads).isEqualTo(k.get("thin0 task read") - k.get("pool task read"));
        assertThat(s.discardsPassedDown).isEqualTo(k.get("pool unbound discard"));
        // commits: the kernel's superblock writes; metadata I/O within 10 %
        assertThat(s.commits).isBetween(k.get("tmeta unbound write@0") - 2, k.get("tmeta unbound write@0") + 2);
        assertThat((double) (long) m.get("tmeta->254:32 unbound")).isCloseTo(k.get("tmeta->vdc unbound"), org.assertj.core.api.Assertions.withinPercentage(10));
        assertThat(s.dataFlushes).isEqualTo(s.commits);
    }

}
