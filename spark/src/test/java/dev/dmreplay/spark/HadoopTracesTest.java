package dev.dmreplay.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The job names its traces as the local batch does (no Spark session needed): a relative argument gives paths
 * relative to the working directory, a list file's entries are absolute, per-CPU sets count once.
 */
class HadoopTracesTest {
    @Test
    void relativeArgumentsStayRelativeAndListEntriesAbsolute() throws Exception {
        Path base = Files.createDirectories(Path.of("target", "hadoop-traces-test"));
        Path in = Files.createDirectories(base.resolve("in"));
        Files.writeString(in.resolve("b.csv"), "x\n");
        Files.writeString(in.resolve("a.csv"), "x\n");
        Files.writeString(in.resolve("sda.blktrace.1"), "x");
        Files.writeString(in.resolve("sda.blktrace.0"), "x");
        Files.writeString(in.resolve("README.md"), "not a trace\n");
        Path list = Files.writeString(base.resolve("t.list"), "in/a.csv\n# comment\nin/b.csv\n");

        Configuration conf = new Configuration();
        assertThat(HadoopTraces.expand(List.of(in.toString()), conf)).containsExactly(
                in.resolve("a.csv").toString(), in.resolve("b.csv").toString(), in.resolve("sda.blktrace.0").toString());
        assertThat(HadoopTraces.expand(List.of(in.resolve("a.csv").toString()), conf))
                .containsExactly(in.resolve("a.csv").toString());
        assertThat(HadoopTraces.expand(List.of(list.toString()), conf)).containsExactly(
                in.resolve("a.csv").toAbsolutePath().toString(), in.resolve("b.csv").toAbsolutePath().toString());
        assertThat(HadoopTraces.expand(List.of(in.toAbsolutePath().resolve("*.csv").toString()), conf))
                .containsExactly(in.resolve("a.csv").toAbsolutePath().toString(),
                        in.resolve("b.csv").toAbsolutePath().toString());
    }
}
