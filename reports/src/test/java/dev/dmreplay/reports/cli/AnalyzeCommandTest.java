package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {

    static Path resource(String name) throws Exception {
        return Path.of(AnalyzeCommandTest.class.getResource(name).toURI());
    }

    static String text(String name) throws Exception {
        try (InputStream in = AnalyzeCommandTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void bttModePrintsExactlyWhatBttWrites() throws Exception {
        MainTest.Result r = MainTest.run("analyze", "--btt", resource("/analyze/single/bp.bin").toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(text("/analyze/single/btt-A.avg"));
    }

    @Test
    void defaultReportAddsPercentilesAndWritesFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("res");
        MainTest.Result r = MainTest.run("analyze", resource("/analyze/single/bp.bin").toString(), "-o", out.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("==================== All Devices ====================")
                .contains("==================== Percentiles (dmreplay) ====================")
                .contains("Queue Depth (dmreplay)");
        assertThat(out.resolve("analysis.json")).exists();
        assertThat(out.resolve("intervals.csv")).exists();
        assertThat(out.resolve("latency-per-second.csv")).exists();
        assertThat(Files.readAllLines(out.resolve("queue-depth.csv")).get(0))
                .isEqualTo("second,device,avg_depth,max_depth");
    }

    /** A little-endian dump of D and C records only (a partial trace). */
    static byte[] dispatchCompleteOnly() {
        ByteBuffer b = ByteBuffer.allocate(48 * 8).order(ByteOrder.LITTLE_ENDIAN);
        int dev = 8 << 20;
        for (int i = 0; i < 4; i++) {
            record(b, i + 1, 1_000L * i, 8L * i, 0x01420007, dev);
        }
        for (int i = 0; i < 4; i++) {
            record(b, i + 5, 100_000L + 1_000L * i, 8L * i, 0x01820008, dev);
        }
        return b.array();
    }

    private static void record(ByteBuffer b, int seq, long time, long sector, int action, int dev) {
        b.putInt(0x65617407).putInt(seq).putLong(time).putLong(sector).putInt(4096).putInt(action).putInt(1)
                .putInt(dev).putInt(0).putShort((short) 0).putShort((short) 0);
    }

    @Test
    void partialTraceSaysWhatIsUnavailable(@TempDir Path dir) throws Exception {
        Path dump = dir.resolve("dc.bin");
        Files.write(dump, dispatchCompleteOnly());
        MainTest.Result r = MainTest.run("analyze", dump.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("D2C/rq          ALL           4")
                .contains("Q2C      no Q records in the trace");
    }

    @Test
    void badInputIsOneLineAndLeavesNoFiles(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.bin");
        Files.write(junk, "this is not a blktrace file at all, not even close.....".getBytes(StandardCharsets.US_ASCII));
        Path out = dir.resolve("res");
        MainTest.Result r = MainTest.run("analyze", junk.toString(), "-o", out.toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("dmreplay: ").doesNotContain("Exception");
        assertThat(out).doesNotExist();

        MainTest.Result missing = MainTest.run("analyze", dir.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(missing.err()).contains("nope");
    }

    @Test
    void splitDmBiosPairWithTheirLastFragmentsCompletionExceptUnderBtt() throws Exception {
        // real-striped4: 192 bios on str4 (253,0), every one split at the 256 KiB chunks; 6.1 completes each with the
        // sector and size of its last fragment, so btt's exact pairing finds no Q2C for 253,0
        String trace = CliRun.traces().resolve("real-striped4").toString();
        MainTest.Result r = MainTest.run("analyze", trace);
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("Q2Cdm     \\(253,  0\\)         192 ")
                .contains("note: 192 split dm bios paired with their completion");
        MainTest.Result btt = MainTest.run("analyze", "--btt", trace);
        assertThat(btt.out()).doesNotContainPattern("Q2Cdm +\\(253,  0\\)").doesNotContain("split dm bios");
    }
}
