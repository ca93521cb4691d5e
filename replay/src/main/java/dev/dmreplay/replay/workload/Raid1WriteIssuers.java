package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Who queued the mirror writes of each dm-raid raid1 array in a trace, learnt in the survey pass: the task that
 * submitted the array's write, or another (raid1d). Without a write-intent bitmap, md raid1 submits each mirror's
 * write from {@code raid1_write_request} itself ({@code raid1_add_bio_to_plug} → {@code raid1_submit_write}:
 * "md/raid1-10: submit write io directly if bitmap is not enabled", mainline v6.5; Debian's 6.1.192 behaves so in
 * every capture), where earlier kernels handed it to raid1d through the plug's callback or
 * {@code conf->pending_bio_list}. The trace tells which the traced kernel did: a leg's write {@code Q} by the task
 * that queued a write on the array just before (within {@value #SAME_SUBMISSION_NS} ns) was submitted from that
 * submission; raid1d's carry its own pid.
 *
 * <p>Memory is bounded: one time per task.
 */
public final class Raid1WriteIssuers implements Consumer<BlockEvent> {
    /** A leg's write this soon after the same task's write on the array belongs to that submission. */
    static final long SAME_SUBMISSION_NS = 1_000_000;
    private static final int MAX_TASKS = 1 << 16;

    /** Array device → its data legs (kernel dev_t). */
    private final Map<Integer, Set<Integer>> legsOf;
    private final Map<Integer, Integer> arrayOfLeg = new HashMap<>();
    /** Per array: task → time of its last write queued on the array. */
    private final Map<Integer, Map<Integer, Long>> lastArrayWrite = new HashMap<>();
    private final Map<Integer, long[]> counts = new HashMap<>();

    /** @param legsOf each raid1 array's device number and its data legs' (kernel dev_t) */
    public Raid1WriteIssuers(Map<Integer, Set<Integer>> legsOf) {
        this.legsOf = Map.copyOf(legsOf);
        legsOf.forEach((array, legs) -> legs.forEach(l -> arrayOfLeg.put(l, array)));
    }

    /** The arrays watched. */
    public Set<Integer> arrays() {
        return legsOf.keySet();
    }

    @Override
    public void accept(BlockEvent e) {
        if (e.kind() != Action.QUEUE || (e.action() & Category.WRITE) == 0 || e.bytes() == 0) {
            return;
        }
        if (legsOf.containsKey(e.device())) {
            Map<Integer, Long> last = lastArrayWrite.computeIfAbsent(e.device(), d -> new HashMap<>());
            if (last.size() < MAX_TASKS || last.containsKey(e.pid())) {
                last.put(e.pid(), e.time());
            }
            return;
        }
        Integer array = arrayOfLeg.get(e.device());
        if (array == null) {
            return;
        }
        Long at = lastArrayWrite.getOrDefault(array, Map.of()).get(e.pid());
        boolean bySubmitter = at != null && e.time() - at <= SAME_SUBMISSION_NS;
        counts.computeIfAbsent(array, a -> new long[2])[bySubmitter ? 0 : 1]++;
    }

    /** Mirror writes of {@code array} the submitting task queued itself. */
    public long bySubmitter(int array) {
        long[] c = counts.get(array);
        return c == null ? 0 : c[0];
    }

    /** Mirror writes of {@code array} another task (raid1d, the resync) queued. */
    public long byOthers(int array) {
        long[] c = counts.get(array);
        return c == null ? 0 : c[1];
    }

    /** Whether the traced kernel submitted most of {@code array}'s mirror writes from the array's submitters. */
    public boolean submittedDirectly(int array) {
        return bySubmitter(array) > byOthers(array);
    }
}
