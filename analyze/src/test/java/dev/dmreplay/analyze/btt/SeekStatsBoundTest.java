package dev.dmreplay.analyze.btt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeekStatsBoundTest {
    @Test
    void distinctDistancesAreBoundedWhileCountAndMeanStayExact() {
        SeekStats s = new SeekStats();
        int n = SeekStats.MAX_DISTINCT + 1000;
        long pos = 0;
        double total = 0;
        // each seek goes 1, 2, 3, ... sectors beyond the end of the previous 8-sector range: all distances new
        for (int i = 1; i <= n; i++) {
            long start = pos + i;
            s.add(start, start + 8);
            total += i;
            pos = start + 8;
        }
        // the first add measures from the initial range [0, 0]: distance 1 as well, so one distance repeats
        assertThat(s.nseeks()).isEqualTo(n);
        assertThat(s.mean()).isEqualTo(total / n);
        assertThat(s.unrecorded()).isEqualTo(n - SeekStats.MAX_DISTINCT);
        // a distance already counted is still counted after the bound is reached
        long before = s.unrecorded();
        s.add(pos + 5, pos + 13);
        assertThat(s.unrecorded()).isEqualTo(before);
    }

    @Test
    void belowTheBoundNothingIsLeftOut() {
        SeekStats s = new SeekStats();
        for (int i = 0; i < 10_000; i++) {
            s.add(i * 100L, i * 100L + 8);
        }
        assertThat(s.unrecorded()).isZero();
    }
}
