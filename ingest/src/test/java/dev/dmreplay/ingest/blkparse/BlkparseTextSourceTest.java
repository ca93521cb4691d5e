package dev.dmreplay.ingest.blkparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class BlkparseTextSourceTest {

    static List<BlockEvent> readAll(String name, ReadOptions o) throws IOException {
        try (BlkparseTextSource s = new BlkparseTextSource(name, resource(name), o)) {
            List<BlockEvent> out = new ArrayList<>();
            for (BlockEvent e = s.next(); e != null; e = s.next()) {
                out.add(e);
            }
            return out;
        }
    }

    static InputStream resource(String name) {
        InputStream in = BlkparseTextSourceTest.class.getResourceAsStream("/blkparse-text/" + name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    static List<BlockEvent> parse(String text) throws IOException {
        return parse(text, ReadOptions.STRICT);
    }

    static List<BlockEvent> parse(String text, ReadOptions o) throws IOException {
        try (BlkparseTextSource s = new BlkparseTextSource("t.txt",
                new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), o)) {
            List<BlockEvent> out = new ArrayList<>();
            for (BlockEvent e = s.next(); e != null; e = s.next()) {
                out.add(e);
            }
            return out;
        }
    }

    static BlockEvent only(String line) throws IOException {
        List<BlockEvent> es = parse(line + "\n");
        List<BlockEvent> real = es.stream().filter(e -> e.kind() != Action.NOTIFY_PROCESS).toList();
        assertThat(real).hasSize(1);
        return real.get(0);
    }

    static List<String> lines(String name) throws IOException {
        InputStream in = resource(name);
        if (name.endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            return r.lines().toList();
        }
    }

    /**
     * Every event read from default text matches, field by field, what blkparse printed for the same binary
     * record with an all-fields {@code -f} format (device, cpu, sequence, time, pid, action, RWBS, sector,
     * bytes, error, PDU u64, PC payload, command name).
     */
    private static void matchesFieldsOracle(String defaultName, String fieldsName) throws IOException {
        List<BlockEvent> events = readAll(defaultName, ReadOptions.STRICT);
        List<String> fields = lines(fieldsName);
        Map<Integer, String> comm = new HashMap<>();
        int fi = 0;
        int compared = 0;
        for (BlockEvent e : events) {
            if (e.kind() == Action.NOTIFY_PROCESS) {
                comm.put(e.pid(), e.text());
                continue;
            }
            String line = fields.get(fi++);
            String ctx = "event " + e + " vs fields line " + fi + ": " + line;
            if (e.kind() == Action.NOTIFY_MESSAGE) {
                assertThat(line).as(ctx).endsWith(" m   N " + e.text());
                continue;
            }
            String[] f = line.split("\\|", -1);
            assertThat(f).as(ctx).hasSize(15);
            assertThat(e.dev()).as(ctx).isEqualTo(DevNo.parse(f[0].strip()));
            assertThat(e.cpu()).as(ctx).isEqualTo(Integer.parseInt(f[1]));
            assertThat(e.sequence()).as(ctx).isEqualTo(Integer.parseInt(f[2]));
            assertThat(e.time()).as(ctx).isEqualTo(Long.parseLong(f[3]) * 1_000_000_000L + Long.parseLong(f[4]));
            assertThat(e.pid()).as(ctx).isEqualTo(Integer.parseInt(f[5]));
            assertThat(e.kind().letters()).as(ctx).isEqualTo(f[6]);
            assertThat(e.rwbs()).as(ctx).isEqualTo(f[7]);
            assertThat(e.error()).as(ctx).isEqualTo(Integer.parseInt(f[11]));
            boolean pc = !f[13].isEmpty() || e.isPc();
            if (e.kind() == Action.SPLIT) {
                // X prints no size: the first part is kept, the record had the whole bio
                assertThat(e.sector()).as(ctx).isEqualTo(Long.parseLong(f[8]));
                assertThat(e.pduU64()).as(ctx).isEqualTo(Long.parseLong(f[12]));
                assertThat(e.bytes()).as(ctx).isPositive().isLessThanOrEqualTo(Integer.parseInt(f[9]));
            } else if (pc) {
                assertThat(e.isPc()).as(ctx).isTrue();
                assertThat(e.bytes()).as(ctx).isEqualTo(Integer.parseInt(f[9]));
                assertThat(hex(e.pdu())).as(ctx).isEqualTo(f[13]);
            } else {
                assertThat(e.sector()).as(ctx).isEqualTo(Long.parseLong(f[8]));
                assertThat(e.bytes()).as(ctx).isEqualTo(Integer.parseInt(f[9]));
                if (e.kind() == Action.UNPLUG_IO || e.kind() == Action.UNPLUG_TIMER) {
                    assertThat(e.pduU64()).as(ctx).isEqualTo(Long.parseLong(f[12]));
                }
            }
            if (e.kind() != Action.REMAP && e.kind() != Action.COMPLETE && e.kind() != Action.REQUEUE) {
                assertThat(comm.get(e.pid())).as(ctx).isEqualTo(f[14]);
            }
            compared++;
        }
        assertThat(fi).isEqualTo(fields.size());
        assertThat(compared).isGreaterThan(0);
    }

    /** blkparse's PC dump as {@code %P} prints it: %02x bytes, " .." once only zeros follow. */
    static String hex(byte[] pdu) {
        if (pdu.length == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pdu.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", pdu[i] & 0xff));
            boolean restZero = true;
            for (int j = i; j < pdu.length; j++) {
                restZero &= pdu[j] == 0;
            }
            if (restZero && i + 1 < pdu.length) {
                sb.append(" ..");
                break;
            }
        }
        return sb.toString();
    }

    @Test
    void tinyMatchesBlkparseFields() throws IOException {
        matchesFieldsOracle("tiny.default.txt", "tiny.fields.txt");
        List<BlockEvent> es = readAll("tiny.default.txt", ReadOptions.STRICT);
        assertThat(es.stream().filter(e -> e.kind() != Action.NOTIFY_PROCESS).count()).isEqualTo(97);
    }

    @Test
    void mixMatchesBlkparseFieldsEveryAction() throws IOException {
        matchesFieldsOracle("mix.default.txt.gz", "mix.fields.txt.gz");
        List<BlockEvent> es = readAll("mix.default.txt.gz", ReadOptions.STRICT);
        assertThat(es.stream().map(e -> e.kind().letters()).distinct())
                .contains("Q", "G", "I", "D", "C", "M", "F", "S", "R", "P", "U", "UT", "X", "B", "A", "m", "-");
        BlockEvent remap = es.stream().filter(e -> e.kind() == Action.REMAP).findFirst().orElseThrow();
        assertThat(DevNo.ofKernel(remap.remapFromDevice())).isEqualTo(new DevNo(253, 0));
        assertThat(remap.remapToDevice()).isEqualTo(remap.device());
    }

    @Test
    void trackedOutputWithTrailingNoticesGivesTheSameEvents() throws IOException {
        assertThat(readAll("mix.track.txt.gz", ReadOptions.STRICT))
                .isEqualTo(readAll("mix.default.txt.gz", ReadOptions.STRICT));
    }

    static Map<DevNo, String> names(String name) throws IOException {
        try (BlkparseTextSource s = new BlkparseTextSource(name, resource(name), ReadOptions.STRICT)) {
            while (s.next() != null) {
                // read to the end: the summary follows the events
            }
            return s.deviceNames();
        }
    }

    @Test
    void deviceNamesFromTheSummary() throws IOException {
        assertThat(names("mix.default.txt.gz")).containsExactly(Map.entry(new DevNo(8, 0), "sda"),
                Map.entry(new DevNo(8, 16), "sdb"), Map.entry(new DevNo(253, 0), "dm-0"));
        assertThat(names("mix.track.txt.gz")).hasSize(3);
        assertThat(names("tiny.default.txt")).containsExactly(Map.entry(new DevNo(8, 0), "sda"));
        assertThat(names("tiny.per_program.txt")).containsExactly(Map.entry(new DevNo(8, 0), "sda"));
        try (BlkparseTextSource quiet = new BlkparseTextSource("q", new ByteArrayInputStream(
                "  8,0    0        1     0.000000001  100  Q   R 8 + 8 [fio]\n".getBytes(StandardCharsets.US_ASCII)),
                ReadOptions.STRICT)) {
            while (quiet.next() != null) {
                // -q output: no summary, no names
            }
            assertThat(quiet.deviceNames()).isEmpty();
        }
    }

    @Test
    void perProgramStatisticsAreSkipped() throws IOException {
        assertThat(readAll("tiny.per_program.txt", ReadOptions.STRICT))
                .isEqualTo(readAll("tiny.default.txt", ReadOptions.STRICT));
    }

    @Test
    void headerWithWideColumns() throws IOException {
        BlockEvent e = only("259,1048575 127 4294967295 123456.000000001 4194303  Q WFS 18446744073709551 + 8 [db]");
        assertThat(e.dev()).isEqualTo(new DevNo(259, 1048575));
        assertThat(e.cpu()).isEqualTo(127);
        assertThat(e.sequence()).isEqualTo(-1); // u32 0xffffffff
        assertThat(e.time()).isEqualTo(123456_000_000_001L);
        assertThat(e.pid()).isEqualTo(4194303);
        assertThat(e.sector()).isEqualTo(18446744073709551L);
        assertThat(e.rwbs()).isEqualTo("WFS");
        assertThat(e.action() & (Category.WRITE | Category.FUA | Category.SYNC | Category.QUEUE))
                .isEqualTo(Category.WRITE | Category.FUA | Category.SYNC | Category.QUEUE);
    }

    @Test
    void rwbsAndCategoryBits() throws IOException {
        assertThat(only("  8,0    0        1     0.000000000  1 Q FWFSM 8 + 8 [a]").rwbs()).isEqualTo("FWFSM");
        BlockEvent flush = only("  8,16   1       11     0.000025667   201  D  FN [kworker/1:1H]");
        assertThat(flush.action()).isEqualTo(7 | Category.ISSUE | Category.FLUSH | Category.READ | Category.FS);
        assertThat(flush.bytes()).isZero();
        BlockEvent discard = only("  8,0    0      165     0.004771518  1000  Q   D 21639936 + 4096 [x]");
        assertThat(discard.action() & (Category.DISCARD | Category.WRITE)).isEqualTo(Category.DISCARD | Category.WRITE);
        assertThat(discard.rwbs()).isEqualTo("D");
        BlockEvent ra = only("  8,0    0        3     0.000121006  1074  S  RA 201273632 + 8 [kworker/u8:2]");
        assertThat(ra.kind()).isEqualTo(Action.SLEEPRQ);
        assertThat(ra.action() & Category.AHEAD).isNotZero();
        assertThat(only("  8,0  0 1 0.000000001 0  C  WS 0 [0]").rwbs()).isEqualTo("WS");
    }

    @Test
    void everyTail() throws IOException {
        BlockEvent a = only("  8,0    1        1     0.000001313  1111  A   R 169284448 + 32 <- (253,0) 338564704");
        assertThat(a.kind()).isEqualTo(Action.REMAP);
        assertThat(a.pdu()).hasSize(16);
        assertThat(DevNo.ofKernel(a.remapFromDevice())).isEqualTo(new DevNo(253, 0));
        assertThat(DevNo.ofKernel(a.remapToDevice())).isEqualTo(new DevNo(8, 0));
        assertThat(a.remapFromSector()).isEqualTo(338564704L);
        assertThat(a.sectors()).isEqualTo(32);
        BlockEvent x = only("253,0    1        2     0.000001012  1111  X   R 338564704 / 338564736 [mysqld]");
        assertThat(x.pdu()).hasSize(8);
        assertThat(x.pduU64()).isEqualTo(338564736L);
        assertThat(x.rwbs()).isEqualTo("R");
        BlockEvent u = only("  8,16   1        6     0.000007377  1037  U   N [postgres] 12");
        assertThat(u.pduU64()).isEqualTo(12);
        assertThat(only("  8,0    1        4     0.000010780  1037 UT   N [postgres] 1").kind())
                .isEqualTo(Action.UNPLUG_TIMER);
        assertThat(only("  8,0    1        4     0.000010780  1037  T   N [postgres] 1").kind())
                .isEqualTo(Action.UNPLUG_TIMER);
        assertThat(only("  8,0    1        4     0.000003072  1111  P   N [mysqld]").kind()).isEqualTo(Action.PLUG);
        BlockEvent c = only("  8,0    1      154     0.005607219     0  C   R 74457216 + 128 [65531]");
        assertThat(c.error()).isEqualTo(65531);
        assertThat(c.action() & Category.FS).isNotZero();
        BlockEvent bioC = only("253,0    1      101     0.005608249     0  C   R 148910336 + 128 [65531]");
        assertThat(bioC.action()).isEqualTo(8 | Category.COMPLETE | Category.READ);
        BlockEvent fsNoSize = only("  8,16   1        8     0.000004876  1037  Q FWS [postgres]");
        assertThat(fsNoSize.bytes()).isZero();
        assertThat(fsNoSize.rwbs()).isEqualTo("FWS");
        BlockEvent tracked = only("  8,0    0        5     0.000120000  1000  I   R 338165704 + 384 (   13451) [fio]");
        assertThat(tracked.sectors()).isEqualTo(384);
        // blkparse -t prints an unsigned wrap-around for a flush paired with an earlier issue
        BlockEvent wrapped = only("  8,16   1       11     0.000025667   201  D  FN (10131565998039168211) [kworker/1:1H]");
        assertThat(wrapped.rwbs()).isEqualTo("FN");
        assertThat(only("  8,0  0  1  0.000000001  1000  B   W 286438152 + 1024 [fio]").kind())
                .isEqualTo(Action.BOUNCE);
        assertThat(only("  8,0  0  1  0.000000001  1000  R   W 286438152 + 1024 [0]").kind())
                .isEqualTo(Action.REQUEUE);
        assertThat(only("  8,0  0  1  0.000000001  1000  F   W 286438152 + 1024 [fio]").kind())
                .isEqualTo(Action.FRONTMERGE);
    }

    @Test
    void twentyDigitSectorsAsBlkparseAndOurWriterPrintThemReadBack() throws IOException {
        // u64 sectors above Long.MAX_VALUE: blkparse prints them with %llu, and so does our writer
        BlockEvent q = new BlockEvent(1000, 1, -1L, 4096, 0x00100001 | dev.dmreplay.ingest.model.Category.READ, 7,
                8 << 20, 0, 0, null);
        BlockEvent a = new BlockEvent(2000, 2, -2L, 4096, 0x0010000f | dev.dmreplay.ingest.model.Category.READ, 7,
                8 << 20, 0, 0, java.nio.ByteBuffer.allocate(16).putInt(253 << 20).putInt(8 << 20).putLong(-3L).array());
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        BlkparseWriter w = new BlkparseWriter(bos, List.of("sda"), new BlkparseWriter.Options(false, false, null));
        w.event(q, 0, 0);
        w.event(a, 0, 0);
        w.finish();
        String text = bos.toString(StandardCharsets.ISO_8859_1);
        assertThat(text).contains("18446744073709551615 + 8");
        List<BlockEvent> back = parse(text);
        assertThat(back).extracting(BlockEvent::sector).containsExactly(-1L, -2L);
        assertThat(back.get(1).remapFromSector()).isEqualTo(-3L);
        assertThatThrownBy(() -> parse("  8,0    0        1     0.000001000     7  Q   R 184467440737095516150 + 8 [x]\n"))
                .hasMessageContaining("more than 20 digits");
    }

    @Test
    void passThroughLines() throws IOException {
        List<BlockEvent> es = parse("""
                  8,0    1        8     0.000017913  4242  I   R 36 (12 00 00 00 24 00 ..) [smartctl]
                  8,0    1        9     0.000018744  4242  D   R 36 [smartctl]
                  8,0    1       11     0.000109671     0  C   R (12 00 00 00 24 01) [0]
                  8,0    1       12     0.000109672     0  C   N [0]
                """).stream().filter(e -> e.kind() != Action.NOTIFY_PROCESS).toList();
        assertThat(es.get(0).isPc()).isTrue();
        assertThat(es.get(0).bytes()).isEqualTo(36);
        assertThat(es.get(0).pdu()).containsExactly(0x12, 0, 0, 0, 0x24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(es.get(1).pdu()).isEmpty();
        assertThat(es.get(2).pdu()).containsExactly(0x12, 0, 0, 0, 0x24, 1);
        assertThat(es.get(2).bytes()).isEqualTo(36);
        assertThat(es.get(2).rwbs()).isEqualTo("R");
        assertThat(es.get(3).rwbs()).isEqualTo("N");
    }

    @Test
    void processNotesOnFirstSightAndOnRename() throws IOException {
        List<BlockEvent> es = parse("""
                  8,0    0        1     0.000000001  100  Q   R 8 + 8 [fio]
                  8,0    0        2     0.000000002  100  G   R 8 + 8 [fio]
                  8,0    0        3     0.000000003  100  Q   R 16 + 8 [fio-worker]
                  8,0    0        4     0.000000004  200  Q   R 24 + 8 [(null)]
                """);
        assertThat(es).extracting(e -> e.kind().letters()).containsExactly("-", "Q", "G", "-", "Q", "Q");
        assertThat(es.get(0).text()).isEqualTo("fio");
        assertThat(es.get(0).pdu()).hasSize(16);
        assertThat(es.get(0).pid()).isEqualTo(100);
        assertThat(es.get(0).time()).isEqualTo(1);
        assertThat(es.get(3).text()).isEqualTo("fio-worker");
    }

    @Test
    void messagesKeepTheirText() throws IOException {
        BlockEvent m = only("  8,0    0        0     0.000539496     0  m   N blkgen marker  0 [x] <- (1,2)");
        assertThat(m.kind()).isEqualTo(Action.NOTIFY_MESSAGE);
        assertThat(m.text()).isEqualTo("blkgen marker  0 [x] <- (1,2)");
        assertThat(m.time()).isEqualTo(539496);
    }

    @Test
    void strayLinesAndSummaryAreSkipped() throws IOException {
        List<BlockEvent> es = parse("Input file sda.blktrace.0 added\r\n"
                + "  8,0    0        1     0.000000001  100  Q   R 8 + 8 [fio]\r\n"
                + "fio (100)\n Reads Queued:           1,        4KiB\t Writes Queued:           0,        0KiB\n"
                + "CPU0 (sda):\n Read depth:             0        \t Write depth:             0\n\n"
                + "Throughput (R/W): 0KiB/s / 0KiB/s\nEvents (sda): 1 entries\nSkips: 0 forward (0 -   0.0%)\n"
                + "Input file sda.blktrace.1 added\n\n"
                + "discarded traces containing low-level device driver specific data (only available in binary "
                + "output)\n");
        assertThat(es).extracting(e -> e.kind().letters()).containsExactly("-", "Q");
    }

    @Test
    void badLinesStrictNameFileAndLine() {
        assertThatThrownBy(() -> parse("  8,0    0        1     0.000000001  100  Q   R 8 + 8 [fio]\n"
                + "  8,0    0        2     0.000000002  100  Z   R 8 + 8 [fio]\n"))
                .isInstanceOf(TraceFormatException.class).hasMessage("t.txt:2: unknown action 'Z'");
        assertThatThrownBy(() -> parse("  8,0    0        2     0.000000002  100  Q  RW 8 + 8 [fio]\n"))
                .hasMessage("t.txt:1: bad RWBS 'RW' (expected [F]D|W|R|N[F][A][S][M])");
        assertThatThrownBy(() -> parse("hello world\n")).hasMessageStartingWith("t.txt:1: not a blkparse event");
        assertThatThrownBy(() -> parse("  8,0    0        2     0.000000002  100  Q   R 8 + 8 [fio\n"))
                .hasMessage("t.txt:1: missing ']' after the command name");
        assertThatThrownBy(() -> parse("  8,0    0        2     0.000000002  100  A   R 8 + 8 <- (253,0)\n"))
                .hasMessageStartingWith("t.txt:1: expected remapped-from sector");
        assertThatThrownBy(() -> parse("  8,0    0        2     0.000000002  100  Q   R 8 + 8 [fio] extra\n"))
                .hasMessage("t.txt:1: unexpected text after the Q line's tail: 'extra'");
        assertThatThrownBy(() -> parse("  8,0    0        2     0.000000002  100  C   R 8 + 8 [0] x\n"))
                .hasMessageStartingWith("t.txt:1: unexpected text after the C line's tail");
        assertThatThrownBy(() -> parse("  8,0    0        2     0.000000002  100  Q   R [fio]\n"))
                .hasMessageStartingWith("t.txt:1: RWBS 'R' needs a non-zero size");
        assertThatThrownBy(() -> parse("  8,0    0        2     0.0000000020  100  Q   R 8 + 8 [fio]\n"))
                .hasMessageContaining("10 digits after the point");
        assertThatThrownBy(() -> parse("5000,0    0        2     0.000000002  100  Q   R 8 + 8 [fio]\n"))
                .hasMessage("t.txt:1: device 5000,0 out of range");
    }

    @Test
    void lenientSkipsCountsAndReportsTheFirstFew() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append("garbage ").append(i).append('\n');
            sb.append("  8,0    0 ").append(i + 1).append("     0.000000001  100  Q   R 8 + 8 [fio]\n");
        }
        try (BlkparseTextSource s = new BlkparseTextSource("t.txt",
                new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.US_ASCII)), ReadOptions.LENIENT)) {
            int n = 0;
            for (BlockEvent e = s.next(); e != null; e = s.next()) {
                if (e.kind() == Action.QUEUE) {
                    n++;
                }
            }
            assertThat(n).isEqualTo(8);
            assertThat(s.skipped().count()).isEqualTo(8);
            assertThat(s.skipped().first()).hasSize(5);
            assertThat(s.skipped().first().get(1)).startsWith("t.txt:3: not a blkparse event");
            assertThat(s.lines()).isEqualTo(16);
        }
    }

    @Test
    void lastLineWithoutNewlineAndEmptyInput() throws IOException {
        assertThat(parse("  8,0    0        1     0.000000001  100  Q   R 8 + 8 [fio]")).hasSize(2);
        assertThat(parse("")).isEmpty();
    }
}
