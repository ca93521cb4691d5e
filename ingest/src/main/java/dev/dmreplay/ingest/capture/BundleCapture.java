package dev.dmreplay.ingest.capture;

import dev.dmreplay.ingest.dm.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Traces a DM device and every device below it with blktrace, for a number of seconds or while a command runs,
 * and writes a bundle dmreplay reads: {@code <dev>.blktrace.<cpu>} per device (optionally gzipped),
 * {@code dmsetup-table.txt} (keys redacted by {@link Secrets}), {@code dmsetup-ls-tree.txt},
 * {@code dmsetup-info-c.txt}, {@code lsblk.txt}, {@code queue-limits.txt}, {@code blktrace.log} and a README.
 * The bundle is written into a hidden sibling directory and renamed into place at the end, so a failed capture
 * leaves nothing behind. The same steps as {@code traces/capture.sh}.
 */
public final class BundleCapture {
    /** How long blktrace gets to set up its per-CPU relay files before the command starts. */
    private static final long TRACER_START_MS = 1000;

    /**
     * @param device  the top DM device ({@code /dev/mapper/NAME}, {@code /dev/dm-N} or {@code NAME})
     * @param seconds trace this long (0: while {@code command} runs)
     * @param command the command to trace while it runs (empty with {@code seconds})
     * @param out     the bundle directory to write (must not exist)
     * @param gzip    compress the trace files
     */
    public record Request(String device, long seconds, List<String> command, Path out, boolean gzip) {
    }

    /** @param what "30 seconds" or "while 'cmd' ran (exit 0)" */
    public record Result(Path bundle, DmDeviceTree tree, String what) {
    }

    private final CaptureHost host;
    private final Consumer<String> progress;

    public BundleCapture(CaptureHost host, Consumer<String> progress) {
        this.host = host;
        this.progress = progress;
    }

    public Result run(Request r) throws IOException, InterruptedException {
        if (host.uid() != 0) {
            throw new CaptureRefusedException("must run as root (blktrace needs CAP_SYS_ADMIN and debugfs); try sudo");
        }
        Path blktrace = host.executable("blktrace").orElseThrow(() -> new CaptureRefusedException(
                "blktrace is not installed or not on PATH (Debian/Ubuntu: apt-get install blktrace)"));
        Path dmsetup = host.executable("dmsetup").orElseThrow(() -> new CaptureRefusedException(
                "dmsetup is not installed or not on PATH (Debian/Ubuntu: apt-get install dmsetup)"));
        if (Files.exists(r.out())) {
            throw new CaptureRefusedException(r.out() + " exists; give a new directory");
        }
        if (!Files.isDirectory(host.debugfs().resolve("block"))) {
            throw new CaptureRefusedException("debugfs is not mounted at " + host.debugfs()
                    + " (blktrace needs it): mount -t debugfs none " + host.debugfs());
        }
        DmDeviceTree tree = DmDeviceTree.resolve(host.sysfs(), r.device());
        Path parent = r.out().toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + r.out().getFileName() + ".capture-" + ProcessHandle.current().pid());
        Files.createDirectory(tmp);
        boolean done = false;
        try {
            dumps(tree, dmsetup, tmp);
            String what = trace(tree, blktrace, r, tmp);
            if (r.gzip()) {
                gzipTraces(tmp);
            }
            readme(tree, blktrace, tmp, what, r.out().getFileName().toString());
            Files.move(tmp, r.out().toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return new Result(r.out(), tree, what);
        } finally {
            if (!done) {
                deleteTree(tmp);
            }
        }
    }

    private void dumps(DmDeviceTree tree, Path dmsetup, Path dir) throws IOException, InterruptedException {
        StringBuilder table = new StringBuilder();
        for (String name : tree.dmNames()) {
            // the table text goes through the redaction before it is kept anywhere: no key reaches the bundle
            String t = Secrets.redactTable(output(List.of(dmsetup.toString(), "table", name), "dmsetup table"));
            for (String line : t.split("\n")) {
                if (!line.isBlank()) {
                    table.append(name).append(": ").append(line).append('\n');
                }
            }
        }
        Files.writeString(dir.resolve("dmsetup-table.txt"), table.toString());
        Files.writeString(dir.resolve("dmsetup-ls-tree.txt"),
                output(List.of(dmsetup.toString(), "ls", "--tree"), "dmsetup ls --tree"));
        Files.writeString(dir.resolve("dmsetup-info-c.txt"),
                output(List.of(dmsetup.toString(), "info", "-c"), "dmsetup info -c"));
        String lsblk = host.executable("lsblk").map(p -> {
            try {
                return output(List.of(p.toString(), "-o", "NAME,MAJ:MIN,SIZE,TYPE"), "lsblk");
            } catch (IOException | InterruptedException | CaptureRefusedException e) {
                return "lsblk failed: " + e.getMessage() + "\n";
            }
        }).orElse("lsblk not installed\n");
        Files.writeString(dir.resolve("lsblk.txt"), lsblk);
        StringBuilder limits = new StringBuilder();
        for (String d : tree.devices()) {
            Path q = host.sysfs().resolve("class/block").resolve(d).resolve("queue");
            if (!Files.isDirectory(q)) {
                q = host.sysfs().resolve("class/block").resolve(d).resolve("../queue").normalize();
            }
            if (Files.isDirectory(q)) {
                limits.append(d).append(": max_sectors_kb=").append(read(q, "max_sectors_kb"))
                        .append(" max_segments=").append(read(q, "max_segments"))
                        .append(" write_cache=").append(read(q, "write_cache"))
                        .append(" scheduler=").append(read(q, "scheduler").replace(' ', '_')).append('\n');
            }
        }
        Files.writeString(dir.resolve("queue-limits.txt"), limits.toString());
    }

    private String trace(DmDeviceTree tree, Path blktrace, Request r, Path dir)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(blktrace.toString()));
        for (String d : tree.devices()) {
            cmd.add("-d");
            cmd.add("/dev/" + d);
        }
        if (r.seconds() > 0) {
            cmd.add("-w");
            cmd.add(Long.toString(r.seconds()));
        }
        progress.accept("tracing " + String.join(" ", tree.devices()) + " into " + r.out());
        Process tracer = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("blktrace.log").toFile()).start();
        if (r.seconds() > 0) {
            int rc = tracer.waitFor();
            if (rc != 0) {
                throw new CaptureRefusedException("blktrace failed (exit " + rc + "): " + lastLine(dir));
            }
            return r.seconds() + " seconds";
        }
        if (tracer.waitFor(TRACER_START_MS, TimeUnit.MILLISECONDS)) {
            throw new CaptureRefusedException("blktrace did not start (exit " + tracer.exitValue() + "): "
                    + lastLine(dir));
        }
        int rc;
        try {
            Process work = new ProcessBuilder(r.command()).inheritIO().start();
            rc = work.waitFor();
        } catch (IOException e) {
            tracer.destroy();
            tracer.waitFor();
            throw new CaptureRefusedException("cannot run " + r.command().get(0) + ": " + e.getMessage());
        }
        tracer.destroy(); // SIGTERM: blktrace stops tracing and flushes its files as on SIGINT
        if (!tracer.waitFor(30, TimeUnit.SECONDS)) {
            tracer.destroyForcibly();
            throw new CaptureRefusedException("blktrace did not stop within 30 s after the command");
        }
        return "while '" + String.join(" ", r.command()) + "' ran (exit " + rc + ")";
    }

    private void readme(DmDeviceTree tree, Path blktrace, Path dir, String what, String bundle) throws IOException {
        String kernel = read(host.sysfs().resolve("../proc/sys/kernel").normalize(), "osrelease");
        String text = "# " + tree.name() + " (" + tree.top() + "), captured with dmreplay capture\n\n"
                + "- When: " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + (kernel.isEmpty() ? "" : ", kernel "
                + kernel) + "; traced " + what + ".\n"
                + "- Devices traced: " + String.join(" ", tree.devices())
                + " (the DM device and everything below it).\n"
                + "- Tracer: " + blktrace + "; its messages are in blktrace.log.\n"
                + "- dm-crypt keys in dmsetup-table.txt are masked as dmsetup prints them without --showkeys.\n\n"
                + "    dmreplay info " + bundle + "\n    dmreplay fidelity " + bundle + "\n";
        Files.writeString(dir.resolve("README.md"), text);
    }

    private static void gzipTraces(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.blktrace.*")) {
            for (Path p : ds) {
                if (p.toString().endsWith(".gz")) {
                    continue;
                }
                Path gz = p.resolveSibling(p.getFileName() + ".gz");
                try (InputStream in = Files.newInputStream(p);
                     OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
                    in.transferTo(out);
                }
                Files.delete(p);
            }
        }
    }

    /** stdout of a tool; a failure is one line naming the tool and its last message. */
    private static String output(List<String> cmd, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            String[] lines = text.strip().split("\n");
            // never echo a table line back: it could hold a key
            String last = what.startsWith("dmsetup table") ? "" : ": " + lines[lines.length - 1];
            throw new CaptureRefusedException(what + " failed (exit " + rc + ")" + last);
        }
        return text;
    }

    private static String read(Path dir, String file) {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLine(Path dir) {
        String[] lines = read(dir, "blktrace.log").split("\n");
        return lines[lines.length - 1];
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
