package dev.dmreplay.reports.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI's {@code main} in a child JVM, for what cannot be tried in-process: a small heap, signals, a file-size
 * limit ({@code ulimit -f} through bash), several processes at once.
 */
record ChildCli(int code, String out, String err) {

    /** The child's command line: {@code java [jvmOptions] -cp <test class path> Main args}. */
    static List<String> command(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the child with stdout and stderr going to files in {@code dir}. */
    static Process start(Path dir, List<String> cmd) throws IOException {
        Files.createDirectories(dir);
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile()).start();
    }

    /** Runs the child to its end (at most 5 minutes). */
    static ChildCli run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = start(dir, cmd);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                throw new AssertionError("child did not finish: " + cmd);
            }
        } finally {
            p.destroyForcibly();
        }
        return collect(dir, p.exitValue());
    }

    static ChildCli collect(Path dir, int code) throws IOException {
        return new ChildCli(code, Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
    }

    /** The same command under {@code bash -c 'ulimit -f BLOCKS; exec "$@"'} (blocks of 1024 bytes in bash). */
    static List<String> underFileSizeLimit(long blocks, List<String> cmd) {
        List<String> l = new ArrayList<>(List.of("bash", "-c", "ulimit -f " + blocks + "; exec \"$@\"", "child"));
        l.addAll(cmd);
        return l;
    }

    String[] errLines() {
        return err.isEmpty() ? new String[0] : err.split("\n");
    }
}
