package dev.dmreplay.analyze.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompletionTimelineTest {

    @Test
    void countsPerMicrosecondWhileTheRunIsShort() {
        CompletionTimeline t = new CompletionTimeline();
        t.add(100);
        t.add(900);
        t.add(2_500);
        CompletionTimeline.Report r = t.report();
        assertThat(r.bucketNs()).isEqualTo(1_000);
        assertThat(r.counts()).containsExactly(2, 0, 1);
        assertThat(r.total()).isEqualTo(3);
    }

    @Test
    void widensByMergingPairsAndKeepsEveryCompletion() {
        CompletionTimeline t = new CompletionTimeline();
        for (long us = 0; us < 5_000; us++) {
            t.add(us * 1_000);
        }
        CompletionTimeline.Report r = t.report();
        // 5000 us need 8 us buckets to fit in 1024: 625 buckets of 8 completions each
        assertThat(r.bucketNs()).isEqualTo(8_000);
        assertThat(r.counts()).hasSize(625).containsOnly(8);
        assertThat(r.total()).isEqualTo(5_000);
    }

    @Test
    void theSameCompletionsGiveTheSameBucketsWhateverTheOrder() {
        CompletionTimeline a = new CompletionTimeline();
        CompletionTimeline b = new CompletionTimeline();
        long[] times = {3_000_000, 10, 2_999_999, 1_500_000, 7};
        for (long x : times) {
            a.add(x);
        }
        for (int i = times.length - 1; i >= 0; i--) {
            b.add(times[i]);
        }
        assertThat(a.report()).isEqualTo(b.report());
    }
}
