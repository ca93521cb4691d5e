package dev.dmreplay.replay.bench;

import dev.dmreplay.ingest.dm.TargetParser;
import dev.dmreplay.replay.block.ServiceModel;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.stack.StackSpec;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.GeneratedWorkload;
import dev.dmreplay.replay.workload.ReplayMode;
import java.util.List;
import java.util.Locale;

/**
 * Throughput benchmark of the replay engine: top-level 4 KiB bios per second (wall clock) through a linear
 * device over a 4-way striped table over 4 disks, single-threaded. Usage:
 * {@code ReplayBench [bios=2000000] [strategy=DF] [pressure=none] [tasks=8] [qd=32] [rounds=3]}.
 * Prints one line per round and the heap in use after each round.
 */
public final class ReplayBench {
    private ReplayBench() {
    }

    public static StackSpec stack() {
        long disk = 1L << 30;
        List<StackSpec.Leaf> leaves = List.of(leaf("sda", "8:0"), leaf("sdb", "8:16"), leaf("sdc", "8:32"),
                leaf("sdd", "8:48"));
        StackSpec.Dm stripe = new StackSpec.Dm("vg-stripe", "253:0", List.of(line(0, 4 * disk, "striped",
                "4 128 8:0 0 8:16 0 8:32 0 8:48 0")), null);
        StackSpec.Dm lin = new StackSpec.Dm("vg-lv", "253:1", List.of(line(0, 4 * disk - 2048, "linear",
                "253:0 2048")), null);
        return new StackSpec(leaves, List.of(), List.of(stripe, lin));
    }

    private static StackSpec.TargetLine line(long start, long len, String type, String args) {
        return new StackSpec.TargetLine(start, len, TargetParser.parse(type, List.of(args.split(" ")), len),
                "ReplayBench");
    }

    private static StackSpec.Leaf leaf(String n, String d) {
        return new StackSpec.Leaf(n, d, 0, new ServiceModel.Parametric(100_000, 0, 256), 0);
    }

    /** One measured run; returns the result (throughput computed by the caller). */
    public static RunResult once(long bios, Strategy s, String pressure, int tasks, int qd) {
        Machine m = new Machine(stack(), s.knobs, MemoryPressure.parse(pressure), 1);
        GeneratedWorkload w = new GeneratedWorkload("vg-lv", tasks, bios / tasks, 8, (4L << 30) - 4096, 0.3,
                new ReplayMode(ReplayMode.Kind.AFAP, 1, qd));
        return ReplayRun.run(m, w, new ReplayRun.Options(Long.MAX_VALUE, 0));
    }

    public static void main(String[] args) {
        long bios = 2_000_000;
        Strategy s = Strategy.DF;
        String pressure = "none";
        int tasks = 8;
        int qd = 32;
        int rounds = 3;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "bios" -> bios = Long.parseLong(kv[1]);
                case "strategy" -> s = Strategy.parse(kv[1]);
                case "pressure" -> pressure = kv[1];
                case "tasks" -> tasks = Integer.parseInt(kv[1]);
                case "qd" -> qd = Integer.parseInt(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        for (int i = 0; i < rounds; i++) {
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            RunResult r = once(bios, s, pressure, tasks, qd);
            long t1 = System.nanoTime();
            long c1 = os.getProcessCpuTime();
            System.gc();
            long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            System.out.printf(Locale.ROOT, "round %d: %s pressure=%s %d bios: wall %.2f s = %.0f bios/s; process CPU (incl. GC)"
                            + " %.2f s = %.0f bios/CPU-s; outcome %s, %d events, heap after %.1f MiB%n", i + 1, s,
                    pressure, r.completed(), (t1 - t0) / 1e9, r.completed() / ((t1 - t0) / 1e9), (c1 - c0) / 1e9,
                    r.completed() / ((c1 - c0) / 1e9), r.outcome(), r.eventsRun(), heap / 1048576.0);
        }
    }
}
