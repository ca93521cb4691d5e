package dev.dmreplay.ingest.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {

    @Test
    void failedWriteLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("out.bin");
        try (AtomicOutput out = AtomicOutput.create(target)) {
            out.stream().write(new byte[100]);
            // no commit: simulates a failure half way
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void commitReplacesTarget(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("out.txt");
        Files.writeString(target, "old");
        try (AtomicOutput out = AtomicOutput.create(target)) {
            out.stream().write("new".getBytes());
            out.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("new");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void messagesNameSourceAndPosition() {
        assertThat(TraceFormatException.atLine("t.txt", 12, "expected action letter").getMessage())
                .isEqualTo("t.txt:12: expected action letter");
        assertThat(TraceFormatException.atByte("sda.blktrace.0", 4800, "bad magic 0x1").getMessage())
                .isEqualTo("sda.blktrace.0: byte offset 4800: bad magic 0x1");
        assertThat(TraceFormatException.shorten("a\u0001b")).isEqualTo("a\\x01b");
    }
}
