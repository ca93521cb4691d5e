package dev.dmreplay.analyze.run;

import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.ObservationListener;
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
        list.add(new Observation(t, k, task, device, resource, bio, sector, sectors, value, detail));
        return this;
    }

    public Obs submit(long t, String task, long bio, int sectors) {
        return add(t, ObservationKind.SUBMIT, task, "X", null, bio, 0, sectors, 0, "WRITE");
    }

    public Obs submitIntended(long t, String task, long bio, int sectors, long intended) {
        return add(t, ObservationKind.SUBMIT, task, "X", null, bio, 0, sectors, intended, "WRITE");
    }

    public Obs top(long t, String task, long bio, long latency) {
        return add(t, ObservationKind.COMPLETE, task, "X", null, bio, 0, 8, latency, "top");
    }

    public Obs leaf(long t, long bio) {
        return add(t, ObservationKind.COMPLETE, null, "sda", null, bio, 0, 8, 0, "leaf");
    }

    public Obs alloc(long t, String task, String pool, long bio, long reserveLeft) {
        return add(t, ObservationKind.ALLOC, task, null, pool, bio, 0, 0, reserveLeft, null);
    }

    /** {@code mempool_free}: {@code where} is "reserve" or "slab". */
    public Obs free(long t, String pool, long bio, long reserveLeft, String where) {
        return add(t, ObservationKind.FREE, null, null, pool, bio, 0, 0, reserveLeft, where);
    }

    public Obs fail(long t, String task, String pool, long reserve) {
        return add(t, ObservationKind.ALLOC_FAIL, task, null, pool, 0, 0, 0, reserve, "mempool_alloc");
    }

    public Obs waitBegin(long t, String task, String resource, String function) {
        return add(t, ObservationKind.WAIT_BEGIN, task, null, resource, 0, 0, 0, 0, function);
    }

    public Obs waitEnd(long t, String task, String resource, String function, long slept) {
        return add(t, ObservationKind.WAIT_END, task, null, resource, 0, 0, 0, slept, function);
    }

    public Obs timeout(long t, String task, String resource) {
        return add(t, ObservationKind.TIMEOUT, task, null, resource, 0, 0, 0, 0, "io_schedule_timeout");
    }

    public Obs remap(long t, String task, long clone, long orig) {
        return add(t, ObservationKind.REMAP, task, "X", "sda", clone, 0, 8, orig, "striped");
    }

    public Obs piece(long t, String task, long clone, long orig) {
        return add(t, ObservationKind.SPLIT, task, "X", null, clone, 0, 8, orig, "dm piece");
    }

    public void feed(ObservationListener... ls) {
        for (Observation o : list) {
            for (ObservationListener l : ls) {
                l.on(o);
            }
        }
    }
}
