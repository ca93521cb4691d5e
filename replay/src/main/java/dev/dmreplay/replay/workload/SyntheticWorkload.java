package dev.dmreplay.replay.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * A workload given as explicit per-task request lists (scenario files): task i submits its requests in order,
 * each at its time or as soon as the previous submission returned.
 */
public final class SyntheticWorkload implements Workload {
    /** One task's name and its requests. */
    public record TaskPlan(String name, List<BioRequest> requests) {
    }

    private final List<TaskPlan> plans;
    private final ReplayMode mode;

    public SyntheticWorkload(List<TaskPlan> plans, ReplayMode mode) {
        this.plans = List.copyOf(plans);
        this.mode = mode;
    }

    @Override
    public void start(dev.dmreplay.replay.stack.Machine machine, WorkloadStats stats) {
        for (TaskPlan p : plans) {
            for (BioRequest r : p.requests()) {
                machine.device(r.device()); // an unknown device is bad input: say so before anything runs
            }
        }
        List<Submitter> subs = new ArrayList<>();
        for (TaskPlan p : plans) {
            subs.add(new Submitter(machine, p.name(), mode, stats, null, 0));
        }
        for (int i = 0; i < plans.size(); i++) {
            for (BioRequest r : plans.get(i).requests()) {
                subs.get(i).offer(r);
            }
        }
    }

    @Override
    public boolean exhausted() {
        return true;
    }

    @Override
    public long expected() {
        long n = 0;
        for (TaskPlan p : plans) {
            n += p.requests().size();
        }
        return n;
    }
}
