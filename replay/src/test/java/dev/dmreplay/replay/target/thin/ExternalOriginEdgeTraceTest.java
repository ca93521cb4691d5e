package dev.dmreplay.replay.target.thin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A thin volume whose external origin ends inside a block, traced on a 6.1 kernel (traces/real-thin-extorigin-edge:
 * 100,000 origin sectors, 128 KiB blocks, so the origin ends 160 sectors into block 390). What {@code process_cell}
 * and {@code schedule_external_copy} (dm-thin.c v6.1) did there, the model does too: a read across the end is cut
 * at it ({@code bi_size} shortened, then {@code remap_to_origin_and_issue}), and the first write into the block
 * across the end copies only the origin's 160 sectors and zeroes the other 96 ({@code ll_zero}).
 */
class ExternalOriginEdgeTraceTest {
    private static final Path BUNDLE = Path.of("../traces/real-thin-extorigin-edge");
    private static final String CUT_READ = "thin0->eorig 99936+64";
    private static final String PARTIAL_COPY_READ = "eorig 99840+160";
    private static final String TAIL_ZERO = "pool 160+96";
    private static final String PARTIAL_COPY_WRITE = "pool 0+160";

    /** The kernel's records: remaps from thin0 onto eorig, and Qs without a remap (kcopyd's) on eorig and pool. */
    private static Set<String> kernel() throws Exception {
        Map<Integer, String> names = Map.of(new DevNo(253, 2).kernel(), "eorig", new DevNo(253, 3).kernel(), "pool",
                new DevNo(253, 4).kernel(), "thin0");
        Set<String> out = new HashSet<>();
        Set<String> remapped = new HashSet<>();
        try (OpenedTrace t = TraceOpener.open(BUNDLE, ReadOptions.STRICT, null)) {
            EventSource src = t.events();
            BlockEvent e;
            while ((e = src.next()) != null) {
                String dev = names.get(e.device());
                if (e.isNotify() || dev == null) {
                    continue;
                }
                String at = e.sector() + "+" + e.sectors();
                if (e.kind() == Action.REMAP) {
                    remapped.add(dev + " " + at);
                    String from = names.get(e.remapFromDevice());
                    if (from != null) {
                        out.add(from + "->" + dev + " " + at);
                    }
                } else if (e.kind() == Action.QUEUE && !remapped.remove(dev + " " + at)) {
                    out.add(dev + " " + at);
                }
            }
        }
        return out;
    }

    /** The model's: remaps from thin0 onto eorig, and the bios kcopyd submitted to eorig and pool. */
    private static Set<String> model() throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null, Strategy.MODERN.knobs,
                MemoryPressure.none(), 1, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults()));
        Set<String> out = new HashSet<>();
        p.machine().kernel.addListener(o -> {
            if (o.kind() != ObservationKind.REMAP) {
                return;
            }
            String at = o.sector() + "+" + o.sectors();
            if (o.device().equals("thin0") && o.resource().equals("eorig")) {
                out.add("thin0->eorig " + at);
            } else if (o.task() != null && o.task().startsWith("kcopyd")
                    && (o.device().equals("eorig") || o.device().equals("pool"))) {
                out.add(o.device() + " " + at); // the linear's remap below: the sector kcopyd submitted at
            }
        });
        p.run(null, ReplayRun.Options.defaults());
        return out;
    }

    @Test
    void aReadAcrossTheOriginsEndIsCutAndItsBlockIsCopiedInPart() throws Exception {
        Set<String> k = kernel();
        assertThat(k).contains(CUT_READ, PARTIAL_COPY_READ, TAIL_ZERO, PARTIAL_COPY_WRITE);
        Set<String> m = model();
        assertThat(m).contains(CUT_READ, PARTIAL_COPY_READ, TAIL_ZERO, PARTIAL_COPY_WRITE);
        // no uncut read of the origin past its end on either side
        assertThat(k).doesNotContain("thin0->eorig 99936+128");
        assertThat(m).doesNotContain("thin0->eorig 99936+128");
    }
}
