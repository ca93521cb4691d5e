package dev.dmreplay.replay.pressure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void everyUnitIsRead() {
        assertEquals(10, Durations.parse("10ns"));
        assertEquals(10_000, Durations.parse("10us"));
        assertEquals(10_000_000, Durations.parse("10ms"));
        assertEquals(1_500_000_000L, Durations.parse("1.5s"));
        assertEquals(120_000_000_000L, Durations.parse("2m"));
        assertEquals(0, Durations.parse("0"));
    }

    @Test
    void aBareNumberIsRefusedWithTheUnitItProbablyMeant() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("10"));
        assertTrue(e.getMessage().contains("needs a unit") && e.getMessage().contains("10ms"), e.getMessage());
    }

    @Test
    void garbageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-1ms"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("infinityms"));
    }
}
