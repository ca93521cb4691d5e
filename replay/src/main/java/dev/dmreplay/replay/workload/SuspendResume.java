package dev.dmreplay.replay.workload;

import dev.dmreplay.replay.dm.DmSuspend;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.stack.Machine;

/**
 * A {@code dmsetup suspend DEV; sleep; dmsetup resume DEV} run by its own task: suspend at {@code at}, resume
 * {@code resumeAfter} after the suspend completed. The kernel side is {@link DmSuspend} ({@code __dm_suspend},
 * drivers/md/dm.c v4.16) and {@code dm_resume}. Combine with a workload via {@link #around}.
 */
public record SuspendResume(String device, long at, long resumeAfter) {
    /** dmsetup suspend: ioctl DM_DEV_SUSPEND → dm_suspend() → __dm_suspend(), v4.16. */
    private static final int SUSPEND = 0;
    /** dm_suspend(), v4.16, returned: userspace sleeps {@code resumeAfter}. */
    private static final int SUSPENDED = 1;
    /** dmsetup resume: ioctl DM_DEV_SUSPEND (resume) → dm_resume(), v4.16. */
    private static final int RESUME = 2;

    /** A workload that also runs these suspend/resume actions. */
    public static Workload around(Workload w, java.util.List<SuspendResume> actions) {
        if (actions.isEmpty()) {
            return w;
        }
        return new Workload() {
            @Override
            public void start(Machine m, WorkloadStats stats) {
                w.start(m, stats);
                for (SuspendResume a : actions) {
                    a.schedule(m);
                }
            }

            @Override
            public boolean exhausted() {
                return w.exhausted();
            }

            @Override
            public long expected() {
                return w.expected();
            }

            @Override
            public void stop() {
                w.stop();
            }
        };
    }

    void schedule(Machine m) {
        if (!(m.device(device) instanceof MappedDevice md)) {
            throw new IllegalArgumentException("suspend: " + device + " is not a DM device");
        }
        Task t = m.kernel.newTask("dmsetup/" + device, Task.Kind.USER);
        m.kernel.sim.at(at, () -> t.start(new Frame() {
            @Override
            public Step step(Task task) {
                switch (pc) {
                    case SUSPEND:
                        pc = SUSPENDED;
                        return task.call(new DmSuspend(md));
                    case SUSPENDED:
                        pc = RESUME;
                        return task.consumeCpu(resumeAfter);
                    default: // RESUME
                        DmSuspend.resume(md);
                        return RETURN;
                }
            }

            @Override
            public String function() {
                return "dmsetup suspend/resume";
            }
        }));
    }
}
