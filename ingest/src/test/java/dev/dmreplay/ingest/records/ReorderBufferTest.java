package dev.dmreplay.ingest.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {

    record Item(long time, int order) {
    }

    private static final Comparator<Item> ORDER = Comparator.comparingLong(Item::time).thenComparingInt(Item::order);

    @Test
    void releasesInOrderWhileInterleavingAddsAndPolls() {
        Random r = new Random(42);
        ReorderBuffer<Item> b = new ReorderBuffer<>(ORDER);
        List<Item> in = new ArrayList<>();
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // nearly sorted with ties and some elements up to 50 late
            Item it = new Item(i / 3 - (r.nextInt(10) == 0 ? r.nextInt(50) : 0), i);
            in.add(it);
            b.add(it);
            if (b.size() > 500) {
                out.add(b.poll());
            }
        }
        while (!b.isEmpty()) {
            out.add(b.poll());
        }
        assertThat(b.poll()).isNull();
        assertThat(b.peek()).isNull();
        assertThat(out).hasSize(in.size()).isSortedAccordingTo(ORDER);
        assertThat(out).containsExactlyInAnyOrderElementsOf(in);
    }

    @Test
    void growsBeyondItsInitialCapacity() {
        ReorderBuffer<Item> b = new ReorderBuffer<>(ORDER);
        for (int i = 5000; i > 0; i--) {
            b.add(new Item(i, 0));
        }
        assertThat(b.size()).isEqualTo(5000);
        for (int i = 1; i <= 5000; i++) {
            assertThat(b.poll().time()).isEqualTo(i);
        }
    }
}
