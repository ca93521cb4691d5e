package dev.dmreplay.ingest.blkparse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlkparseWriterTest {
    private static final int SDA = 8 << 20;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final BlkparseWriter w = new BlkparseWriter(out, List.of("sda"),
            new BlkparseWriter.Options(false, true, new PrintStream(err, true, StandardCharsets.UTF_8)));

    private static BlockEvent ev(long time, int seq, long sector, int bytes, int action, int pid, byte[] pdu) {
        return new BlockEvent(time, seq, sector, bytes, action, pid, SDA, 0, 0, pdu);
    }

    private static byte[] comm(String name) {
        return java.util.Arrays.copyOf(name.getBytes(StandardCharsets.ISO_8859_1), 16);
    }

    private String text() throws IOException {
        w.finish();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private List<String> eventLines() throws IOException {
        return text().lines().filter(l -> l.matches("^ *\\d+,\\d+ .*")).toList();
    }

    @Test
    void fsTailsFollowBlkparseFormats() throws IOException {
        w.event(new BlockEvent(1_000_000_000L, 0, 0, 0, 0x04000000, 77, SDA, 0, 0, comm("fio")), 0, 0);
        w.event(ev(1_000_000_000L, 1, 2048, 4096, 0x00110001, 77, null), 0, 0);
        w.event(ev(1_000_000_500L, 2, 0, 0, 0x00100009, 77, null), 0, 0);
        w.event(ev(1_000_001_000L, 3, 2048, 4096, 0x0011000d, 77,
                ByteBuffer.allocate(8).putLong((1L << 32) + 2056).array()), 0, 0);
        w.event(ev(1_000_002_000L, 4, 0, 0, 0x0010000b, 88, ByteBuffer.allocate(8).putLong(3).array()), 0, 0);
        w.event(new BlockEvent(3_500_000_000L, 123456789, 2048, 4096, 0x01810008, 0, SDA, 0, 65531, null), 0, 0);
        w.event(ev(3_500_000_001L, 6, 0, 0, 0x00820006, 0, null), 0, 0);
        w.event(ev(3_600_000_000L, 7, 10, 4096, 0x0011000f, 77, ByteBuffer.allocate(16)
                .putInt((253 << 20) | 1).putInt((8 << 20) | 16).putLong(99).array()), 0, 0);
        assertThat(eventLines()).containsExactly(
                "  8,0    0        1     0.000000000    77  Q   R 2048 + 8 [fio]",
                "  8,0    0        2     0.000000500    77  P   N [fio]",
                // X prints the remainder through an unsigned int, as blkparse's get_pdu_int() does
                "  8,0    0        3     0.000001000    77  X   R 2048 / 2056 [fio]",
                "  8,0    0        4     0.000002000    88 UT   N [(null)] 3",
                "  8,0    0 123456789     2.500000000     0  C   R 2048 + 8 [65531]",
                "  8,0    0        6     2.500000001     0  R   W 0 [0]",
                "  8,16   0        7     2.600000000    77  A   R 10 + 8 <- (253,1) 99");
    }

    @Test
    void pcEventsUseByteCountsAndPayloadDumps() throws IOException {
        byte[] cdb = {0x12, 0, 0, 0, 0x24, 0, 0, 0, 0, 0, 0, 0};
        w.event(ev(10, 1, 0, 36, 0x02010007, 5, cdb), 0, 0);
        w.event(ev(20, 2, 0, 36, 0x02810008, 0, cdb), 0, 0);
        w.event(ev(30, 3, 0, 36, 0x02210006, 0, cdb), 0, 0);
        w.event(ev(40, 4, 0, 0, 0x02100009, 5, null), 0, 0);
        String text = text();
        assertThat(text.lines().filter(l -> l.startsWith("  8,0")).toList()).containsExactly(
                "  8,0    0        1     0.000000000     5  D   R 36 (12 00 00 00 24 00 ..) [(null)]",
                "  8,0    0        2     0.000000010     0  C   R (12 00 00 00 24 00 ..) [0]",
                "  8,0    0        3     0.000000020     0  R   R [0]");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Bad pc action 9\n");
        assertThat(text).contains(" PC Reads Queued:        0,        0KiB\t PC Writes Queued:        0,        0KiB\n")
                .contains(" PC Reads Req.:          1\t\t PC Writes Req.:          0\n")
                .contains("Events (sda): 4 entries\n");
    }

    @Test
    void droppedRecordsAreCountedAsBlkparseCountsThem() throws IOException {
        w.event(ev(10, 1, 8, 4096, 0x00110010, 5, null), 0, 0); // ABORT: "Bad fs action", counted
        w.event(ev(20, 2, 8, 4096, 0x40010011, 5, new byte[] {1, 2}), 0, 0); // DRV_DATA: counted, no line
        byte[] cg = "\1\2\3\4\5\6\7\10cgroup note".getBytes(StandardCharsets.ISO_8859_1);
        w.event(new BlockEvent(25, 0, 0, 0, 0x04000102, 0, SDA, 0, 0, cg), 0, 0); // flagged message: ignored
        w.event(new BlockEvent(30, 0, 0, 0, 0x04000002, 0, SDA, 1, 0,
                "marker\0junk".getBytes(StandardCharsets.ISO_8859_1)), 0, 1);
        w.event(ev(40, 3, 8, 4096, 0x0000000d, 5, new byte[8]), 0, 0); // no category bit: not shown
        String text = text();
        assertThat(text).startsWith("  8,0    1        0     0.000000020     0  m   N marker\n")
                .contains("CPU0 (sda):").contains("CPU1 (sda):").contains("Events (sda): 3 entries\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Bad fs action 110010\n");
        assertThat(w.sawDriverData()).isTrue();
        assertThat(w.badActions()).isEqualTo(1);
    }

    @Test
    void summaryShowsDepthThroughputAndTotal() throws IOException {
        w.event(ev(0, 1, 0, 1 << 20, 0x01410007, 1, null), 0, 0);
        w.event(ev(1, 2, 2048, 1 << 20, 0x01410007, 1, null), 0, 1);
        w.event(ev(1_000_000_000L, 3, 0, 1 << 20, 0x01810008, 0, null), 0, 0);
        w.event(ev(2_000_000_000L, 4, 2048, 1 << 20, 0x01810008, 0, null), 0, 1);
        String text = text();
        assertThat(text.substring(text.indexOf("CPU0 (sda):"))).isEqualTo("CPU0 (sda):\n"
                + " Reads Queued:           0,        0KiB\t Writes Queued:           0,        0KiB\n"
                + " Read Dispatches:        1,     1024KiB\t Write Dispatches:        0,        0KiB\n"
                + " Reads Requeued:         0\t\t Writes Requeued:         0\n"
                + " Reads Completed:        1,     1024KiB\t Writes Completed:        0,        0KiB\n"
                + " Read Merges:            0,        0KiB\t Write Merges:            0,        0KiB\n"
                + " Read depth:             2        \t Write depth:             0\n"
                + " IO unplugs:             0        \t Timer unplugs:           0\n"
                + "CPU1 (sda):\n"
                + " Reads Queued:           0,        0KiB\t Writes Queued:           0,        0KiB\n"
                + " Read Dispatches:        1,     1024KiB\t Write Dispatches:        0,        0KiB\n"
                + " Reads Requeued:         0\t\t Writes Requeued:         0\n"
                + " Reads Completed:        1,     1024KiB\t Writes Completed:        0,        0KiB\n"
                + " Read Merges:            0,        0KiB\t Write Merges:            0,        0KiB\n"
                + " Read depth:             2        \t Write depth:             0\n"
                + " IO unplugs:             0        \t Timer unplugs:           0\n"
                + "\n"
                + "Total (sda):\n"
                + " Reads Queued:           0,        0KiB\t Writes Queued:           0,        0KiB\n"
                + " Read Dispatches:        2,     2048KiB\t Write Dispatches:        0,        0KiB\n"
                + " Reads Requeued:         0\t\t Writes Requeued:         0\n"
                + " Reads Completed:        2,     2048KiB\t Writes Completed:        0,        0KiB\n"
                + " Read Merges:            0,        0KiB\t Write Merges:            0,        0KiB\n"
                + " IO unplugs:             0        \t Timer unplugs:           0\n"
                + "\n"
                + "Throughput (R/W): 1024KiB/s / 0KiB/s\n"
                + "Events (sda): 4 entries\n"
                + "Skips: 0 forward (0 -   0.0%)\n");
    }

    @Test
    void sizeConversionAndGrouping() {
        BlkparseSummary plain = new BlkparseSummary(false);
        assertThat(plain.cnv(8524, true)).isEqualTo("    8524K");
        assertThat(plain.cnv(2_500_000, true)).isEqualTo("    2500M");
        assertThat(plain.cnv(1_000_000, false)).isEqualTo(" 1000000");
        assertThat(plain.cnv(1_000_001, false)).isEqualTo("    1000K");
        assertThat(plain.cnv(7_000_000_000_000L, false)).isEqualTo("    7000G");
        assertThat(plain.cnv(-1L, true)).isEqualTo("18446744073P");
        BlkparseSummary grouped = new BlkparseSummary(true);
        assertThat(grouped.cnv(999_999, false)).isEqualTo(" 999,999");
        assertThat(grouped.num(1_234_567)).isEqualTo("1,234,567");
        assertThat(grouped.num(100)).isEqualTo("100");
    }

    @Test
    void sourceWithoutInputsIsSummarisedPerDevice() throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        BlkparseWriter pw = new BlkparseWriter(o, List.of(), BlkparseWriter.Options.DEFAULT);
        pw.event(new BlockEvent(0, 1, 0, 512, 0x00110001, 1, (253 << 20), 2, 0, null));
        pw.event(new BlockEvent(5, 1, 0, 512, 0x00110001, 1, SDA, 0, 0, null));
        pw.finish();
        String text = o.toString(StandardCharsets.ISO_8859_1);
        assertThat(text).contains("CPU2 (253,0):").contains("Events (253,0): 1 entries")
                .contains("\n\nCPU0 (8,0):").contains("Events (8,0): 1 entries");
        assertThat(text.indexOf("253,0):")).isLessThan(text.indexOf("(8,0):"));
    }
}
