package dev.dmreplay.ingest.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class CsvTraceSourceTest {

    /** time, device, action letter, R/W, sector, bytes, sequence. */
    record Ev(long t, DevNo dev, String act, String rw, long sector, int bytes, int seq) {
        static Ev of(BlockEvent e) {
            return new Ev(e.time(), e.dev(), e.kind().letters(), e.isWrite() ? "W" : "R", e.sector(), e.bytes(),
                    e.sequence());
        }
    }

    static List<BlockEvent> read(CsvTraceSource s) throws IOException {
        List<BlockEvent> out = new ArrayList<>();
        try (s) {
            for (BlockEvent e = s.next(); e != null; e = s.next()) {
                out.add(e);
            }
        }
        return out;
    }

    static InputStream res(String name) {
        return CsvTraceSourceTest.class.getResourceAsStream("/csv/" + name);
    }

    static CsvTraceSource text(String text, CsvTraceFormat f, long window, ReadOptions o) throws IOException {
        return new CsvTraceSource("t.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), f, window,
                o);
    }

    @Test
    void msrQueuesAndCompletionsInTimeOrder() throws IOException {
        CsvTraceSource s = new CsvTraceSource("msr", res("msr-sample.csv"), null, CsvTraceSource.DEFAULT_WINDOW_NS,
                ReadOptions.STRICT);
        assertThat(s.format()).isEqualTo(CsvTraceFormat.MSR);
        List<BlockEvent> es = read(s);
        DevNo hm1 = new DevNo(240, 3 * 16 + 1);
        DevNo hm0 = new DevNo(240, 3 * 16);
        DevNo src12 = new DevNo(240, 6 * 16 + 2);
        assertThat(es).map(Ev::of).containsExactly(
                new Ev(0, hm1, "Q", "R", 13700410, 24576, 1),
                new Ev(4_128_600, hm1, "C", "R", 13700410, 24576, 2),
                new Ev(1_331_037_100L, hm1, "Q", "W", 2573144, 4096, 3),
                new Ev(1_331_157_100L, hm1, "C", "W", 2573144, 4096, 4),
                new Ev(1_332_052_600L, hm1, "Q", "W", 2573128, 8192, 5),
                new Ev(1_332_248_900L, hm1, "C", "W", 2573128, 8192, 6),
                new Ev(2_332_061_600L, hm0, "Q", "R", 6160416, 4096, 1),
                new Ev(2_332_070_300L, hm0, "C", "R", 6160416, 4096, 2),
                new Ev(3_332_061_700L, src12, "Q", "W", 0, 1024, 1),
                new Ev(3_332_061_700L, src12, "C", "W", 0, 1024, 2));
        assertThat(es.get(0).action()).isEqualTo(Action.QUEUE.code() | Category.QUEUE | Category.READ);
        assertThat(es.get(1).action()).isEqualTo(Action.COMPLETE.code() | Category.COMPLETE | Category.READ);
        assertThat(es.get(2).rwbs()).isEqualTo("W");
    }

    @Test
    void outOfOrderBeyondTheWindowIsAnErrorOrSkipped() throws IOException {
        assertThatThrownBy(() -> read(new CsvTraceSource("msr", res("msr-sample.csv"), null, 0, ReadOptions.STRICT)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage("msr:3: MSR: out of order by 1015500 ns, more than the reorder window of 0 ns");
        CsvTraceSource lenient = new CsvTraceSource("msr", res("msr-sample.csv"), null, 0, ReadOptions.LENIENT);
        List<BlockEvent> es = read(lenient);
        assertThat(es).hasSize(8);
        assertThat(lenient.skipped().count()).isEqualTo(1);
        assertThat(lenient.skipped().first()).singleElement().asString().startsWith("msr:3: MSR: out of order");
        for (int i = 1; i < es.size(); i++) {
            assertThat(es.get(i).time()).isGreaterThanOrEqualTo(es.get(i - 1).time());
        }
    }

    @Test
    void alibabaSortedWithinTheWindow() throws IOException {
        List<BlockEvent> es = read(new CsvTraceSource("ali", res("alibaba-sample.csv"), null,
                CsvTraceSource.DEFAULT_WINDOW_NS, ReadOptions.STRICT));
        DevNo d419 = new DevNo(241, 419);
        assertThat(es).map(Ev::of).containsExactly(
                new Ev(0, d419, "Q", "W", 17173304, 16384, 1),
                new Ev(0, d419, "Q", "W", 17173336, 4096, 2),
                new Ev(5_000, d419, "Q", "R", 0, 4096, 3),
                new Ev(12_000, new DevNo(241, 5), "Q", "R", 256, 65536, 1),
                new Ev(1_500_000, new DevNo(241, 999), "Q", "W", 2147483648L, 131072, 1));
    }

    @Test
    void tencentSecondsAndSectors() throws IOException {
        List<BlockEvent> es = read(new CsvTraceSource("tc", res("tencent-sample.csv"), null,
                CsvTraceSource.DEFAULT_WINDOW_NS, ReadOptions.STRICT));
        DevNo v = new DevNo(242, 1063);
        assertThat(es).map(Ev::of).containsExactly(
                new Ev(0, v, "Q", "W", 146426976, 4096, 1),
                new Ev(0, v, "Q", "W", 146426984, 4096, 2),
                new Ev(0, new DevNo(242, 7), "Q", "R", 8, 8192, 1),
                new Ev(1_000_000_000L, v, "Q", "R", 0, 131072, 3));
    }

    @Test
    void cloudPhysicsIsMicrosecondsHexOpcodesAndBlocks() throws IOException {
        CsvTraceSource s = new CsvTraceSource("cp", res("cloudphysics-sample.csv"), null,
                CsvTraceSource.DEFAULT_WINDOW_NS, ReadOptions.STRICT);
        assertThat(s.format()).isEqualTo(CsvTraceFormat.CLOUDPHYSICS);
        List<BlockEvent> es = read(s);
        DevNo v = new DevNo(243, 0);
        assertThat(es).extracting(e -> e.time(), e -> e.dev(), e -> e.rwbs(), e -> e.sector(), e -> e.bytes())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, v, "W", 42932745L, 512),
                        org.assertj.core.groups.Tuple.tuple(0L, v, "W", 42932746L, 512),
                        org.assertj.core.groups.Tuple.tuple(52_000L, v, "R", 100L, 4096),
                        org.assertj.core.groups.Tuple.tuple(102_000L, v, "D", 200L, 8192),
                        org.assertj.core.groups.Tuple.tuple(202_000L, v, "FWS", 0L, 0));
    }

    @Test
    void cloudPhysicsRefusesAnOpcodeThatIsNoReadWriteUnmapOrSync() {
        String text = "version,time,op,size,lbn\n1,10,2a,512,1\n1,20,12,36,0\n";
        assertThatThrownBy(() -> read(text(text, null, 0, ReadOptions.STRICT)))
                .hasMessage("t.csv:3: CLOUDPHYSICS: op '12' is not a SCSI READ, WRITE, UNMAP or SYNCHRONIZE CACHE"
                        + " opcode in hex");
    }

    @Test
    void aHeaderOnlyCsvIsRefusedAsAnEmptyBlktraceSetIs() {
        assertThatThrownBy(() -> read(text("version,time,op,size,lbn\n", null, 0, ReadOptions.STRICT)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage("t.csv:1: CLOUDPHYSICS: no I/O records after the header line");
    }

    @Test
    void sniffing() {
        assertThat(CsvTraceFormat.sniff(List.of(List.of("128166372003061629", "hm", "1", "Read", "7", "4096", "1"))))
                .isEqualTo(CsvTraceFormat.MSR);
        assertThat(CsvTraceFormat.sniff(List.of(List.of("4", "R", "0", "4096", "1577808000000"))))
                .isEqualTo(CsvTraceFormat.ALIBABA);
        assertThat(CsvTraceFormat.sniff(List.of(List.of("1538323200", "0", "8", "1", "3"))))
                .isEqualTo(CsvTraceFormat.TENCENT);
        assertThat(CsvTraceFormat.sniff(List.of(List.of("1538323200", "0", "8", "2", "3")))).isNull();
        assertThat(CsvTraceFormat.sniff(List.of(List.of("a", "b")))).isNull();
    }

    @Test
    void aBadFirstLineDoesNotHideTheFormat() throws IOException {
        String text = "garbage\n1,R,0,4096,1577808000000\n2,W,0,4096,1577808000001\n";
        assertThatThrownBy(() -> read(text(text, null, 0, ReadOptions.STRICT)))
                .hasMessage("t.csv:1: ALIBABA: expected 5 fields (device_id,opcode,offset,length,timestamp), got 1");
        CsvTraceSource lenient = text(text, null, 0, ReadOptions.LENIENT);
        assertThat(read(lenient)).hasSize(2);
        assertThat(lenient.skipped().count()).isEqualTo(1);
    }

    @Test
    void unknownFormatIsAnError() {
        assertThatThrownBy(() -> text("x,y,z\n", null, 0, ReadOptions.STRICT))
                .isInstanceOf(TraceFormatException.class).hasMessageStartingWith("t.csv:1: not a known CSV trace");
        assertThatThrownBy(() -> text("\n\n", null, 0, ReadOptions.STRICT))
                .hasMessage("t.csv: empty: no CSV records to recognise a format from");
    }

    @Test
    void headerLineIsSkipped() throws IOException {
        List<BlockEvent> es = read(text("Timestamp,Offset,Size,IOType,VolumeID\n1538323200,8,8,0,1\n", null, 0,
                ReadOptions.STRICT));
        assertThat(es).hasSize(1);
        assertThat(es.get(0).dev()).isEqualTo(new DevNo(242, 1));
    }

    @Test
    void badRecordsNameLineAndField() throws IOException {
        String msr = "128166372003061629,hm,1,Read,7014609920,24576,41286\n\n"
                + "128166372003061630,hm,1,Erase,7014609920,24576,41286\n"
                + "128166372003061631,hm,1,Read,x,24576,41286\n"
                + "128166372003061632,hm,1,Read,0,24576\n"
                + "128166372003061633,hm,99,Read,0,24576,1\n"
                + "128166372003061634,hm,1,Read,0,8589934592,1\n"
                + "128166372003061635,hm,1,Write,0,512,1\n";
        assertThatThrownBy(() -> read(text(msr, null, 0, ReadOptions.STRICT)))
                .hasMessage("t.csv:3: MSR: Type must be Read or Write, got 'Erase'");
        CsvTraceSource s = text(msr, CsvTraceFormat.MSR, 0, ReadOptions.LENIENT);
        List<BlockEvent> es = read(s);
        assertThat(es).hasSize(4);
        assertThat(s.skipped().count()).isEqualTo(5);
        assertThat(s.skipped().first()).containsExactly(
                "t.csv:3: MSR: Type must be Read or Write, got 'Erase'",
                "t.csv:4: MSR: Offset 'x' is not an unsigned integer",
                "t.csv:5: MSR: expected 7 fields (timestamp,hostname,disknumber,type,offset,size,responsetime), got 6",
                "t.csv:6: MSR: disk number 99 outside 0..15",
                "t.csv:7: MSR: size 8589934592 exceeds the 32-bit byte count of a trace record");
        assertThatThrownBy(() -> read(text("1,R,0,4096,1\n2000000,R,0,4096,1\n", null, 0, ReadOptions.STRICT)))
                .hasMessage("t.csv:2: ALIBABA: device id 2000000 outside the minor range 0..1048575");
    }

    @Test
    void unknownMsrHostsGetNumbersInOrderOfAppearance() throws IOException {
        List<BlockEvent> es = read(text("128166372003061629,zeta,0,Read,0,512,1\n128166372003061630,alpha,1,Read,0,512,1\n"
                + "128166372003061631,usr,2,Read,0,512,1\n",
                null, 0, ReadOptions.STRICT));
        assertThat(es).filteredOn(e -> e.kind() == Action.QUEUE).map(BlockEvent::dev)
                .containsExactly(new DevNo(240, 13 * 16), new DevNo(240, 14 * 16 + 1), new DevNo(240, 2));
    }

    @Test
    void gzipAndTgzInputs() throws IOException {
        byte[] plain = res("tencent-sample.csv").readAllBytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(plain);
        }
        assertThat(read(new CsvTraceSource("gz", new ByteArrayInputStream(gz.toByteArray()), null, 0,
                ReadOptions.STRICT))).hasSize(4);

        ByteArrayOutputStream tgz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(tgz); TarArchiveOutputStream t = new TarArchiveOutputStream(g)) {
            byte[] hour0 = "1538323200,8,8,0,1\n1538323201,16,8,1,1".getBytes(StandardCharsets.US_ASCII);
            byte[] hour1 = "1538326800,24,8,0,2\n".getBytes(StandardCharsets.US_ASCII);
            for (Object[] f : new Object[][] {{"2018-10-01-00.csv", hour0}, {"2018-10-01-01.csv", hour1}}) {
                TarArchiveEntry e = new TarArchiveEntry((String) f[0]);
                e.setSize(((byte[]) f[1]).length);
                t.putArchiveEntry(e);
                t.write((byte[]) f[1]);
                t.closeArchiveEntry();
            }
        }
        List<BlockEvent> es = read(new CsvTraceSource("tgz", new ByteArrayInputStream(tgz.toByteArray()), null,
                CsvTraceSource.DEFAULT_WINDOW_NS, ReadOptions.STRICT));
        assertThat(es).map(BlockEvent::time).containsExactly(0L, 1_000_000_000L, 3_600_000_000_000L);
        assertThat(es.get(2).dev()).isEqualTo(new DevNo(242, 2));
    }
}
