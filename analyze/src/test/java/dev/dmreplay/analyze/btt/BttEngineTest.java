package dev.dmreplay.analyze.btt;

import static dev.dmreplay.analyze.btt.Ev.DM0;
import static dev.dmreplay.analyze.btt.Ev.SDA;
import static dev.dmreplay.analyze.btt.Ev.ev;
import static dev.dmreplay.analyze.btt.Ev.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** btt's matching rules on hand-built records. */
class BttEngineTest {

    private static BttEngine run(List<BlockEvent> events) {
        BttEngine e = new BttEngine(SampleSink.NONE, 1000);
        events.forEach(e::accept);
        return e;
    }

    private static AvgInfo all(BttEngine e, Interval i) {
        return e.all().get(i);
    }

    @Test
    void fullLifecycleGivesEveryInterval() {
        BttEngine e = run(List.of(q(100, SDA, 0, 8), ev('G', 150, SDA, 0, 8, 100), ev('I', 200, SDA, 0, 8, 100),
                ev('D', 500, SDA, 0, 8, 100), ev('C', 1500, SDA, 0, 8, 0)));
        assertThat(all(e, Interval.Q2G).total()).isEqualTo(50);
        assertThat(all(e, Interval.G2I).total()).isEqualTo(50);
        assertThat(all(e, Interval.I2D).total()).isEqualTo(300);
        assertThat(all(e, Interval.D2C).total()).isEqualTo(1000);
        assertThat(all(e, Interval.Q2C).total()).isEqualTo(1400);
        assertThat(e.inFlight()).isZero();
    }

    @Test
    void completionCollectsEveryQueuedBioInsideItsRangeAndMergesGiveM2D() {
        BttEngine e = run(List.of(q(100, SDA, 0, 8), ev('G', 110, SDA, 0, 8, 100), q(200, SDA, 8, 8),
                ev('M', 210, SDA, 8, 8, 100), ev('I', 300, SDA, 0, 16, 100), ev('D', 400, SDA, 0, 16, 100),
                ev('C', 1000, SDA, 0, 16, 0)));
        assertThat(all(e, Interval.Q2C).n()).isEqualTo(2);
        assertThat(all(e, Interval.D2C).n()).isEqualTo(2);
        assertThat(all(e, Interval.M2D).total()).isEqualTo(190);
        assertThat(all(e, Interval.Q2Q).total()).isEqualTo(100);
    }

    @Test
    void aQueuedBioWiderThanTheCompletionNeverCompletes() {
        BttEngine e = run(List.of(q(100, SDA, 0, 16), ev('D', 200, SDA, 0, 8, 100), ev('C', 300, SDA, 0, 8, 0)));
        assertThat(all(e, Interval.Q2C).n()).isZero();
        assertThat(e.inFlight()).isEqualTo(1);
    }

    @Test
    void aLaterQueueAtTheSameStartSectorReplacesTheOlderOne() {
        // blktrace 1.2.0 "btt: Replace overlapping IO": the older bio is taken to have lost its completion.
        BttEngine e = run(List.of(q(100, SDA, 0, 8), q(200, SDA, 0, 8), ev('C', 300, SDA, 0, 8, 0)));
        assertThat(all(e, Interval.Q2Q).total()).isEqualTo(100);
        assertThat(all(e, Interval.Q2C).n()).isEqualTo(1);
        assertThat(all(e, Interval.Q2C).total()).isEqualTo(100);
        assertThat(e.devices().get(0).queued()).isEqualTo(2);
        assertThat(e.replacedQs()).isEqualTo(1);
        assertThat(e.inFlight()).isZero();
    }

    @Test
    void devicesArePreCulledUntilTheirFirstQueueAndZeroByteRecordsAreIgnored() {
        BttEngine e = run(List.of(ev('D', 50, SDA, 0, 8, 100), ev('C', 60, SDA, 0, 8, 0), q(100, SDA, 0, 0),
                q(200, SDA, 8, 8), ev('C', 300, SDA, 8, 8, 0)));
        assertThat(e.devices()).hasSize(1);
        assertThat(e.devices().get(0).dispatched()).isZero();
        assertThat(e.devices().get(0).queued()).isEqualTo(1);
        assertThat(all(e, Interval.Q2C).n()).isEqualTo(1);
        assertThat(all(e, Interval.D2C).n()).isZero();
    }

    @Test
    void remapperDevicesUseTheDmRows() {
        BttEngine e = run(List.of(q(100, DM0, 1000, 8), Ev.remap(150, SDA, 5000, 8, DM0, 1000), q(160, SDA, 5000, 8),
                ev('G', 170, SDA, 5000, 8, 100), ev('D', 200, SDA, 5000, 8, 100), ev('C', 900, SDA, 5000, 8, 0),
                ev('C', 1000, DM0, 1000, 8, 0)));
        assertThat(all(e, Interval.Q2A_DM).total()).isEqualTo(50);
        assertThat(all(e, Interval.Q2C_DM).total()).isEqualTo(900);
        assertThat(all(e, Interval.Q2C).total()).isEqualTo(740);
        LayerStats dm = e.layers().get(DM0);
        assertThat(dm.bios()).isEqualTo(1);
        assertThat(dm.belowSum()).isEqualTo(900 - 160);
        assertThat(dm.ownSum()).isEqualTo(900 - 740);
        assertThat(dm.lower().get(SDA).d2cSum()).isEqualTo(700);
        assertThat(dm.lower().get(SDA).q2dSum()).isEqualTo(40);
    }

    @Test
    void processNamesAreCutAtTheSlashAndSharedByName() {
        // The C comes from pid 0 with no PROCESS note: btt names it pid000000000.
        BttEngine e = run(List.of(Ev.process(7, "kworker/1:1H"), Ev.process(8, "kworker/0:2"),
                ev('Q', 100, SDA, 0, 8, 7), ev('Q', 200, SDA, 8, 8, 8), ev('Q', 300, SDA, 16, 8, 9),
                ev('C', 400, SDA, 0, 24, 0)));
        assertThat(e.processes()).extracting(BttProcess::name).containsExactly("kworker", "pid000000000", "pid000000009");
        assertThat(e.processes().get(0).avgs().get(Interval.Q2C).n()).isEqualTo(2);
    }

    @Test
    void theInFlightBoundDropsTheOldestQueuedBio() {
        BttEngine e = new BttEngine(SampleSink.NONE, 2);
        List.of(q(100, SDA, 0, 16), q(200, SDA, 100, 16), q(300, SDA, 200, 16), ev('C', 400, SDA, 0, 16, 0),
                ev('C', 500, SDA, 100, 16, 0)).forEach(e::accept);
        assertThat(e.evicted()).isEqualTo(1);
        assertThat(all(e, Interval.Q2C).n()).isEqualTo(1);
        assertThat(e.inFlight()).isEqualTo(1);
    }

    @Test
    void plugsAreCountedAndStillOpenPlugsClosedAtTheEnd() {
        BttEngine e = run(List.of(q(0, SDA, 0, 8), Ev.plug(1_000, SDA), Ev.unplug(2_000, SDA, 3, false),
                Ev.plug(3_000, SDA), Ev.unplug(4_000, SDA, 1, true), Ev.plug(5_000, SDA), q(10_000, SDA, 8, 8)));
        String r = e.report(false);
        // plugged 1000-2000, 3000-4000 and 5000 until the last record at 10000: 7000 of 10000 ns
        assertThat(r).contains(" (  8,  0) |          2(         1) |  70.000000000%");
        assertThat(r).contains(" (  8,  0) |        1.5          1.0");
    }
}
