package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-I/O trace formats and the fio iolog export, end to end from the command line. */
class ForeignFormatsCliTest {

    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static final String LOAD = "A load made for this test.\n\nstart ; sector; length ; op ; replay_delay=0 ; "
            + "replay_duration=0\n 0.000000000 ; 1000 ; 64 ; W ; 0.0 ; 0.0\n 0.000500000 ; 8192 ; 8 ; R ; 0.0 ; 0.0\n";

    @Test
    void blkreplayLoadRendersAsBlkparseText() throws Exception {
        CliRun r = CliRun.of("ingest", write("x.load", LOAD).toString(), "--format", "blkparse");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("244,0    0        1     0.000000000     0  Q   W 1000 + 64 [(null)]")
                .contains("244,0    0        2     0.000500000     0  Q   R 8192 + 8 [(null)]");
    }

    @Test
    void iologExportReadsBackAndRendersTheSameApplicationIo() throws Exception {
        Path iolog = dir.resolve("x.iolog");
        CliRun r = CliRun.of("ingest", CliRun.traces().resolve("oracle-small").toString(), "-o", iolog.toString(),
                "--map", "dm-0=/dev/vg/data,nosuch=/x");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).containsPattern("wrote \\d+ I/Os on \\d+ file\\(s\\) to ")
                .contains("warning: --map nosuch=... named no device");
        List<String> lines = Files.readAllLines(iolog);
        assertThat(lines.get(0)).isEqualTo("fio version 3 iolog");
        assertThat(lines).anyMatch(l -> l.endsWith(" /dev/vg/data open"));
        assertThat(lines).filteredOn(l -> l.contains(" /dev/vg/data write ") || l.contains(" /dev/vg/data read "))
                .isNotEmpty();
        CliRun back = CliRun.of("ingest", iolog.toString(), "--format", "blkparse");
        assertThat(back.code()).as(back.err()).isZero();
        long ios = lines.stream().filter(l -> l.matches("\\d+ \\S+ (read|write|trim|sync) \\d+ \\d+")).count();
        assertThat(back.out().lines().filter(l -> l.matches("\\s*246,\\d+ .*  Q +[A-Z]+ .*")).count()).isEqualTo(ios);
    }

    @Test
    void inputFormatOverridesDetectionAndBadNamesAreRefused() throws Exception {
        Path load = write("x.load", LOAD);
        CliRun wrong = CliRun.of("ingest", load.toString(), "--input-format", "fio-iolog", "--format", "blkparse");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains(load + ":1: fio iolog: expected the header 'fio version 2 iolog'");
        CliRun unknown = CliRun.of("ingest", load.toString(), "--input-format", "pcap", "--format", "blkparse");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown input format 'pcap'").contains("blkreplay, disksim");
        CliRun badOut = CliRun.of("ingest", load.toString(), "--format", "xml", "-o", dir.resolve("o").toString());
        assertThat(badOut.code()).isEqualTo(2);
        assertThat(badOut.err()).contains("unknown output format 'xml'");
    }

    @Test
    void tracepointTextAnalysesLikeBlktraceAndInputFormatForcesAReader() throws Exception {
        Path t = write("perf.txt", "     fio  4242 [000]  5000.000001000: block:block_bio_queue: 8,16 W 800 + 8 [fio]\n"
                + "     fio  4242 [000]  5000.000002000: block:block_getrq: 8,16 W 800 + 8 [fio]\n"
                + "     fio  4242 [000]  5000.000003000: block:block_rq_issue: 8,16 W 4096 () 800 + 8 [fio]\n"
                + " swapper     0 [000]  5000.000503000: block:block_rq_complete: 8,16 W () 800 + 8 [0]\n");
        CliRun r = CliRun.of("analyze", "--btt", t.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Q2C               0.000502000   0.000502000   0.000502000           1");
        CliRun forced = CliRun.of("info", "--input-format", "disksim", t.toString());
        assertThat(forced.code()).isEqualTo(2);
        assertThat(forced.err()).contains(t + ":1: DiskSim/MQSim ASCII trace: expected 5 fields");
    }

    @Test
    void infoSummarisesADiskSimTrace() throws Exception {
        Path t = write("t.trace", "1000 0 2048 16 1\n1500 1 4096 8 0\n2500 0 2064 16 1\n");
        CliRun r = CliRun.of("info", t.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("DiskSim/MQSim ASCII trace");
    }
}
