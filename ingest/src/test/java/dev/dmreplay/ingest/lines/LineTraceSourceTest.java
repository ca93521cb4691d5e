package dev.dmreplay.ingest.lines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.ingest.records.IoRecordStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineTraceSourceTest {

    /** time, device, action letters, rwbs, sector, bytes. */
    record Ev(long t, DevNo dev, String act, String rwbs, long sector, int bytes) {
        static Ev of(BlockEvent e) {
            return new Ev(e.time(), e.dev(), e.kind().letters(), e.rwbs(), e.sector(), e.bytes());
        }
    }

    static List<Ev> read(LineTraceSource s) throws IOException {
        List<Ev> out = new ArrayList<>();
        try (s) {
            for (BlockEvent e = s.next(); e != null; e = s.next()) {
                out.add(Ev.of(e));
            }
        }
        return out;
    }

    static LineTraceSource res(String name, LineTraceFormat f) throws IOException {
        InputStream in = LineTraceSourceTest.class.getResourceAsStream("/lines/" + name);
        return new LineTraceSource(name, in, f, IoRecordStream.DEFAULT_WINDOW_NS, ReadOptions.STRICT);
    }

    static LineTraceSource text(String text, ReadOptions o) throws IOException {
        return new LineTraceSource("t.txt", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null,
                IoRecordStream.DEFAULT_WINDOW_NS, o);
    }

    @Test
    void blkreplayLoadIsSecondsAndSectorsWithAFreeTextHeader() throws IOException {
        LineTraceSource s = res("sample.load", null);
        assertThat(s.format()).isEqualTo(LineTraceFormat.BLKREPLAY);
        DevNo d = new DevNo(244, 0);
        assertThat(read(s)).containsExactly(
                new Ev(0, d, "Q", "W", 1000, 64 * 512),
                new Ev(449_518_165, d, "Q", "W", 1064, 14 * 512),
                new Ev(456_676_896, d, "Q", "R", 0, 512),
                new Ev(456_676_896, d, "Q", "R", 8192, 8 * 512));
    }

    @Test
    void mqsimIntegerTimesAreNanosecondsAndFlagBit0IsRead() throws IOException {
        LineTraceSource s = res("sample-mqsim.trace", null);
        assertThat(s.format()).isEqualTo(LineTraceFormat.DISKSIM);
        assertThat(read(s)).containsExactly(
                new Ev(0, new DevNo(245, 0), "Q", "R", 2048, 16 * 512),
                new Ev(500, new DevNo(245, 1), "Q", "W", 4096, 8 * 512),
                new Ev(1500, new DevNo(245, 0), "Q", "R", 2064, 16 * 512));
    }

    @Test
    void disksimDecimalTimesAreMilliseconds() throws IOException {
        List<Ev> es = read(res("sample-disksim.trace", null));
        assertThat(es).extracting(Ev::t).containsExactly(0L, 1_250_000L, 2_500_125L);
        assertThat(es.get(1).dev()).isEqualTo(new DevNo(245, 1)); // devices numbered in order of appearance
        assertThat(es.get(1).rwbs()).isEqualTo("W");
    }

    @Test
    void iologV3KeepsItsTimesAndMapsTrimAndSync() throws IOException {
        LineTraceSource s = res("sample-v3.iolog", null);
        assertThat(s.format()).isEqualTo(LineTraceFormat.FIO_IOLOG);
        DevNo vdb = new DevNo(246, 0);
        DevNo vdc = new DevNo(246, 1);
        assertThat(read(s)).containsExactly(
                new Ev(0, vdb, "Q", "W", 0, 4096),
                new Ev(50_000, vdb, "Q", "D", 8, 8192),
                new Ev(60_000, vdc, "Q", "R", 2048, 65536),
                new Ev(70_000, vdb, "Q", "FWS", 0, 0));
        assertThat(s.deviceNames()).containsEntry(vdb, "/dev/vdb").containsEntry(vdc, "/dev/vdc");
    }

    @Test
    void iologV2TimesAreTheSumOfWaits() throws IOException {
        assertThat(read(res("sample-v2.iolog", null))).extracting(Ev::t, Ev::sector)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 0L),
                        org.assertj.core.groups.Tuple.tuple(500_000L, 16L),
                        org.assertj.core.groups.Tuple.tuple(750_000L, 32L));
    }

    @Test
    void biosnoopQueuesAtCompletionMinusLatencyAndCompletesAtTime() throws IOException {
        LineTraceSource s = res("sample-biosnoop.txt", null);
        assertThat(s.format()).isEqualTo(LineTraceFormat.BIOSNOOP);
        List<Ev> es = read(s);
        // the first write: completed at 4 us after 0.74 ms, so queued at -736 us: the earliest, time 0
        DevNo xvda1 = new DevNo(247, 0);
        assertThat(es.get(0)).isEqualTo(new Ev(0, xvda1, "Q", "W", 13092560, 4096));
        assertThat(es).filteredOn(e -> e.act().equals("C") && e.sector() == 13092560)
                .extracting(Ev::t).containsExactly(740_000L);
        // COMM with a space, and an empty preflush as a flush
        assertThat(es).filteredOn(e -> e.dev().equals(new DevNo(247, 1))).extracting(Ev::act, Ev::rwbs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Q", "R"),
                        org.assertj.core.groups.Tuple.tuple("C", "R"));
        assertThat(es).filteredOn(e -> e.rwbs().equals("FWS")).hasSize(2);
        assertThat(s.deviceNames()).containsEntry(new DevNo(247, 1), "xvdb");
    }

    @Test
    void biosnoopQueueColumnMovesTheQueueTimeBack() throws IOException {
        List<Ev> es = read(res("sample-biosnoop-q.txt", null));
        // first: done 1.0 s, LAT 0.40 + QUE 0.10 -> queued 0.9995 s (the origin); completes 0.5 ms later
        assertThat(es.get(0)).isEqualTo(new Ev(0, new DevNo(247, 0), "Q", "W", 4096, 4096));
        assertThat(es).filteredOn(e -> e.act().equals("C") && e.sector() == 4096).extracting(Ev::t)
                .containsExactly(500_000L);
    }

    @Test
    void badLineNamesFileLineAndWhatWasExpected() {
        String t = "fio version 3 iolog\n10 /dev/x write 0 4096\n20 /dev/x scribble 0 4096\n";
        assertThatThrownBy(() -> read(text(t, ReadOptions.STRICT)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("t.txt:3")
                .hasMessageContaining("unknown action 'scribble'");
    }

    @Test
    void lenientSkipsAndCountsBadLines() throws IOException {
        String t = "1000 0 2048 16 1\n1500 x 4096 8 0\n2500 0 2064 16 1\n3000 0 2064 16\n";
        LineTraceSource s = new LineTraceSource("t.trace", new ByteArrayInputStream(t.getBytes(StandardCharsets.UTF_8)),
                LineTraceFormat.DISKSIM, IoRecordStream.DEFAULT_WINDOW_NS, ReadOptions.LENIENT);
        assertThat(read(s)).hasSize(2);
        assertThat(s.skipped().count()).isEqualTo(2);
        assertThat(s.skipped().first()).anyMatch(m -> m.startsWith("t.trace:2:") && m.contains("device 'x'"))
                .anyMatch(m -> m.startsWith("t.trace:4:") && m.contains("expected 5 fields"));
    }

    @Test
    void unknownTextIsRefusedWithTheFormatsItCouldHaveBeen() {
        assertThatThrownBy(() -> text("hello world\n", ReadOptions.STRICT))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("t.txt:1").hasMessageContaining("fio iolog");
    }

    @Test
    void aTraceWithNoIoIsRefusedAsAnEmptyBlktraceSetIs() {
        assertThatThrownBy(() -> read(text("fio version 3 iolog\n10 /dev/x add\n10 /dev/x open\n", ReadOptions.STRICT)))
                .isInstanceOf(TraceFormatException.class).hasMessage("t.txt:3: fio iolog: no I/O records");
    }

    @Test
    void v3IologRefusesWait() {
        String t = "fio version 3 iolog\n10 /dev/x wait 100 0\n";
        assertThatThrownBy(() -> read(text(t, ReadOptions.STRICT))).hasMessageContaining("t.txt:2")
                .hasMessageContaining("'wait' is not allowed");
    }
}
