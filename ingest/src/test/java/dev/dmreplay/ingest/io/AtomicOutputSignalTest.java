package dev.dmreplay.ingest.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary files of interrupted and killed runs do not stay behind. */
class AtomicOutputSignalTest {

    @TempDir
    Path dir;

    static long temps(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".tmp-")).count();
        }
    }

    @Test
    void sigtermDeletesTheTemporaryFile() throws Exception {
        Path target = dir.resolve("out.parquet");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), AtomicOutputChild.class.getName(), target.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            assertThat(r.readLine()).isEqualTo("writing");
            assertThat(temps(dir)).isEqualTo(1);
            p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(temps(dir)).isZero();
        assertThat(target).doesNotExist();
    }

    @Test
    void staleTemporaryFilesOfDeadProcessesAreRemovedOnTheNextRun() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.write(dir.resolve(AtomicOutput.tempName("out.txt", gone.pid())), new byte[100]);
        Path alive = Files.write(dir.resolve(AtomicOutput.tempName("out.txt", 1)), new byte[100]); // init lives
        try (AtomicOutput out = AtomicOutput.create(dir.resolve("out.txt"))) {
            out.stream().write(1);
            out.commit();
        }
        assertThat(stale).doesNotExist();
        assertThat(alive).exists();
        assertThat(dir.resolve("out.txt")).hasSize(1);
    }

    @Test
    void anExistingDirectoryIsRefusedBeforeAnyWork() throws Exception {
        Path d = Files.createDirectory(dir.resolve("out.parquet"));
        assertThatThrownBy(() -> AtomicOutput.create(d)).isInstanceOf(TraceFormatException.class)
                .hasMessage(d + ": is a directory, expected a file to write");
    }
}
