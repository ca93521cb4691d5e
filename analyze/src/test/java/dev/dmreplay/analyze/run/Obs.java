package dev.dmreplay.analyze.run;

import dev.dmreplay.replay.observe.AllocMode;
import dev.dmreplay.replay.observe.BioRole;
import dev.dmreplay.replay.observe.Facts;
import dev.dmreplay.replay.observe.FreeTo;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.ObservationListener;
import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.observe.PoolRef;
import dev.dmreplay.replay.observe.RescueMechanism;
import dev.dmreplay.replay.observe.SplitKind;
import java.util.ArrayList;
import java.util.List;

/** Builds hand-written observation sequences the way the replay model emits them. */
public final class Obs {
    private final List<Observation> list = new ArrayList<>();

    public List<Observation> list() {
        return list;
    }

    public Obs add(long t, ObservationKind k, String task, String device, String resource, long bio, long sector,
                   int sectors, long value, String detail) {
        return add(of(t, k, task, device, resource, bio, sector, sectors, value, detail));
    }

    public Obs add(Observation o) {
        list.add(o);
        return this;
    }

    private static Observation of(long t, ObservationKind k, String task, String device, String resource, long bio,
                                  long sector, int sectors, long value, String detail) {
        return of(t, k, task, device, resource, bio, sector, sectors, value, detail, Facts.NONE);
    }

    private static Observation of(long t, ObservationKind k, String task, String device, String resource, long bio,
                                  long sector, int sectors, long value, String detail, Facts f) {
        return new Observation(t, k, task, device, resource, bio, sector, sectors, value, detail, f);
    }

    /** A bioset's bio pool, as the model names it (e.g. {@code md->bs of X}). */
    private static PoolRef pool(String name) {
        return new PoolRef(name, PoolKind.BIOSET);
    }

    /** Waits on a mempool are on its wait queue, named "mempool " and the pool's name, and carry the pool. */
    private static Observation waitOn(Observation o) {
        String r = o.resource();
        return r != null && r.startsWith(MEMPOOL_WAIT)
                ? o.with(Facts.pool(pool(r.substring(MEMPOOL_WAIT.length())))) : o;
    }

    private static final String MEMPOOL_WAIT = "mempool ";

    public Obs submit(long t, String task, long bio, int sectors) {
        return submitIntended(t, task, bio, sectors, 0);
    }

    public Obs submitIntended(long t, String task, long bio, int sectors, long intended) {
        return add(of(t, ObservationKind.SUBMIT, task, "X", null, bio, 0, sectors, intended, "WRITE",
                Facts.role(BioRole.TOP_LEVEL)));
    }

    public Obs top(long t, String task, long bio, long latency) {
        return add(of(t, ObservationKind.COMPLETE, task, "X", null, bio, 0, 8, latency, "top", Facts.topLevel(0)));
    }

    /** COMPLETE of a top-level bio that failed with {@code status}. */
    public Obs topError(long t, String task, long bio, int sectors, long latency, int status) {
        return add(of(t, ObservationKind.COMPLETE, task, "X", null, bio, 0, sectors, latency, "top error " + status,
                Facts.topLevel(status)));
    }

    public Obs leaf(long t, long bio) {
        return add(of(t, ObservationKind.COMPLETE, null, "sda", null, bio, 0, 8, 0, "leaf", Facts.role(BioRole.LEAF)));
    }

    public Obs alloc(long t, String task, String pool, long bio, long reserveLeft) {
        return add(of(t, ObservationKind.ALLOC, task, null, pool, bio, 0, 0, reserveLeft, null,
                Facts.pool(pool(pool))));
    }

    /** {@code mempool_free} to {@code where}. */
    public Obs free(long t, String pool, long bio, long reserveLeft, FreeTo where) {
        return add(of(t, ObservationKind.FREE, null, null, pool, bio, 0, 0, reserveLeft, where.detail(),
                Facts.free(pool(pool), where)));
    }

    /** A masked attempt failed (bio_alloc_bioset with bios queued and a rescuer). */
    public Obs fail(long t, String task, String pool, long reserve) {
        return fail(t, task, pool, reserve, AllocMode.MASKED);
    }

    public Obs fail(long t, String task, String pool, long reserve, AllocMode mode) {
        return add(of(t, ObservationKind.ALLOC_FAIL, task, null, pool, 0, 0, 0, reserve, mode.detail(),
                Facts.allocFail(pool(pool), mode)));
    }

    public Obs waitBegin(long t, String task, String resource, String function) {
        return add(waitOn(of(t, ObservationKind.WAIT_BEGIN, task, null, resource, 0, 0, 0, 0, function)));
    }

    public Obs waitEnd(long t, String task, String resource, String function, long slept) {
        return add(waitOn(of(t, ObservationKind.WAIT_END, task, null, resource, 0, 0, 0, slept, function)));
    }

    public Obs timeout(long t, String task, String resource) {
        return add(waitOn(of(t, ObservationKind.TIMEOUT, task, null, resource, 0, 0, 0, 0, "io_schedule_timeout")));
    }

    public Obs remap(long t, String task, long clone, long orig) {
        return add(of(t, ObservationKind.REMAP, task, "X", "sda", clone, 0, 8, orig, "striped",
                Facts.role(BioRole.CLONE)));
    }

    public Obs piece(long t, String task, long clone, long orig) {
        return split(t, SplitKind.DM_PIECE, task, null, clone, orig);
    }

    /** SPLIT of kind {@code k} in X: {@code bio} and {@code other} as the kind says. */
    public Obs split(long t, SplitKind k, String task, String bioset, long bio, long other) {
        return add(of(t, ObservationKind.SPLIT, task, "X", bioset, bio, 0, 8, other, k.detail(), Facts.split(k)));
    }

    /** {@code punt_bios_to_rescuer} of {@code moved} bios to {@code bioset}'s rescuer. */
    public Obs punt(long t, String task, String bioset, long moved) {
        RescueMechanism m = RescueMechanism.BIOSET_RESCUER;
        return add(of(t, ObservationKind.PUNT, task, null, bioset, 0, 0, 0, moved, m.moveDetail(), Facts.rescue(m)));
    }

    /** OFFLOAD by {@code m} of {@code moved} bios in X to {@code list}. */
    public Obs offload(long t, RescueMechanism m, String task, String list, long moved) {
        return add(of(t, ObservationKind.OFFLOAD, task, "X", list, 0, 0, 0, moved, m.moveDetail(), Facts.rescue(m)));
    }

    /** RESCUE by {@code m} of bio {@code bio} from {@code list}. */
    public Obs rescue(long t, RescueMechanism m, String task, String list, long bio) {
        return add(of(t, ObservationKind.RESCUE, task, "X", list, bio, 0, 8, 0, m.rescueDetail(), Facts.rescue(m)));
    }

    public void feed(ObservationListener... ls) {
        for (Observation o : list) {
            for (ObservationListener l : ls) {
                l.on(o);
            }
        }
    }
}
