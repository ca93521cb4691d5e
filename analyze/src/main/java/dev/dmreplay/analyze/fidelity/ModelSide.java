package dev.dmreplay.analyze.fidelity;

import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the model did, collected from its observations during the run: the top-level bios ({@code SUBMIT}), the
 * lower bios each produced ({@code REMAP}: resource = lower device, detail = "target rwbs"), linked to their
 * top-level bio through the REMAP and SPLIT parent links, bios dispatched per leaf, leaf bios that descend from
 * no top-level bio (worker I/O), and latencies.
 *
 * <p>SPLIT observations name the pair in two directions: for "remainder resubmitted" and "bio_split head" the
 * bio is the parent and value the new clone; otherwise the bio is the new clone and value its parent.
 */
final class ModelSide implements ObservationListener {
    private final Set<String> topDevices;
    final Map<Long, TopBio> tops = new HashMap<>();
    /** Top-level bios submitted to a device that is not a top device (I/O the trace issued straight to it). */
    final Map<String, Long> direct = new TreeMap<>();
    private final Set<Long> directIds = new HashSet<>();
    private final Map<Long, Long> parent = new HashMap<>();
    /** REMAP time of bios sent to a device, for their Q2C (bio id → time, device). */
    private final Map<Long, Object[]> lowerOpen = new HashMap<>();
    final Map<String, List<Long>> lowerQ2c = new TreeMap<>();
    final Map<String, Long> dispatched = new TreeMap<>();
    final Map<String, Map<String, Long>> workerIo = new TreeMap<>();

    ModelSide(Set<String> topDevices) {
        this.topDevices = topDevices;
    }

    @Override
    public void on(Observation o) {
        switch (o.kind()) {
            case SUBMIT -> {
                if (topDevices.contains(o.device())) {
                    // value: the recorded (intended) submit time, the pairing key with the kernel's Q
                    tops.put(o.bio(), new TopBio(o.device(), o.sector(), o.sectors(), "", o.value()));
                } else {
                    direct.merge(o.device(), 1L, Long::sum);
                    directIds.add(o.bio());
                }
            }
            case SPLIT -> {
                String d = o.detail() == null ? "" : o.detail();
                if (d.equals("remainder resubmitted") || d.equals("bio_split head")) {
                    parent.putIfAbsent(o.value(), o.bio());
                } else {
                    parent.putIfAbsent(o.bio(), o.value());
                }
            }
            case REMAP -> {
                parent.putIfAbsent(o.bio(), o.value());
                TopBio root = root(o.bio());
                String detail = o.detail() == null ? "" : o.detail();
                int sp = detail.indexOf(' ');
                String type = sp < 0 ? detail : detail.substring(0, sp);
                String rwbs = sp < 0 ? "" : detail.substring(sp + 1);
                if (root != null) {
                    root.lower.add(new LowerBio(o.resource(), o.sector(), o.sectors(), rwbs, type));
                }
                lowerOpen.put(o.bio(), new Object[] {o.time(), o.resource()});
            }
            case DISPATCH -> {
                dispatched.merge(o.device(), 1L, Long::sum);
                if (origin(o.bio()) == 0) {
                    // a leaf bio no submitted bio leads to: issued by a target's worker (detail: its rwbs)
                    String rwbs = o.detail() == null ? "" : o.detail();
                    workerIo.computeIfAbsent(o.device(), k -> new TreeMap<>())
                            .merge(KernelSide.ioClass(rwbs, o.sectors()), 1L, Long::sum);
                }
            }
            case COMPLETE -> complete(o);
            default -> {
            }
        }
    }

    private void complete(Observation o) {
        String d = o.detail();
        if (d != null && d.startsWith("top")) {
            TopBio t = tops.get(o.bio());
            if (t != null) {
                t.completed = t.queued + o.value();
            }
            return;
        }
        if ("leaf".equals(d)) {
            Object[] q = lowerOpen.remove(o.bio());
            if (q != null) {
                lowerQ2c.computeIfAbsent((String) q[1], k -> new ArrayList<>()).add(o.time() - (Long) q[0]);
            }
        }
    }

    /** The top-level bio {@code bio} descends from, or null. */
    TopBio root(long bio) {
        return tops.get(origin(bio));
    }

    /** The submitted bio (to a top device or straight to a lower one) {@code bio} descends from, or 0. */
    private long origin(long bio) {
        long b = bio;
        for (int hops = 0; hops < 64; hops++) {
            if (tops.containsKey(b) || directIds.contains(b)) {
                return b;
            }
            Long p = parent.get(b);
            if (p == null) {
                return 0;
            }
            b = p;
        }
        return 0;
    }
}
