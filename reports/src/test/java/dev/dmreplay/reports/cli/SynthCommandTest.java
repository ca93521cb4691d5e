package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {
    @TempDir
    Path tmp;

    @Test
    void infoCountsTheRecordsSynthReportsAndNothingLooksWrong() throws Exception {
        Path out = tmp.resolve("syn");
        CliRun r = CliRun.of("synth", "--table", "linear", "--workload", "read=80,bs=4k-128k,qd=4,rate=5000",
                "--records", "4k", "--seed", "9", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Matcher m = Pattern.compile("synth: (\\d+) records").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        long written = Long.parseLong(m.group(1));
        assertThat(written).isGreaterThanOrEqualTo(4000);
        JsonNode info = InfoCommandTest.infoJson(out.toString());
        assertThat(info.path("events").asLong()).isEqualTo(written);
        assertThat(info.path("inputs").toString()).isEqualTo("[\"dm-0\",\"sda\",\"sdb\"]");
        info.path("suspicious").fields().forEachRemaining(f -> assertThat(f.getValue().asLong()).as(f.getKey())
                .isZero());
        assertThat(info.path("suspicious").size()).isPositive();
        assertThat(Files.readString(out.resolve("dmsetup-table.txt"))).contains("vg0-lv0: 0 209715200 linear 8:0 2048");
    }

    @Test
    void aBadWorkloadIsOneLineAndExit2() {
        CliRun r = CliRun.of("synth", "--workload", "qd=0", "-o", tmp.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("--workload").contains("qd must be").doesNotContain("\n");
        assertThat(tmp.resolve("x")).doesNotExist();
    }
}
