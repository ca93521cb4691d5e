package dev.dmreplay.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dmreplay capture against fake dmsetup/blktrace executables and a fake sysfs tree. */
class BundleCaptureTest {
    /** A test key: it must not reach any file of the bundle nor any message. */
    private static final String KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;
    Path bin;
    Path sys;
    Path debug;
    final List<String> progress = new ArrayList<>();

    @BeforeEach
    void fakeMachine() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin"));
        script("dmsetup", """
                case "$1" in
                  table) echo "0 262144 crypt aes-xts-plain64 %s 0 253:1 0" ;;
                  ls) echo "secret (253:0)"; echo " └─base (253:1)"; echo "    └─ (254:0)" ;;
                  info) echo "Name   Maj Min Stat Open Targ Event  UUID"; echo "secret 253 0 L--w 0 1 0" ;;
                esac
                """.formatted(KEY));
        // writes one per-CPU file per traced device; with -w it stops by itself, else on SIGTERM
        script("blktrace", """
                w=""
                while [ $# -gt 0 ]; do
                  case "$1" in
                    -d) n=${2##*/}; printf 'trace of %s' "$n" > "$n.blktrace.0"; shift 2 ;;
                    -w) w=$2; shift 2 ;;
                    *) shift ;;
                  esac
                done
                echo "=== fake blktrace ==="
                [ -n "$w" ] && exit 0
                trap 'exit 0' TERM
                while :; do sleep 0.05; done
                """);
        sys = tmp.resolve("sys");
        Files.createDirectories(sys.resolve("block/dm-0/dm"));
        Files.writeString(sys.resolve("block/dm-0/dm/name"), "secret\n");
        Files.createDirectories(sys.resolve("block/dm-1/dm"));
        Files.writeString(sys.resolve("block/dm-1/dm/name"), "base\n");
        Files.createDirectories(sys.resolve("class/block/dm-0/slaves/dm-1"));
        Files.createDirectories(sys.resolve("class/block/dm-1/slaves/vda"));
        Path q = Files.createDirectories(sys.resolve("class/block/vda/queue"));
        Files.writeString(q.resolve("max_sectors_kb"), "1280\n");
        Files.writeString(q.resolve("max_segments"), "254\n");
        Files.writeString(q.resolve("write_cache"), "write back\n");
        Files.writeString(q.resolve("scheduler"), "[none] mq-deadline\n");
        debug = Files.createDirectories(tmp.resolve("debug/block"));
        debug = debug.getParent();
    }

    private void script(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private BundleCapture capture(long uid, String path) {
        return new BundleCapture(new CaptureHost(uid, path, sys, debug), progress::add);
    }

    private BundleCapture.Request forSeconds(Path out) {
        return new BundleCapture.Request("/dev/mapper/secret", 1, List.of(), out, false);
    }

    @Test
    void refusesWhenNotRoot() {
        Path out = tmp.resolve("b");
        assertThatThrownBy(() -> capture(1000, bin.toString()).run(forSeconds(out)))
                .isInstanceOf(CaptureRefusedException.class).hasMessageContaining("must run as root");
        assertThat(out).doesNotExist();
    }

    @Test
    void refusesWhenBlktraceIsMissing() throws IOException {
        Path onlyDmsetup = Files.createDirectories(tmp.resolve("bin2"));
        Files.copy(bin.resolve("dmsetup"), onlyDmsetup.resolve("dmsetup"));
        assertThatThrownBy(() -> capture(0, onlyDmsetup.toString()).run(forSeconds(tmp.resolve("b"))))
                .isInstanceOf(CaptureRefusedException.class)
                .hasMessageContaining("blktrace is not installed");
    }

    @Test
    void refusesADeviceThatIsNotDeviceMapperAndAnExistingBundle() throws IOException {
        assertThatThrownBy(() -> capture(0, bin.toString()).run(
                new BundleCapture.Request("/dev/mapper/nosuch", 1, List.of(), tmp.resolve("b"), false)))
                .hasMessageContaining("nosuch is not a device-mapper device");
        Path existing = Files.createDirectories(tmp.resolve("there"));
        assertThatThrownBy(() -> capture(0, bin.toString()).run(forSeconds(existing)))
                .hasMessageContaining("exists");
    }

    @Test
    void writesTheBundleWithEveryDeviceBelowTheTopAndNoKey() throws Exception {
        Path out = tmp.resolve("bundle");
        BundleCapture.Result r = capture(0, bin.toString()).run(forSeconds(out));
        assertThat(r.tree().devices()).containsExactly("dm-0", "dm-1", "vda");
        assertThat(r.tree().dmNames()).containsExactly("secret", "base");
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("dm-0.blktrace.0",
                    "dm-1.blktrace.0", "vda.blktrace.0", "dmsetup-table.txt", "dmsetup-ls-tree.txt",
                    "dmsetup-info-c.txt", "lsblk.txt", "queue-limits.txt", "blktrace.log", "README.md");
        }
        String table = Files.readString(out.resolve("dmsetup-table.txt"));
        assertThat(table).startsWith("secret: 0 262144 crypt aes-xts-plain64 ").contains("base: 0 262144 crypt");
        assertThat(Files.readString(out.resolve("queue-limits.txt")))
                .isEqualTo("vda: max_sectors_kb=1280 max_segments=254 write_cache=write back scheduler=[none]_mq-deadline\n");
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.startsWith(bin)).toList()) {
                assertThat(Files.readString(p)).as(p.toString()).doesNotContain(KEY);
            }
        }
        assertThat(progress).allSatisfy(l -> assertThat(l).doesNotContain(KEY));
        // nothing left beside the bundle
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bin", "sys", "debug",
                    "bundle");
        }
    }

    @Test
    void tracesWhileACommandRunsAndGzipsTheTraces() throws Exception {
        Path out = tmp.resolve("bundle");
        BundleCapture.Result r = capture(0, bin.toString()).run(new BundleCapture.Request("/dev/dm-0", 0, List.of("sh", "-c", "exit 3"), out, true));
        assertThat(r.what()).isEqualTo("while 'sh -c exit 3' ran (exit 3)");
        assertThat(out.resolve("vda.blktrace.0.gz")).exists();
        assertThat(out.resolve("vda.blktrace.0")).doesNotExist();
    }
}
