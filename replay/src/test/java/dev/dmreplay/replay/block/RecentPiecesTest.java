package dev.dmreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bounded piece memory forgets exactly what a LinkedHashMap in insertion order with that bound forgets. */
class RecentPiecesTest {

    @Test
    void agreesWithABoundedLinkedHashMap() {
        int bound = 1000;
        RecentPieces p = new RecentPieces(bound);
        Map<Long, Long> ref = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
                return size() > bound;
            }
        };
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            // mostly recent roots (updated in place), some old ones (forgotten, then new again)
            long root = i / 3 - r.nextInt(i < 3000 ? 1 : 1500);
            long key = RecentPieces.key(r.nextInt(3), Math.max(0, root));
            long sector = r.nextInt(1 << 20);
            long prev = p.put(key, sector);
            Long want = ref.put(key, sector);
            if (want == null) {
                assertThat(RecentPieces.none(prev)).as("step %d", i).isTrue();
            } else {
                assertThat(prev).as("step %d", i).isEqualTo(want);
            }
            assertThat(p.size()).isEqualTo(ref.size());
        }
        assertThat(ref).hasSize(bound);
    }
}
