package dev.dmreplay.analyze.latency;

import static dev.dmreplay.analyze.btt.Ev.DM0;
import static dev.dmreplay.analyze.btt.Ev.SDA;
import static dev.dmreplay.analyze.btt.Ev.ev;
import static dev.dmreplay.analyze.btt.Ev.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitCompletionPairingTest {
    private static List<BlockEvent> through(List<BlockEvent> in) throws IOException {
        EventSource src = EventSource.of(in);
        List<BlockEvent> out = new ArrayList<>();
        try (SplitCompletionPairing p = new SplitCompletionPairing(src)) {
            BlockEvent e;
            while ((e = p.next()) != null) {
                out.add(e);
            }
            out.add(null);
            assertThat(p.paired()).isEqualTo(out.stream().filter(x -> x != null && x.sector() == 0
                    && x.sectors() == 2048 && x.kind() == dev.dmreplay.ingest.model.Action.COMPLETE).count());
        }
        return out;
    }

    @Test
    void aSplitDmBiosCompletionTakesTheRangeOfItsQueuedBio() throws IOException {
        // dm-0: Q 0 + 2048, split at 512 (X), completes as its last fragment 1536 + 512
        List<BlockEvent> out = through(List.of(q(0, DM0, 0, 2048), ev('X', 1, DM0, 512, 512, 100),
                ev('C', 9, DM0, 1536, 512, 0)));
        BlockEvent c = out.get(2);
        assertThat(c.sector()).isZero();
        assertThat(c.sectors()).isEqualTo(2048);
        assertThat(c.time()).isEqualTo(9);
    }

    @Test
    void devicesThatNeverSplitAndExactCompletionsAreLeftAlone() throws IOException {
        // sda never traced a split: a completion of a bio's tail stays as it is
        List<BlockEvent> out = through(List.of(q(0, SDA, 0, 16), ev('C', 5, SDA, 8, 8, 0),
                q(6, DM0, 100, 8), ev('X', 7, DM0, 0, 0, 100), ev('C', 8, DM0, 100, 8, 0)));
        assertThat(out.get(1).sector()).isEqualTo(8);
        assertThat(out.get(4).sector()).isEqualTo(100);
        assertThat(out.get(4).sectors()).isEqualTo(8);
    }
}
