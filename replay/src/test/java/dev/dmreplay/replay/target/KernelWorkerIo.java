package dev.dmreplay.replay.target;

import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.DevNo;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's side of a per-class comparison of I/O a target issues from its own threads: the {@code Q}
 * records of a real trace on one device, classified by the issuing thread ({@code kworker/uN:M}: an unbound
 * workqueue such as dm-thin's pool worker; {@code kworker/N:M}: a bound one such as kcopyd's) and by operation
 * and place ({@code flush}, {@code discard}, {@code read}, {@code write}, {@code write@0} for writes at sector
 * 0), and the {@code A} records by upper and lower device and issuing thread. Keys look like
 * {@code "tdata unbound write"} and {@code "thin0->pool task"}.
 */
public final class KernelWorkerIo {
    private KernelWorkerIo() {
    }

    /** The thread class of a model task, named as the kernel's threads are classified. */
    public static String who(String task) {
        if (task == null) {
            return "irq";
        }
        if (task.startsWith("dm-thin/") || task.startsWith("dm-thin-issue/")) {
            // the pool worker, and the work item that sends down what it remapped when the traced kernel's did
            return "unbound";
        }
        if (task.startsWith("kcopyd")) {
            return "bound";
        }
        return "task";
    }

    public static Map<String, Long> classify(Path trace) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        Map<Integer, String> comm = new HashMap<>();
        try (OpenedTrace t = TraceOpener.open(trace, ReadOptions.STRICT, null)) {
            EventSource src = t.events();
            BlockEvent e;
            while ((e = src.next()) != null) {
                if (e.isNotify()) {
                    if (e.kind() == Action.NOTIFY_PROCESS) {
                        comm.put(e.pid(), e.text());
                    }
                    continue;
                }
                String devName = t.deviceName(e.dev());
                String c = comm.getOrDefault(e.pid(), "?");
                String who = c.startsWith("kworker/u") ? "unbound" : c.startsWith("kworker/") ? "bound" : "task";
                if (e.kind() == Action.REMAP) {
                    String from = t.deviceName(DevNo.ofKernel(e.remapFromDevice()));
                    out.merge(from + "->" + devName + " " + who, 1L, Long::sum);
                    out.merge(from + "->" + devName + " " + who + " /" + e.sectors(), 1L, Long::sum);
                    continue;
                }
                if (e.kind() != Action.QUEUE) {
                    continue;
                }
                String rwbs = e.rwbs();
                String op = rwbs.contains("F") && e.bytes() == 0 ? "flush" : rwbs.contains("D") ? "discard"
                        : rwbs.startsWith("R") ? "read" : e.sector() == 0 ? "write@0" : "write";
                out.merge(devName + " " + who + " " + op, 1L, Long::sum);
            }
        }
        return out;
    }
}
