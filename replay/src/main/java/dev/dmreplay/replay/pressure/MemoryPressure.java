package dev.dmreplay.replay.pressure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The state of the page/slab allocator under a mempool (docs/kernel-model.md §9.5): whether the underlying allocation
 * of a {@code mempool_alloc} attempt succeeds, depending on time and on whether the attempt may enter direct
 * reclaim. Phases: NONE (always succeeds), SOFT (fails with a probability, separately for attempts without and
 * with reclaim), HARD (always fails: only reserves are left). Outside every window the state is NONE.
 *
 * <p>Text form (CLI and scenario files): {@code none}, {@code hard}, {@code hard@1s-5s},
 * {@code soft(0.5,0.1)@0-2s}, several separated by commas or given repeatedly. Times take ns, us, ms, s.
 */
public final class MemoryPressure {

    public enum Mode { NONE, SOFT, HARD }

    /** One window {@code [from, to)} in ns; {@code to = Long.MAX_VALUE} means "to the end". */
    public record Phase(Mode mode, double failNoReclaim, double failReclaim, long from, long to) {
        /**
         * True when no underlying allocation can succeed in this phase: HARD, or SOFT failing with probability 1
         * with and without reclaim ({@code soft(1,1)} is hard pressure and must give the same verdict).
         */
        public boolean alwaysFails() {
            return mode == Mode.HARD || (mode == Mode.SOFT && failNoReclaim >= 1 && failReclaim >= 1);
        }
    }

    private final List<Phase> phases;
    private SplittableRandom random = new SplittableRandom(1);

    public MemoryPressure(List<Phase> phases) {
        this.phases = List.copyOf(phases);
    }

    public static MemoryPressure none() {
        return new MemoryPressure(List.of());
    }

    public static MemoryPressure hard() {
        return new MemoryPressure(List.of(new Phase(Mode.HARD, 1, 1, 0, Long.MAX_VALUE)));
    }

    public void seed(SplittableRandom r) {
        this.random = r;
    }

    public List<Phase> phases() {
        return phases;
    }

    private Phase at(long now) {
        for (Phase p : phases) {
            if (now >= p.from && now < p.to) {
                return p;
            }
        }
        return null;
    }

    /** Whether the underlying slab/page allocation succeeds at {@code now}. */
    public boolean slabSucceeds(long now, boolean reclaim) {
        Phase p = at(now);
        if (p == null || p.mode == Mode.NONE) {
            return true;
        }
        if (p.mode == Mode.HARD) {
            return false;
        }
        double fail = reclaim ? p.failReclaim : p.failNoReclaim;
        return random.nextDouble() >= fail;
    }

    /** True if from {@code now} on no underlying allocation can ever succeed (HARD, or soft(1,1), to the end of time). */
    public boolean hardForever(long now) {
        Phase p = at(now);
        if (p == null || !p.alwaysFails()) {
            return false;
        }
        long t = p.to;
        while (t != Long.MAX_VALUE) {
            Phase q = at(t);
            if (q == null || !q.alwaysFails()) {
                return false;
            }
            t = q.to;
        }
        return true;
    }

    /**
     * True if from {@code now} on no allocation outcome can change: either {@link #hardForever} or no pressure now
     * and no phase starting later. Then a polling wake-up (a mempool re-poll, an {@code msleep} loop) cannot find
     * anything different unless some other event changes state first.
     */
    public boolean settled(long now) {
        if (hardForever(now)) {
            return true;
        }
        for (Phase p : phases) {
            if (p.to > now && p.mode != Mode.NONE) {
                return false;
            }
        }
        return true;
    }

    /** Parses the text form described in the class comment. */
    public static MemoryPressure parse(String text) {
        List<Phase> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return none();
        }
        // split on commas that are not inside parentheses
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String part = text.substring(start, i).trim();
                if (!part.isEmpty()) {
                    Phase ph = parsePhase(part);
                    if (ph != null) {
                        out.add(ph);
                    }
                }
                start = i + 1;
            }
        }
        return new MemoryPressure(out);
    }

    private static Phase parsePhase(String s) {
        String spec = s;
        long from = 0;
        long to = Long.MAX_VALUE;
        int at = s.indexOf('@');
        if (at >= 0) {
            spec = s.substring(0, at).trim();
            String win = s.substring(at + 1).trim();
            int dash = win.indexOf('-');
            if (dash < 0) {
                from = Durations.parse(win);
            } else {
                from = Durations.parse(win.substring(0, dash));
                String end = win.substring(dash + 1).trim();
                to = end.isEmpty() ? Long.MAX_VALUE : Durations.parse(end);
            }
            if (to <= from) {
                throw new IllegalArgumentException("pressure window ends before it starts: " + s);
            }
        }
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.equals("none")) {
            return at >= 0 ? new Phase(Mode.NONE, 0, 0, from, to) : null;
        }
        if (lower.equals("hard")) {
            return new Phase(Mode.HARD, 1, 1, from, to);
        }
        if (lower.startsWith("soft")) {
            double a = 0.5;
            double b = 0.1;
            int open = lower.indexOf('(');
            if (open >= 0) {
                int close = lower.indexOf(')', open);
                if (close < 0) {
                    throw new IllegalArgumentException("missing ')' in pressure '" + s + "'");
                }
                String[] ps = lower.substring(open + 1, close).split(",");
                a = parseProb(ps[0], s);
                b = ps.length > 1 ? parseProb(ps[1], s) : a;
            }
            return new Phase(Mode.SOFT, a, b, from, to);
        }
        throw new IllegalArgumentException("unknown pressure '" + s + "' (expected none, hard, soft(p,q), with optional @from-to)");
    }

    private static double parseProb(String p, String whole) {
        try {
            double d = Double.parseDouble(p.trim());
            if (d < 0 || d > 1) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("probability '" + p.trim() + "' in pressure '" + whole + "' is not in [0,1]");
        }
    }

    @Override
    public String toString() {
        if (phases.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (Phase p : phases) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(switch (p.mode) {
                case NONE -> "none";
                case HARD -> "hard";
                case SOFT -> "soft(" + p.failNoReclaim + "," + p.failReclaim + ")";
            });
            if (p.from != 0 || p.to != Long.MAX_VALUE) {
                sb.append('@').append(Durations.format(p.from)).append('-')
                        .append(p.to == Long.MAX_VALUE ? "" : Durations.format(p.to));
            }
        }
        return sb.toString();
    }
}
