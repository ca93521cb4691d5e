package dev.dmreplay.analyze.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.analyze.btt.Ev;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    /** Yields {@code n} Q records, then fails if {@code failAt} is reached. */
    static EventSource counting(int n, int failAt) {
        return new EventSource() {
            int i;

            @Override
            public BlockEvent next() throws IOException {
                if (i == failAt) {
                    throw TraceFormatException.of("t.bin", "bad record " + i);
                }
                return i < n ? Ev.q(i++, Ev.SDA, 0, 8) : null;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void keepsOrderAcrossBatches() throws IOException {
        try (ReadAhead r = new ReadAhead(counting(10_000, -1))) {
            for (int i = 0; i < 10_000; i++) {
                assertThat(r.next().time()).isEqualTo(i);
            }
            assertThat(r.next()).isNull();
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void rethrowsTheSourcesErrorAfterTheRecordsBeforeIt() throws IOException {
        try (ReadAhead r = new ReadAhead(counting(10_000, 5_000))) {
            for (int i = 0; i < 5_000; i++) {
                assertThat(r.next().time()).isEqualTo(i);
            }
            assertThatThrownBy(r::next).isInstanceOf(TraceFormatException.class).hasMessageContaining("bad record");
        }
    }
}
