package dev.dmreplay.replay.target.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.HelperIoComparison;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The real dm-cache capture ({@code traces/real-cache}, kernel 6.1, write-back, smq) replayed end to end; per
 * device and class the model's lower data bios (the cache's remaps, A records in the trace), its migration copies
 * (kcopyd, worker Q records without a remap) and its metadata commits are compared with the kernel's.
 */
class RealCacheTraceTest {
    private static final Path BUNDLE = Path.of("../traces/real-cache");

    /** The kernel's remaps out of the cache device: "to-device RWBS issuer" → bios. */
    static Map<String, Long> kernelRemaps(Path bundle, String top) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        Map<Integer, String> comm = new HashMap<>();
        try (OpenedTrace t = TraceOpener.open(bundle, ReadOptions.STRICT, null)) {
            EventSource src = t.events();
            BlockEvent e;
            while ((e = src.next()) != null) {
                if (e.isNotify()) {
                    if (e.kind() == Action.NOTIFY_PROCESS) {
                        comm.put(e.pid(), e.text());
                    }
                    continue;
                }
                if (e.kind() != Action.REMAP || !t.deviceName(DevNo.ofKernel(e.remapFromDevice())).equals(top)) {
                    continue;
                }
                String who = comm.getOrDefault(e.pid(), "?").startsWith("kworker/") ? "worker" : "task";
                out.merge(t.deviceName(e.dev()) + " " + e.rwbs() + " " + who, 1L, Long::sum);
            }
        }
        return out;
    }

    @Test
    void replaysAndMatchesTheKernelPerDeviceAndClass() throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(new TraceReplay.Setup(BUNDLE, null, Strategy.MODERN.knobs,
                MemoryPressure.none(), 1, ReplayMode.parse("timed", 32), Map.of(), 0, 0, false,
                ReplayRun.Options.defaults()));
        RunResult r = p.run(null, ReplayRun.Options.defaults());
        Cache c = ((CacheTarget) ((MappedDevice) p.machine().device("cached")).table().targets().get(0)).cache();
        Map<String, Long> kernel = kernelRemaps(BUNDLE, "cached");
        Map<String, Long> model = new TreeMap<>();
        c.dataIo().forEach((k, v) -> {
            String[] f = k.split("\t");
            model.merge(f[0] + " " + f[2] + " " + f[3], v[0], Long::sum);
        });
        System.out.println("CACHE outcome " + r.outcome() + " " + r.completed() + "/" + r.submitted());
        System.out.println("CACHE kernel remaps " + kernel);
        System.out.println("CACHE model remaps  " + model);
        System.out.println("CACHE model paths   " + c.dataIo().keySet());
        Map<String, HelperIoComparison.Row> rows = new LinkedHashMap<>();
        for (HelperIoComparison.Row row : HelperIoComparison.compare(p.machine(), p.workload())) {
            rows.put(row.device() + " " + row.rwbs() + " " + row.issuer(), row);
            System.out.println("CACHE helper " + row);
        }
        System.out.println("CACHE status model  " + c.status());
        System.out.println("CACHE status kernel " + Files.readString(BUNDLE.resolve("dmsetup-status-after.txt")).lines()
                .filter(l -> l.startsWith("cached:")).findFirst().orElse(""));
        assertThat(r.outcome()).isEqualTo(Outcome.FINE);
    }
}
