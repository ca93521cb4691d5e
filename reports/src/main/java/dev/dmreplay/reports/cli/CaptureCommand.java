package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.capture.BundleCapture;
import dev.dmreplay.ingest.capture.CaptureHost;
import dev.dmreplay.ingest.io.OptionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dmreplay capture DEVICE (-t SECONDS | -- COMMAND...) -o DIR [-z]}: traces a DM device and every device
 * below it on this machine and writes a bundle ({@link BundleCapture}).
 */
@Command(name = "capture", mixinStandardHelpOptions = true,
        header = "Trace a DM device and every device below it on this machine and write a bundle.",
        description = {"Runs blktrace on the DM device and the devices under it (found through",
            "sysfs) for -t seconds or while the command after -- runs, and saves dmsetup",
            "table (keys masked), ls --tree, info -c, lsblk and the queue limits beside",
            "the traces. Needs root, blktrace, dmsetup and debugfs."})
public final class CaptureCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DEVICE", description = "/dev/mapper/NAME, /dev/dm-N or NAME.")
    String device;

    @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "0..*",
            description = "Trace while this command runs (after --).")
    List<String> command = new ArrayList<>();

    @Option(names = {"-t", "--seconds"}, paramLabel = "N", description = "Trace for N seconds.")
    long seconds;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Bundle directory to write (must not exist).")
    Path output;

    @Option(names = {"-z", "--gzip"}, description = "Gzip the trace files.")
    boolean gzip;

    /** The machine; tests set a fake one. */
    CaptureHost host;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (seconds < 0) {
            throw OptionException.of("--seconds", "must be a positive number of seconds, got " + seconds);
        }
        if (seconds > 0 && !command.isEmpty()) {
            throw OptionException.usage("give either -t SECONDS or a command after --, not both");
        }
        if (seconds == 0 && command.isEmpty()) {
            throw OptionException.usage("give -t SECONDS or a command after -- to trace while it runs");
        }
        var err = spec.commandLine().getErr();
        BundleCapture capture = new BundleCapture(host != null ? host : CaptureHost.current(), line -> {
            err.println("dmreplay capture: " + line);
            err.flush();
        });
        BundleCapture.Result r = capture.run(new BundleCapture.Request(device, seconds, List.copyOf(command), output,
                gzip));
        err.println("dmreplay capture: traced " + String.join(" ", r.tree().devices()) + " " + r.what() + "; wrote "
                + r.bundle());
        err.flush();
        return Main.EXIT_OK;
    }
}
