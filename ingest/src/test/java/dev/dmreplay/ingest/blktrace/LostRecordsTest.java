package dev.dmreplay.ingest.blktrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The sequence-number accounting of damaged stretches, on the class itself (48-byte records). */
class LostRecordsTest {

    @Test
    void undamagedStreamCountsNothing() {
        LostRecords l = new LostRecords();
        for (int s = 1; s <= 1000; s++) {
            l.event(s % 3, s);
        }
        assertEquals(0, l.stretches());
        assertEquals(0, l.counted());
        assertEquals(0, l.atMost());
    }

    @Test
    void gapAfterAStretchIsCountedPerCpuAndCapped() {
        LostRecords l = new LostRecords();
        l.event(0, 10);
        l.event(1, 20);
        l.damaged(DamagedStretch.until(48 * 10));
        l.event(0, 14); // cpu 0 lost 3
        assertEquals(3, l.counted());
        l.event(1, 40); // cpu 1 lost 19, capped at what the stretch can hold: 10 - 3 = still 10 by the cap
        assertEquals(3 + 10, l.counted());
        assertEquals(0, l.atMost(), "the stretch is resolved and its bytes all counted");
        l.event(0, 15);
        assertEquals(13, l.counted());
    }

    @Test
    void bytesBeyondTheCountedEventsAreBounded() {
        LostRecords l = new LostRecords();
        l.event(2, 1);
        l.damaged(DamagedStretch.until(48 * 5 + 10));
        assertEquals(5, l.atMost(), "open stretch: bounded by its size until an event resolves it");
        l.event(2, 3); // one event lost, the other four records' worth of bytes are notes or junk
        assertEquals(1, l.counted());
        assertEquals(4, l.atMost());
        assertEquals(1, l.stretches());
        assertEquals(48 * 5 + 10, l.bytes());
    }

    @Test
    void stretchBeforeAnyEventCountsNewCpusFromZero() {
        LostRecords l = new LostRecords();
        l.damaged(DamagedStretch.until(48 * 8));
        l.event(3, 6); // five events of cpu 3 were in the stretch
        assertEquals(5, l.counted());
        assertEquals(3, l.atMost());
        l.event(4, 9); // resolved already: a later CPU is not counted from 0
        assertEquals(5, l.counted());
    }

    @Test
    void aCpuSeenOnlyBeforeTheStretchKeepsItOpen() {
        LostRecords l = new LostRecords();
        l.event(0, 1);
        l.event(1, 1);
        l.damaged(DamagedStretch.until(48 * 4));
        l.event(0, 3);
        assertEquals(1, l.counted());
        assertEquals(3, l.atMost(), "cpu 1 has not been seen again: the rest stays open");
        l.event(1, 2);
        assertEquals(1, l.counted());
        assertEquals(3, l.atMost());
    }

    @Test
    void stretchToTheEndIsBoundedAndUnreadableRestAddsNothing() {
        LostRecords l = new LostRecords();
        l.event(0, 1);
        l.damaged(DamagedStretch.toEnd(48 * 7 + 47));
        assertEquals(7, l.atMost());
        l.damaged(DamagedStretch.UNREADABLE_REST);
        assertEquals(7, l.atMost());
        assertEquals(2, l.stretches());
        assertEquals(48 * 7 + 47, l.bytes());
    }

    @Test
    void sequencesAreUnsigned() {
        LostRecords l = new LostRecords();
        l.event(0, 0x7fffffff);
        l.damaged(DamagedStretch.until(48 * 100));
        l.event(0, 0x80000002); // two lost across the sign bit
        assertEquals(2, l.counted());
    }

    @Test
    void manyCpusInterleavedKeepTheirOwnSequences() {
        // a merged file (or damage) can interleave CPUs; 40 CPUs grow the per-CPU table several times
        LostRecords l = new LostRecords();
        for (int round = 1; round <= 3; round++) {
            for (int cpu = 0; cpu < 40; cpu++) {
                l.event(cpu, round);
                l.event(cpu, round); // the same CPU twice in a row: the cached slot
            }
        }
        l.damaged(DamagedStretch.until(48 * 1000));
        for (int cpu = 0; cpu < 40; cpu++) {
            l.event(cpu, 3 + 1 + cpu); // cpu n lost n events
        }
        assertEquals(39 * 40 / 2, l.counted());
    }
}
