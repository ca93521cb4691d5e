package dev.dmreplay.replay.workload;

import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.stack.Machine;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A streaming synthetic workload: {@code tasks} submitters each issue {@code perTask} bios of {@code sectors}
 * sectors at random aligned offsets of {@code device} (seeded), as fast as the mode's queue depth allows. Requests
 * are generated as they are consumed, so memory does not depend on the number of bios.
 */
public final class GeneratedWorkload implements Workload {
    private final String device;
    private final int tasks;
    private final long perTask;
    private final int sectors;
    private final long span;
    private final double writeFraction;
    private final ReplayMode mode;
    private boolean exhausted;

    public GeneratedWorkload(String device, int tasks, long perTask, int sectors, long spanSectors, double writeFraction,
                             ReplayMode mode) {
        this.device = device;
        this.tasks = tasks;
        this.perTask = perTask;
        this.sectors = sectors;
        this.span = spanSectors;
        this.writeFraction = writeFraction;
        this.mode = mode;
    }

    @Override
    public void start(Machine m, WorkloadStats stats) {
        List<Submitter> subs = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            SplittableRandom r = m.kernel.sim.random("workload-" + i);
            long[] left = {perTask};
            Submitter[] self = new Submitter[1];
            Runnable refill = () -> {
                if (left[0] > 0) {
                    left[0]--;
                    long slot = r.nextLong(span / sectors);
                    Op op = r.nextDouble() < writeFraction ? Op.WRITE : Op.READ;
                    self[0].offer(new BioRequest(0, device, op, 0, slot * sectors, sectors));
                }
            };
            self[0] = new Submitter(m, "gen" + i, mode, stats, refill, 0);
            subs.add(self[0]);
            // prime a small window; each consumed request generates the next one
            for (int k = 0; k < 4; k++) {
                refill.run();
            }
        }
        exhausted = true;
    }

    @Override
    public boolean exhausted() {
        return exhausted;
    }

    @Override
    public long expected() {
        return tasks * perTask;
    }
}
