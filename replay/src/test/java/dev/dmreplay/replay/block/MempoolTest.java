package dev.dmreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Task;
import org.junit.jupiter.api.Test;

class MempoolTest {

    private static Bio bio(long id) {
        return new Bio(id);
    }

    @Test
    void withoutPressureTheSlabServesAndTheReserveStaysFull() {
        Kernel k = new Kernel(1, MemoryPressure.none());
        Mempool p = new Mempool(k, "p", PoolKind.MEMPOOL, 2, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(p.tryAlloc(Gfp.NOIO, "t")).isEqualTo(Mempool.Attempt.GOT);
            p.attach(bio(i), "t", i);
        }
        assertThat(p.reserveLeft()).isEqualTo(2);
        assertThat(p.outstanding()).isEqualTo(5);
    }

    @Test
    void underHardPressureOnlyTheReserveIsLeftThenNowaitFailsAndNoioMustSleep() {
        Kernel k = new Kernel(1, MemoryPressure.hard());
        Mempool p = new Mempool(k, "p", PoolKind.MEMPOOL, 2, 0);
        assertThat(p.tryAlloc(Gfp.NOWAIT, "t")).isEqualTo(Mempool.Attempt.GOT);
        assertThat(p.tryAlloc(Gfp.NOIO, "t")).isEqualTo(Mempool.Attempt.GOT);
        assertThat(p.reserveLeft()).isZero();
        assertThat(p.tryAlloc(Gfp.NOWAIT, "t")).isEqualTo(Mempool.Attempt.NULL);
        assertThat(p.tryAlloc(Gfp.NOIO, "t")).isEqualTo(Mempool.Attempt.MUST_SLEEP);
        assertThat(p.stats().nonBlockingFailures()).isEqualTo(1);
    }

    @Test
    void freeRefillsTheReserveFirstAndWakesSleepersWhileAFullReserveSendsElementsBackToTheSlab() {
        Kernel k = new Kernel(1, MemoryPressure.hard());
        Mempool p = new Mempool(k, "p", PoolKind.MEMPOOL, 1, 0);
        Bio a = bio(1);
        assertThat(p.tryAlloc(Gfp.NOIO, "t")).isEqualTo(Mempool.Attempt.GOT);
        p.attach(a, "t", 1);
        Task t = k.newTask("T", Task.Kind.USER);
        int[] got = {0};
        t.start(new Frame() {
            @Override
            public Step step(Task task) {
                if (pc == 0) {
                    pc = 1;
                    return task.call(p.allocFrame());
                }
                got[0] = 1; // resumed: the sleeping mempool_alloc returned holding an element
                return RETURN;
            }

            @Override
            public String function() {
                return "test";
            }
        });
        k.sim.step(); // T runs, sleeps in mempool_alloc
        assertThat(t.isBlocked()).isTrue();
        assertThat(t.waitFunction()).isEqualTo("mempool_alloc");
        assertThat(p.holders()).containsExactly(a);
        p.free(a); // refills the reserve and wakes T
        assertThat(t.isBlocked()).isFalse();
        while (k.sim.progressEventsPending() > 0) {
            k.sim.step();
        }
        assertThat(got[0]).isEqualTo(1);
        assertThat(p.reserveLeft()).isZero();
        // a second element freed while the reserve is full vanishes to the slab
        Bio b = bio(2);
        p.attach(b, "t", 2);
        Bio c = bio(3);
        p.attach(c, "t", 3);
        p.free(b);
        p.free(c);
        assertThat(p.reserveLeft()).isEqualTo(1);
        assertThat(p.outstanding()).isZero();
    }

    @Test
    void aSleeperRepollsAfterFiveSecondsAndSucceedsOncePressureLifts() {
        Kernel k = new Kernel(1, MemoryPressure.parse("hard@0-7s"));
        Mempool p = new Mempool(k, "p", PoolKind.MEMPOOL, 1, 0);
        p.tryAlloc(Gfp.NOIO, "t");
        p.attach(bio(1), "t", 1);
        Task t = k.newTask("T", Task.Kind.USER);
        long[] doneAt = {-1};
        t.start(new Frame() {
            @Override
            public Step step(Task task) {
                if (pc == 0) {
                    pc = 1;
                    return task.call(p.allocFrame());
                }
                doneAt[0] = k.sim.now();
                return RETURN;
            }

            @Override
            public String function() {
                return "test";
            }
        });
        while (k.sim.step()) {
            // run to the end
        }
        assertThat(doneAt[0]).isEqualTo(10_000_000_000L); // polls at 5 s (still hard) and 10 s (slab works)
        assertThat(p.stats().fruitlessWakeups()).isEqualTo(1);
    }

    /**
     * soft(1.0, 0.0): the allocator fails without reclaim and succeeds with it. Since the 2012 first-round fix the
     * first round retries with reclaim and gets an element; before it the caller sleeps with the reserve empty.
     */
    @Test
    void theFirstRoundRetriesWithReclaimOnlySinceThe2012Fix() {
        for (Mempool.FirstRound form : Mempool.FirstRound.values()) {
            Kernel k = new Kernel(1, MemoryPressure.parse("soft(1.0,0.0)"));
            k.setGlobal(Mempool.FirstRound.class, form);
            Mempool p = new Mempool(k, "p", PoolKind.MEMPOOL, 1, 0);
            assertThat(p.tryAlloc(Gfp.NOIO, "t")).isEqualTo(Mempool.Attempt.GOT); // the reserve
            assertThat(p.reserveLeft()).isZero();
            assertThat(p.tryAlloc(Gfp.NOIO, "t")).as(form.name()).isEqualTo(
                    form == Mempool.FirstRound.RECLAIM_RETRY ? Mempool.Attempt.GOT : Mempool.Attempt.MUST_SLEEP);
            assertThat(p.tryAlloc(Gfp.NOWAIT, "t")).as(form.name()).isEqualTo(Mempool.Attempt.NULL);
        }
    }
}
