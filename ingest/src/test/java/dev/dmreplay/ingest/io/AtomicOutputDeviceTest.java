package dev.dmreplay.ingest.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AtomicOutputDeviceTest {

    @Test
    void devNullIsWrittenInPlaceNotReplaced() throws Exception {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "needs a /dev/null device");
        try (AtomicOutput out = AtomicOutput.create(devNull)) {
            assertThat(out.path()).isEqualTo(devNull);
            out.stream().write("discarded".getBytes());
            out.commit();
        }
        try (AtomicOutput out = AtomicOutput.create(devNull)) {
            out.stream().write("not committed".getBytes());
        }
        assertThat(Files.isRegularFile(devNull)).isFalse();
        assertThat(Files.exists(devNull)).isTrue();
        try (var files = Files.list(Path.of("/dev"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".null.tmp-"));
        }
    }
}
