package dev.dmreplay.replay.explore;

import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Schedule;
import dev.dmreplay.replay.sim.Task;
import java.util.Arrays;
import java.util.Locale;

/**
 * One schedule of the systematic search: a base policy and the preemption points where it is flipped. Only
 * function entries where another event is due at the same time count as points (preempting with nothing else to
 * run changes nothing: a sound reduction). Base {@link Base#RUN_TO_COMPLETION} never preempts, so each flip is one
 * preemption, as in CHESS's preemption bounding (Musuvathi and Qadeer, PLDI 2007); base {@link Base#ROUND_ROBIN}
 * preempts at every point (the tasks advance in lock step, as on one CPU each), so each flip is one delay, as in
 * delay bounding (Emmi, Qadeer and Rakamarić, POPL 2011). A preempted task goes behind every event due now.
 */
public final class FlipSchedule implements Schedule {
    /** What happens at a point that is not flipped. */
    public enum Base {
        RUN_TO_COMPLETION("rtc"), ROUND_ROBIN("rr");

        final String tag;

        Base(String tag) {
            this.tag = tag;
        }
    }

    public final Base base;
    private final int[] flips;
    private int points;

    /** @param flips the indices (0-based, increasing) of the points where the base decision is flipped */
    public FlipSchedule(Base base, int[] flips) {
        this.base = base;
        this.flips = flips.clone();
    }

    /** How many preemption points the run passed (known after the run). */
    public int points() {
        return points;
    }

    public int[] flips() {
        return flips.clone();
    }

    @Override
    public long preemptBefore(Task t, Frame callee) {
        if (!t.kernel().sim.othersDueNow()) {
            return -1;
        }
        int i = points++;
        boolean flipped = Arrays.binarySearch(flips, i) >= 0;
        boolean preempt = (base == Base.ROUND_ROBIN) != flipped;
        return preempt ? 0 : -1;
    }

    /** {@code rtc:3,17} or {@code rr:} (no flips): the form {@link #parse} reads. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(base.tag).append(':');
        for (int i = 0; i < flips.length; i++) {
            sb.append(i == 0 ? "" : ",").append(flips[i]);
        }
        return sb.toString();
    }

    /** Parses {@code rtc:I,J,...} or {@code rr:I,J,...}; null if {@code spec} is not of that form. */
    public static FlipSchedule parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        if (colon < 0) {
            return null;
        }
        Base b = null;
        for (Base x : Base.values()) {
            if (x.tag.equals(s.substring(0, colon))) {
                b = x;
            }
        }
        if (b == null) {
            return null;
        }
        String rest = s.substring(colon + 1).trim();
        int[] f = rest.isEmpty() ? new int[0] : Arrays.stream(rest.split(",")).mapToInt(x -> {
            int v = Integer.parseInt(x.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        }).sorted().distinct().toArray();
        return new FlipSchedule(b, f);
    }
}
