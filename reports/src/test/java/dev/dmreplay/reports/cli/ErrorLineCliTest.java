package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Error lines from the command line: one line, control bytes of binary junk escaped, no Parquet library object
 * names; and a table the kernel would refuse is refused before the replay, naming the table's file and line.
 */
class ErrorLineCliTest {
    @TempDir
    Path tmp;

    private static void assertOneCleanLine(CliRun r) {
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.errLines()).hasSize(1);
        String line = r.errLines()[0];
        assertThat(line.chars().filter(c -> c < 0x20 || c == 0x7f)).isEmpty();
        assertThat(line).doesNotContain("InputFile@").startsWith("dmreplay: ");
    }

    @Test
    void aDamagedObservationFileIsOneLineWithoutLibraryNames() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        byte[] junk = new byte[64];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i * 37);
        }
        byte[] file = new byte[72];
        System.arraycopy("PAR1".getBytes(StandardCharsets.US_ASCII), 0, file, 0, 4);
        System.arraycopy(junk, 0, file, 4, 64);
        System.arraycopy("PAR1".getBytes(StandardCharsets.US_ASCII), 0, file, 68, 4);
        Files.write(run.resolve("observations.parquet"), file);
        CliRun r = CliRun.of("analyze", run.toString());
        assertOneCleanLine(r);
        assertThat(r.errLines()[0]).contains(run.resolve("observations.parquet").toString());
    }

    @Test
    void binaryJunkQuotedFromATraceIsEscaped() throws Exception {
        Path t = tmp.resolve("junk.txt");
        Files.write(t, ("  8,0    0        1     0.000000000  1000  Q   R 1 + 8 [fio]\n"
                + "  8,0    0        2     0.000001000  1000  \u0001\u001b[31m\u0007 R 1 + 8 [fio]\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        CliRun r = CliRun.of("info", t.toString());
        assertOneCleanLine(r);
        assertThat(r.errLines()[0]).contains("\\x1b");
    }

    @Test
    void aTargetLongerThanItsDiskIsRefusedBeforeTheReplay() throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("real-linear"));
        try (Stream<Path> s = Files.list(CliRun.traces().resolve("real-linear"))) {
            for (Path f : s.toList()) {
                Files.copy(f, bundle.resolve(f.getFileName()));
            }
        }
        // vda is 256M (lsblk.txt): 600000 sectors from offset 2048 do not fit, as the kernel would say
        Files.writeString(bundle.resolve("dmsetup-table.txt"), "lin: 0 600000 linear 254:0 2048\n");
        Path out = tmp.resolve("run");
        CliRun r = CliRun.of("replay", bundle.toString(), "-o", out.toString());
        assertOneCleanLine(r);
        assertThat(r.errLines()[0]).isEqualTo("dmreplay: " + bundle.resolve("dmsetup-table.txt") + ":1: lin segment 0"
                + " (linear): 254:0 too small for target: start=2048, len=600000, dev_size=525312 sectors (the kernel"
                + " refuses the table: device_area_is_invalid)");
        assertThat(out).doesNotExist();
    }

    @Test
    void anOutputDirectoryThatIsAFileIsRefusedBeforeTheWork() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "keep me\n");
        String trace = CliRun.traces().resolve("oracle-small").toString();
        for (String[] args : new String[][] {{"analyze", trace, "-o", file.toString()},
                {"compare", trace, "--csv", file.toString()}}) {
            CliRun r = CliRun.of(args);
            assertOneCleanLine(r);
            String option = args[2].equals("-o") ? "--output" : args[2];
            assertThat(r.errLines()[0]).as(args[0]).isEqualTo("dmreplay: " + option + ": " + file
                    + " is a file, expected a directory to write into (it is created when missing)");
            assertThat(r.out()).as(args[0] + " did no work").isEmpty();
        }
        assertThat(Files.readString(file)).isEqualTo("keep me\n");
    }
}
