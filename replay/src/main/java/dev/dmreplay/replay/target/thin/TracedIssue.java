package dev.dmreplay.replay.target.thin;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WorkItem;
import dev.dmreplay.replay.sim.Workqueue;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Trace replays: bios the pool worker remapped go down when the traced kernel's worker issued them. In
 * {@code do_worker} (dm-thin.c v6.1) the worker issues each bio as it gets to it ({@code remap_and_issue} from
 * {@code process_cell}/{@code process_shared_bio}, {@code inc_remap_and_issue_cell} from
 * {@code process_prepared_mapping}); on the captured kernel it got to the later bios of a pass milliseconds after
 * the first, with nothing recorded in between (the worker was not running: scheduling of the workqueue's
 * kworker, which nothing in the trace predicts), and to the bios of a prepared mapping when that mapping's copy
 * had completed on the kernel's time line. The trace records that moment as the remap ({@code A}) of each bio
 * ({@link WorkerRunSchedule#remapAt}); a bio the model's worker remaps earlier is held until then.
 *
 * <p>Departure: the held bio is submitted from a work item of its own, not by the pool worker, so a bio the model
 * is early for does not hold up the ones behind it that the kernel's worker issued first (their order in the
 * model's worker follows the model's kcopyd completions, which may differ from the kernel's).
 */
final class TracedIssue {
    private record Held(long at, long seq, Bio bio, java.util.function.Consumer<Task> onIssue) {
    }

    private final Kernel kernel;
    private final PriorityQueue<Held> held = new PriorityQueue<>((a, b) -> a.at() != b.at()
            ? Long.compare(a.at(), b.at()) : Long.compare(a.seq(), b.seq()));
    private final Workqueue wq;
    private final WorkItem issue;
    private long seq;
    private long timerAt = Long.MAX_VALUE;

    TracedIssue(Kernel kernel, String pool) {
        this.kernel = kernel;
        this.wq = new Workqueue(kernel, "dm-thin-issue/" + pool, 1);
        this.issue = new WorkItem("remap_and_issue(" + pool + ")", IssueDue::new);
    }

    /** Holds {@code bio} until {@code at} (replay clock); {@code onIssue} (may be null) runs as it goes down. */
    void hold(Bio bio, long at, java.util.function.Consumer<Task> onIssue) {
        held.add(new Held(at, seq++, bio, onIssue));
        arm(at);
    }

    private void arm(long at) {
        if (at < timerAt) {
            timerAt = at;
            kernel.sim.at(at, this::timer);
        }
    }

    private void timer() {
        if (kernel.sim.now() < timerAt) {
            return;
        }
        timerAt = Long.MAX_VALUE;
        wq.queue(issue);
    }

    /** The bios due by now, in the kernel's order, submitted; the timer re-armed for the next. */
    private final class IssueDue extends Frame {
        private List<Held> ready;
        private int i;

        @Override
        public Step step(Task t) {
            if (ready == null) {
                ready = new ArrayList<>();
                while (!held.isEmpty() && held.peek().at() <= kernel.sim.now()) {
                    ready.add(held.poll());
                }
                if (!held.isEmpty()) {
                    arm(held.peek().at());
                }
            }
            while (i < ready.size()) {
                Held h = ready.get(i++);
                if (h.onIssue() != null) {
                    h.onIssue().accept(t);
                }
                if (Gmr.submit(t, h.bio()) == CALL) {
                    return CALL;
                }
            }
            return RETURN;
        }

        @Override
        public String function() {
            return "remap_and_issue";
        }
    }
}
