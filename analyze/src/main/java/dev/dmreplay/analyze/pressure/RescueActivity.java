package dev.dmreplay.analyze.pressure;

import dev.dmreplay.replay.observe.RescueMechanism;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How bios were moved off a task's {@code current->bio_list} and back: per bioset {@code punt_bios_to_rescuer}
 * calls and bios punted; per mechanism and device the offloads (dm_offload's {@code flush_current_bio_list},
 * rescue to {@code md->rescued}, hand-over to per-device helpers) and bios moved; and per rescue list the bios
 * resubmitted from it and its depth (high-water mark and over time) — for {@code md->rescued} this is the depth
 * the NEIL strategy lets build up.
 *
 * <p>List names: PUNT and bioset RESCUE name the bioset; NEIL's OFFLOAD and RESCUE name {@code md->rescued};
 * helper RESCUE names the helper's list. dm_offload moves bios to each bio's own bioset rescuer without naming
 * it, so its bios are added to the list the rescuer later names; a list's depth can therefore only be derived for
 * punts and for {@code md->rescued}.
 */
public final class RescueActivity implements ObservationListener {
    private final Map<String, Punts> punts = new TreeMap<>();
    private final Map<String, Offloads> offloads = new TreeMap<>();
    private final Map<String, RescueList> lists = new TreeMap<>();

    @Override
    public void on(Observation o) {
        switch (o.kind()) {
            case PUNT -> {
                Punts p = punts.computeIfAbsent(o.resource(), Punts::new);
                p.calls++;
                p.bios += o.value();
                list(o.resource()).add(o.time(), o.value());
            }
            case OFFLOAD -> {
                String mech = o.detail() == null ? String.valueOf(o.rescue()) : o.detail();
                String key = mech + "\u0000" + (o.device() == null ? "" : o.device());
                Offloads f = offloads.computeIfAbsent(key, k -> new Offloads(mech, o.device() == null ? "" : o.device()));
                f.firings++;
                f.bios += o.value();
                f.max = Math.max(f.max, o.value());
                if (o.rescue() == RescueMechanism.MD_RESCUED) {
                    list(o.resource()).add(o.time(), o.value());
                }
            }
            case RESCUE -> list(o.resource() == null ? "" : o.resource()).resubmitted(o.time());
            default -> {
            }
        }
    }

    private RescueList list(String name) {
        return lists.computeIfAbsent(name, RescueList::new);
    }

    public Report report() {
        List<PuntReport> p = new ArrayList<>();
        punts.values().forEach(x -> p.add(new PuntReport(x.bioset, x.calls, x.bios)));
        List<OffloadReport> f = new ArrayList<>();
        offloads.values().forEach(x -> f.add(new OffloadReport(x.mechanism, x.device, x.firings, x.bios, x.max)));
        List<ListReport> l = new ArrayList<>();
        lists.values().forEach(x -> l.add(new ListReport(x.name, x.added, x.resubmitted, x.high, x.depthKnown(),
                List.copyOf(x.steps))));
        return new Report(p, f, l);
    }

    /** Everything moved in a run. */
    public record Report(List<PuntReport> punts, List<OffloadReport> offloads, List<ListReport> lists) {
    }

    /** {@code punt_bios_to_rescuer} on one bioset: calls and bios moved. */
    public record PuntReport(String bioset, long punts, long biosPunted) {
    }

    /** One offload mechanism on one device: firings, bios moved, most bios moved at once. */
    public record OffloadReport(String mechanism, String device, long firings, long bios, long maxAtOnce) {
    }

    /**
     * One rescue list: bios added (-1 when not observable), bios resubmitted from it, the depth high-water mark
     * and depth changes {@code [timeNs, depth]} (only when {@code depthKnown}).
     */
    public record ListReport(String list, long added, long resubmitted, long depthHighWater, boolean depthKnown,
                             List<long[]> depth) {
    }

    private static final class Punts {
        final String bioset;
        long calls;
        long bios;

        Punts(String bioset) {
            this.bioset = bioset;
        }
    }

    private static final class Offloads {
        final String mechanism;
        final String device;
        long firings;
        long bios;
        long max;

        Offloads(String mechanism, String device) {
            this.mechanism = mechanism;
            this.device = device;
        }
    }

    /** Bounded record of depth changes: at most this many steps are kept (the high-water mark stays exact). */
    static final int MAX_STEPS = 10_000;

    private static final class RescueList {
        final String name;
        long added;
        long resubmitted;
        long depth;
        long high;
        final List<long[]> steps = new ArrayList<>();

        RescueList(String name) {
            this.name = name;
        }

        boolean depthKnown() {
            return added > 0;
        }

        void add(long time, long n) {
            added += n;
            depth += n;
            high = Math.max(high, depth);
            step(time);
        }

        void resubmitted(long time) {
            resubmitted++;
            if (added > 0) {
                depth = Math.max(0, depth - 1);
                step(time);
            }
        }

        private void step(long time) {
            if (!steps.isEmpty() && steps.get(steps.size() - 1)[0] == time) {
                steps.get(steps.size() - 1)[1] = depth;
            } else if (steps.size() < MAX_STEPS) {
                steps.add(new long[] {time, depth});
            }
        }
    }
}
