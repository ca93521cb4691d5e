package dev.dmreplay.replay.explore;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.sim.Schedule;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one cell (a scenario under a strategy, or a replay) under many schedules and summarises it.
 *
 * <p>{@link #random}: schedule 1 is the lock-step baseline (the run without exploration), schedules 2..N are
 * {@link RandomSchedule}s with seeds {@link ScheduleSeeds#derive derived} from the cell's seed.
 *
 * <p>{@link #systematic}: every {@link FlipSchedule} with at most K flips, for both bases, depth-first over the
 * flip sets in increasing point order (a run with flips {@code F} reports how many points it passed, and the
 * children of {@code F} flip one more point after its last). A run that is identical up to its first flip to its
 * parent is not re-explored below that point, so each schedule within the bound runs once. Stops at the first
 * deadlock, or at {@code maxRuns}.
 */
public final class Explorer {

    /** Runs the cell under a schedule; {@code seed} is the model's seed for that run. */
    @FunctionalInterface
    public interface Cell {
        RunResult run(Schedule schedule, long seed);
    }

    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private Outcome worst;
    private String witness;
    private Long witnessSeed;
    private String witnessChain = "";
    private int runs;
    private Exploration.OrderRange order = Exploration.OrderRange.EMPTY;

    /** Schedules run between two recordings: enough to keep every thread busy, few enough to bound memory. */
    static final int BLOCK = 4096;

    private Explorer() {
    }

    /** The baseline plus {@code n - 1} random schedules, one after the other. */
    public static Exploration random(Cell cell, long baseSeed, int n) {
        return random(cell, baseSeed, n, 1);
    }

    /**
     * The baseline plus {@code n - 1} random schedules, run on up to {@code threads} threads. The schedules are
     * independent runs and are recorded in schedule order once all have run, so the exploration (outcome counts,
     * witness, ranges) is the same at every thread count. {@code cell} must be safe to call from several threads
     * at once (each call builds its own machine).
     */
    public static Exploration random(Cell cell, long baseSeed, int n, int threads) {
        return random(cell, baseSeed, n, threads, BLOCK);
    }

    /** As {@link #random(Cell, long, int, int)}, recording results every {@code block} schedules. */
    static Exploration random(Cell cell, long baseSeed, int n, int threads, int block) {
        Explorer e = new Explorer();
        // Schedules run in blocks, each recorded before the next starts: memory then holds one block of results,
        // not one per schedule (a million schedules kept 1.5 GB of results alive), and the order of recording,
        // hence the exploration, stays the same at every thread count and block size.
        for (int from = 0; from < n; from += block) {
            int start = from;
            List<RunResult> results = ParallelRuns.map(Math.min(block, n - from), threads, j -> {
                int i = start + j;
                return i == 0 ? cell.run(Schedule.LOCK_STEP, baseSeed)
                        : cell.run(new RandomSchedule(ScheduleSeeds.derive(baseSeed, i)), ScheduleSeeds.derive(baseSeed, i));
            });
            for (int j = 0; j < results.size(); j++) {
                int i = start + j;
                if (i == 0) {
                    e.record(results.get(j), "baseline", baseSeed);
                } else {
                    long s = ScheduleSeeds.derive(baseSeed, i);
                    e.record(results.get(j), "seed:" + s, s);
                }
            }
        }
        return new Exploration(e.worst, e.runs, e.counts, e.witnessName(), e.worst == Outcome.FINE ? null
                : e.witnessSeed, e.witnessChain, null, true, e.order);
    }

    /** Every schedule with at most {@code k} flips of either base, until a deadlock or {@code maxRuns} runs. */
    public static Exploration systematic(Cell cell, long baseSeed, int k, int maxRuns) {
        Explorer e = new Explorer();
        boolean exhausted = true;
        outer:
        for (FlipSchedule.Base base : FlipSchedule.Base.values()) {
            Deque<int[]> todo = new ArrayDeque<>();
            todo.push(new int[0]);
            while (!todo.isEmpty()) {
                if (e.worst != null && e.worst.isDeadlock()) {
                    break outer;
                }
                if (e.runs >= maxRuns) {
                    exhausted = false;
                    break outer;
                }
                int[] flips = todo.pop();
                FlipSchedule fs = new FlipSchedule(base, flips);
                e.record(cell.run(fs, baseSeed), fs.toString(), null);
                if (flips.length < k) {
                    int from = flips.length == 0 ? 0 : flips[flips.length - 1] + 1;
                    // push in reverse so that lower points are explored first
                    for (int p = fs.points() - 1; p >= from; p--) {
                        int[] child = Arrays.copyOf(flips, flips.length + 1);
                        child[flips.length] = p;
                        todo.push(child);
                    }
                }
            }
        }
        return new Exploration(e.worst, e.runs, e.counts, e.witnessName(), e.witnessSeed, e.witnessChain, k,
                exhausted || (e.worst != null && e.worst.isDeadlock()), e.order);
    }

    private void record(RunResult r, String name, Long seed) {
        runs++;
        counts.merge(r.outcome(), 1, Integer::sum);
        if (r.order() != null) {
            order = order.with(r.order().outOfOrder(), r.order().unalignedWrites());
        }
        if (worst == null || r.outcome().severity() > worst.severity()) {
            worst = r.outcome();
            witness = name;
            witnessSeed = seed;
            witnessChain = r.chain();
        }
    }

    /** No witness when every schedule was FINE. */
    private String witnessName() {
        return worst == Outcome.FINE ? null : witness;
    }
}
