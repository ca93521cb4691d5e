package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Strategy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading the trace on a thread of its own changes nothing: the run, every observation, and where each Q record
 * went are those of the model reading the trace itself, also when the run stops before the trace's end.
 */
class ReadAheadReplayTest {
    private static Path bundle(String name) {
        return QueueAccountingTest.traces().resolve(name);
    }

    /** Everything a run shows: its result, its observations in order, and the workload's counts. */
    private static List<String> replay(TraceReplay.Setup s, boolean readAhead) throws Exception {
        TraceReplay.Prepared p = TraceReplay.prepare(s);
        p.workload().readAhead(readAhead);
        return RunTranscript.of(p, s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"real-striped", "real-snapshot2", "real-thin-snap", "real-mirror", "real-crypt-striped"})
    void aReplayIsTheSameWithTheTraceReadAhead(String name) throws Exception {
        TraceReplay.Setup s = TraceReplay.Setup.builder(bundle(name)).knobs(Strategy.DF.knobs).build();
        List<String> inline = replay(s, false);
        assertThat(inline.size()).isGreaterThan(1000);
        assertThat(replay(s, true)).isEqualTo(inline);
    }

    @Test
    void aRunStoppedEarlyCountsTheSameQueueRecords() throws Exception {
        // the time limit stops the model long before the trace's end: the counts are those read up to the last
        // bio the model took, not what the reader thread had read ahead
        TraceReplay.Setup s = TraceReplay.Setup.builder(bundle("real-striped"))
                .options(new ReplayRun.Options(1_000_000_000L, 1_000_000_000L)).build();
        List<String> inline = replay(s, false);
        List<String> ahead = replay(s, true);
        assertThat(ahead).isEqualTo(inline);
        // as before the reader thread (the model reading in line, one event ahead): 1625 picked, 1624 handed over
        assertThat(ahead.subList(ahead.size() - 2, ahead.size())).containsExactly("3273 Q records: 1625 submitted, 1648"
                + " skipped (1648 remapped clone (A before Q): the model makes its own)",
                "1624 requests, 0 held, exhausted false");
    }

    @Test
    void aReadErrorIsThrownAfterTheEventsBeforeIt() throws IOException {
        List<BlockEvent> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            events.add(new BlockEvent(i, i, i, 512, 0x00010001, 1, 8, 0, 0, null));
        }
        EventSource failing = new EventSource() {
            private int i;

            @Override
            public BlockEvent next() {
                if (i == events.size()) {
                    throw TraceFormatException.of("t", "bad record");
                }
                return events.get(i++);
            }

            @Override
            public void close() {
            }
        };
        try (ReadAheadSource r = ReadAheadSource.of(failing)) {
            for (BlockEvent e : events) {
                assertThat(r.next()).isSameAs(e);
            }
            assertThatThrownBy(r::next).isInstanceOf(TraceFormatException.class).hasMessageContaining("bad record");
        }
    }

    @Test
    void closingBeforeTheEndStopsTheReaderAndClosesTheSource() throws IOException {
        boolean[] closed = new boolean[1];
        EventSource endless = new EventSource() {
            private long t;

            @Override
            public BlockEvent next() {
                t++;
                return new BlockEvent(t, (int) t, t, 512, 0x00010001, 1, 8, 0, 0, null);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        ReadAheadSource r = ReadAheadSource.of(endless);
        assertThat(r.next().time()).isEqualTo(1);
        r.close();
        assertThat(closed[0]).isTrue();
    }
}
