package dev.dmreplay.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The job names its traces as the local batch does (no Spark session needed): a relative argument gives paths
 * relative to the working directory, a list file's entries are absolute, a directory of per-CPU files is one trace.
 */
class HadoopTracesTest {
    @Test
    void relativeArgumentsStayRelativeAndListEntriesAbsolute() throws Exception {
        Path base = Path.of("target", "hadoop-traces-test");
        if (Files.exists(base)) { // a previous run's files would change what the directory holds
            try (java.util.stream.Stream<Path> w = Files.walk(base)) {
                for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Path in = Files.createDirectories(base.resolve("in"));
        Files.writeString(in.resolve("b.csv"), "x\n");
        Files.writeString(in.resolve("a.csv"), "x\n");
        Path percpu = Files.createDirectories(in.resolve("c"));
        Files.writeString(percpu.resolve("sda.blktrace.1"), "x");
        Files.writeString(percpu.resolve("sda.blktrace.0"), "x");
        Files.writeString(in.resolve("README.md"), "not a trace\n");
        Path list = Files.writeString(base.resolve("t.list"), "in/a.csv\n# comment\nin/b.csv\n");

        Configuration conf = new Configuration();
        assertThat(HadoopTraces.expand(List.of(in.toString()), conf)).containsExactly(
                in.resolve("a.csv").toString(), in.resolve("b.csv").toString(), in.resolve("c").toString());
        // a directory holding per-CPU files is one trace
        assertThat(HadoopTraces.expand(List.of(percpu.toString()), conf)).containsExactly(percpu.toString());
        assertThat(HadoopTraces.expand(List.of(in.resolve("a.csv").toString()), conf))
                .containsExactly(in.resolve("a.csv").toString());
        assertThat(HadoopTraces.expand(List.of(list.toString()), conf)).containsExactly(
                in.resolve("a.csv").toAbsolutePath().toString(), in.resolve("b.csv").toAbsolutePath().toString());
        assertThat(HadoopTraces.expand(List.of(in.toAbsolutePath().resolve("*.csv").toString()), conf))
                .containsExactly(in.resolve("a.csv").toAbsolutePath().toString(),
                        in.resolve("b.csv").toAbsolutePath().toString());
    }
}
