package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeListsTest {
    @Test
    void pairsComeOutInQOrderTogetherAndStable() {
        long[] inOrder = {10, 1, 20, 2};
        Map<Long, long[]> out = TimeLists.pairsInQOrder(Map.of(8L, inOrder, 16L, new long[] {30, 3, 10, 1, 30, 4, 20, 2}));
        assertThat(out.get(8L)).isSameAs(inOrder);
        assertThat(out.get(16L)).containsExactly(10, 1, 20, 2, 30, 3, 30, 4);
    }

    @Test
    void aListIsMovedToTheReplayClockAtTheStride() {
        Map<Long, long[]> out = TimeLists.toReplayClock(Map.of(8L, new long[] {100, 7, 200, 9}), 2, t -> t - 50);
        assertThat(out.get(8L)).containsExactly(50, 7, 150, 9);
        assertThat(TimeLists.append(new long[] {1}, new long[] {2, 3})).containsExactly(1, 2, 3);
    }
}
