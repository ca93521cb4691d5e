package dev.dmreplay.replay.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongChunksTest {
    @Test
    void holdsWhatWasAddedAndSetAcrossChunks() {
        LongChunks c = new LongChunks();
        long[] expected = new long[3 * LongChunks.CHUNK + 5];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = rnd.nextLong();
            c.add(expected[i]);
            assertThat(c.size()).isEqualTo(i + 1);
        }
        for (int k = 0; k < 1000; k++) {
            int i = rnd.nextInt(expected.length);
            expected[i] = rnd.nextLong();
            c.set(i, expected[i]);
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(c.get(i)).isEqualTo(expected[i]);
        }
        assertThat(c.toArray()).isEqualTo(expected);
    }

    @Test
    void aCopyIsIndependentAndGrowsOnFromItsEnd() {
        for (int n : new int[] {0, 1, 8, 9, LongChunks.CHUNK - 1, LongChunks.CHUNK, LongChunks.CHUNK + 1,
                2 * LongChunks.CHUNK}) {
            LongChunks a = new LongChunks();
            for (int i = 0; i < n; i++) {
                a.add(i);
            }
            LongChunks b = a.copy();
            b.add(-1);
            a.add(-2);
            if (n > 0) {
                b.set(0, 42);
                assertThat(a.get(0)).isZero();
            }
            assertThat(b.size()).isEqualTo(n + 1);
            assertThat(a.get(n)).isEqualTo(-2);
            assertThat(b.get(n)).isEqualTo(-1);
            for (int i = 1; i < n; i++) {
                assertThat(b.get(i)).isEqualTo(i);
            }
        }
    }

    @Test
    void anEmptyListHasAnEmptyArray() {
        assertThat(new LongChunks().toArray()).isEmpty();
        assertThat(new LongChunks().size()).isZero();
    }
}
