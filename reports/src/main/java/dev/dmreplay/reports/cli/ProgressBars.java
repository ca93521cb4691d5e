package dev.dmreplay.reports.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * When and how the commands draw progress bars: on stderr only, only when stderr is a terminal, never under
 * {@code --quiet}, never in a command run inside another (batch and demo run replays in-process and draw their
 * own bar). Bars never go to stdout, so they cannot end up in an output.
 */
final class ProgressBars {
    private ProgressBars() {
    }

    /** Whether the command of {@code spec} may draw a bar. */
    static boolean enabled(picocli.CommandLine.Model.CommandSpec spec) {
        if (spec == null || !(spec.root().userObject() instanceof Main main) || main.quiet) {
            return false;
        }
        return stderrIsTerminal();
    }

    /**
     * Whether file descriptor 2 is a terminal. Java 17 cannot ask this directly ({@code System.console()} needs
     * stdin and stdout to be terminals too, so {@code dmreplay info x > out} would get no bar); on Linux the
     * descriptor's link names the device. Elsewhere, fall back to the console check.
     */
    static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** A bar on stderr for {@code task} up to {@code total} (-1: unknown), counted in {@code unit}s of {@code size}. */
    static ProgressBar create(String task, long total, String unit, long size) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(unit, size)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }
}
