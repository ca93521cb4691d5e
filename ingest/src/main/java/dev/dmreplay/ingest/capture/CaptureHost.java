package dev.dmreplay.ingest.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine a capture runs on: the effective uid, the {@code PATH} the tools are looked up in, and the sysfs
 * and debugfs roots. Tests give a fake one (fake tools in a temporary directory, a fake sysfs tree).
 *
 * @param uid     effective user id (0: root)
 * @param path    the {@code PATH} value, directories separated by ':'
 * @param sysfs   where sysfs is mounted ({@code /sys})
 * @param debugfs where debugfs is mounted ({@code /sys/kernel/debug}); blktrace needs it
 */
public record CaptureHost(long uid, String path, Path sysfs, Path debugfs) {

    /** This machine, as the running JVM sees it. */
    public static CaptureHost current() {
        return new CaptureHost(effectiveUid(), System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
                Path.of("/sys"), Path.of("/sys/kernel/debug"));
    }

    /** The executable {@code name} on {@link #path()}, if any. */
    public Optional<Path> executable(String name) {
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The effective uid from {@code /proc/self/status} ({@code Uid:} real, effective, ...); -1 when unknown. */
    static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return Long.parseLong(f.length > 1 ? f[1] : f[0]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
