package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.synth.SynthStack;
import dev.dmreplay.ingest.synth.TraceSynthesizer;
import dev.dmreplay.ingest.synth.WorkloadSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dmreplay synth}: a seeded synthetic blktrace bundle for a DM stack and a workload. */
@Command(name = "synth",
        header = "Generate a seeded blktrace bundle (per-CPU binary files + dmsetup dumps) for a DM stack and a"
                + " workload.",
        mixinStandardHelpOptions = true,
        description = {"Writes <dev>.blktrace.<cpu> files (protocol v7, as blktrace leaves them) and the dmsetup",
            "table / ls --tree / info -c dumps into the output directory, for a stack of linear and striped",
            "targets. Records follow a v6.1 kernel: Q, X (split), C on DM devices; A, Q on each lower device;",
            "G I D C on disks. Same arguments and seed, same bytes; memory does not grow with --records.",
            "",
            "Workload (--workload, comma-separated key=value, defaults " + WorkloadSpec.DEFAULT + "):",
            "  read=PCT   share of reads (the rest are writes)",
            "  bs=SIZE    bio size, or MIN-MAX (powers of two drawn uniformly; k/m suffixes)",
            "  seq=PCT    share of bios starting where the same process's last one ended",
            "  qd=N       top-level bios in flight at most (all processes)",
            "  rate=N     Poisson arrivals in bios/s; 0 = as fast as qd allows",
            "  procs=N    submitting processes (pids 1000.., spread over the CPUs)",
            ""})
final class SynthCommand implements Callable<Integer> {

    @Option(names = "--table", paramLabel = "<file|name>", defaultValue = "striped",
            description = "dmsetup table file (linear and striped targets, lower devices as major:minor) or a"
                    + " built-in stack: linear, striped, linear-over-striped (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--workload", paramLabel = "<spec>", defaultValue = WorkloadSpec.DEFAULT,
            description = "Workload, key=value pairs (see above).")
    String workload;

    @Option(names = "--records", paramLabel = "N", defaultValue = "100000",
            description = "Trace records to write at least (k/M/G suffixes; the last bio is completed, so a few"
                    + " more may be written) (default: ${DEFAULT-VALUE}).")
    String records;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "2", description = "CPUs traced, one file per device"
            + " and CPU (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = {"-o", "--output"}, paramLabel = "<dir>", required = true, description = "Output directory.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SynthStack stack = SynthStack.of(table);
        WorkloadSpec w = WorkloadSpec.parse(workload);
        TraceSynthesizer.Summary s = new TraceSynthesizer(stack, w, cpus, seed).write(output, count(records), null);
        out.printf(Locale.ROOT, "synth: %d records (+%d process notes), %d top-level bios, %d splits, %d files,"
                + " %.3f s of trace in %s%n", s.records(), s.notes(), s.bios(), s.splits(), s.files(),
                s.span() / 1e9, output);
        out.printf(Locale.ROOT, "  table %s, workload %s, seed %d, cpus %d%n", table, w.render(), seed, cpus);
        out.flush();
        return Main.EXIT_OK;
    }

    static long count(String text) {
        String t = text.trim();
        long unit = 1;
        char last = t.isEmpty() ? ' ' : Character.toUpperCase(t.charAt(t.length() - 1));
        if (last == 'K' || last == 'M' || last == 'G') {
            unit = last == 'K' ? 1_000L : last == 'M' ? 1_000_000L : 1_000_000_000L;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t) * unit;
            if (n < 1) {
                throw OptionException.of("--records", "'" + text + "': must be at least 1");
            }
            return n;
        } catch (NumberFormatException e) {
            throw OptionException.of("--records", "'" + text + "': expected a count such as 5000000 or 5M");
        }
    }
}
