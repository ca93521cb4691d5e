package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code info} says when a protocol version 7 trace was taken of a zoned stack (zone operations are missing). */
class ZonedInfoTest {
    @TempDir
    Path dir;

    private Path bundleWithLsblk(String lsblk) throws Exception {
        Path src = CliRun.traces().resolve("real-linear");
        Path b = Files.createDirectories(dir.resolve("b" + lsblk.hashCode()));
        try (Stream<Path> s = Files.list(src)) {
            for (Path p : s.toList()) {
                Files.copy(p, b.resolve(p.getFileName()));
            }
        }
        Files.writeString(b.resolve("lsblk.txt"), lsblk, StandardCharsets.UTF_8);
        return b;
    }

    @Test
    void aVersion7TraceOfAHostManagedDeviceIsFlaggedAsLossy() throws Exception {
        Path zoned = bundleWithLsblk("NAME  MAJ:MIN  SIZE TYPE ZONED\nvda   254:0    256M disk host-managed\n"
                + "`-lin 253:0    128M dm   host-managed\n");
        CliRun r = CliRun.of("info", zoned.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("warning: a protocol version 7 trace of a zoned stack (lsblk lists a zoned device:"
                + " vda 254:0 256M disk host-managed)").contains("zone append");
        CliRun json = CliRun.of("info", zoned.toString(), "--json");
        assertThat(json.out()).contains("protocol version 7 trace of a zoned stack");
    }

    @Test
    void aConventionalStackIsNotFlagged() throws Exception {
        CliRun r = CliRun.of("info", bundleWithLsblk("NAME  MAJ:MIN  SIZE TYPE ZONED\nvda   254:0    256M disk none\n")
                .toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("zoned stack");
        assertThat(CliRun.of("info", CliRun.traces().resolve("real-linear").toString()).out())
                .doesNotContain("zoned stack");
    }
}
