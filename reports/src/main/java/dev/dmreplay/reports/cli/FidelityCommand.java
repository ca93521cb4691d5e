package dev.dmreplay.reports.cli;

import dev.dmreplay.analyze.fidelity.FidelityCheck;
import dev.dmreplay.analyze.fidelity.FidelityOutput;
import dev.dmreplay.analyze.fidelity.FidelityReport;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dmreplay fidelity <bundle> [--strategy MODERN] [--json]}: replays a trace of a DM stack recorded together
 * with its lower devices and compares, per top-level bio, the lower-device bios of model and kernel.
 */
@Command(name = "fidelity", mixinStandardHelpOptions = true,
        header = "Compare the model with the kernel bio by bio on a trace of a DM stack and its lower devices.",
        description = {"Replays the trace (timed) through the modelled stack and compares, per top-level bio of the",
            "top DM device, the lower-device bios both produced (device, sector, size, rwbs): match rate per",
            "target type and device, the first mismatches, worker I/O (Q without A) per device and class,",
            "requests dispatched per disk and Q2C p50/p90/p99 per device, model vs kernel."})
public final class FidelityCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TRACE",
            description = "A bundle (per-CPU blktrace files of the DM device and the disks below, dmsetup dumps).")
    Path trace;

    @Option(names = "--table", paramLabel = "FILE", description = "dmsetup table dump (default: the bundle's).")
    Path table;

    @Option(names = "--thin-metadata", paramLabel = "FILE",
            description = "thin_dump XML of the thin pool's metadata at trace start (default: the bundle's"
                    + " thin-dump-before.xml, if any).")
    Path thinMetadata;

    @Option(names = "--strategy", defaultValue = "MODERN", paramLabel = "ID",
            description = "Rescue strategy of the model (default: ${DEFAULT-VALUE}, the kernel era of 6.x traces).")
    String strategy;

    @Option(names = "--knob", paramLabel = "NAME=VALUE", description = "Override a strategy knob (repeatable).")
    java.util.List<String> knobs = new java.util.ArrayList<>();

    @Option(names = "--devno", paramLabel = "NAME=MAJ:MIN",
            description = "Number of a mapped device in the trace (repeatable; needed when ambiguous).")
    Map<String, String> devnos = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--lenient", description = "Skip bad trace records instead of failing.")
    boolean lenient;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--mismatches", defaultValue = "10", paramLabel = "N",
            description = "How many mismatching top-level bios to list in full (default: ${DEFAULT-VALUE}).")
    int mismatches;

    @Option(names = "--bios", paramLabel = "FILE",
            description = "Also write every top-level bio of the trace as CSV: when it was queued, device, rwbs, "
                + "range, kind, whether its lower bios match, both sides' Q2C (ns) and lower bios.")
    Path bios;

    @Option(names = "--open-loop",
            description = "Let every top-level bio into the model at its recorded time, whatever the model's "
                + "completions (default: at most the trace's in-flight count per top device, as replay does, so "
                + "that a bio the model completes late holds back later ones).")
    boolean openLoop;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(trace)) {
            throw new NoSuchFileException(trace.toString());
        }
        Strategy st = OptionValues.parse("--strategy", () -> Strategy.parse(strategy));
        Knobs k = OptionValues.parse("--knob", () -> st.knobs.withAll(knobs));
        TraceReplay.Setup setup = new TraceReplay.Setup(trace, table, k, MemoryPressure.parse("none"), seed,
                ReplayMode.parse("timed", 32), devnos, 0, 0, lenient, ReplayRun.Options.defaults())
                .withThinMetadata(thinMetadata);
        if (mismatches < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--mismatches: expected a count >= 0, got " + mismatches);
        }
        java.io.StringWriter csv = bios == null ? null : new java.io.StringWriter();
        org.apache.commons.csv.CSVPrinter rows = csv == null ? null : new org.apache.commons.csv.CSVPrinter(csv,
                org.apache.commons.csv.CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader("queued_ns",
                        "device", "rwbs", "sector", "sectors", "kind", "exact", "kernel_q2c_ns", "model_q2c_ns",
                        "kernel_lower", "model_lower").build());
        FidelityReport r = FidelityCheck.run(setup, st.name(), mismatches, rows == null ? null : b -> {
            try {
                rows.printRecord(b.queuedNs(), b.device(), b.rwbs(), b.sector(), b.sectors(), b.operation(),
                        b.exact(), b.kernelQ2cNs(), b.modelQ2cNs(), String.join(";", b.kernelLower()),
                        String.join(";", b.modelLower()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
            }
        }, openLoop ? FidelityCheck.Submission.RECORDED_TIMES : FidelityCheck.Submission.APPLICATION_DEPTH);
        if (bios != null) {
            rows.flush();
            dev.dmreplay.reports.render.OutputFiles.writeText(bios, csv.toString());
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.print(json ? FidelityOutput.json(r) : FidelityOutput.text(r));
        pw.flush();
        return Main.EXIT_OK;
    }
}
