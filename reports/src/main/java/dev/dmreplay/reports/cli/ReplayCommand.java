package dev.dmreplay.reports.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.ingest.io.AtomicOutput;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.observe.ParquetObservationWriter;
import dev.dmreplay.replay.pressure.Durations;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.run.ReplayRun;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.ReplayMode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dmreplay replay <trace> [--table dmsetup.txt] --strategy DF ... -o run-dir/}: replays a recorded blktrace
 * through the modelled stack; writes {@code observations.parquet} and {@code summary.json} and prints a short
 * summary.
 */
@Command(name = "replay",
        header = "Replay a trace through the modelled device-mapper stack under a rescue strategy.", mixinStandardHelpOptions = true,
        description = {"Replay a blktrace through a model of its device-mapper stack under a rescue strategy.",
            "Writes run-dir/observations.parquet (typed model events) and run-dir/summary.json; prints a summary.",
            "Same inputs and seed give byte-identical outputs."})
public final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TRACE", description = "A trace bundle directory, a directory of blktrace per-CPU files, or a trace file.")
    Path trace;

    @Option(names = "--table", paramLabel = "FILE",
            description = "dmsetup table dump (default: the bundle's, or dmsetup[-_]table.txt beside the trace).")
    Path table;

    @Option(names = "--strategy", defaultValue = "DF", paramLabel = "ID",
            description = "BARE, RESC, OFFL, NEIL, DF, HELP, MDSP or MODERN (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--knob", paramLabel = "NAME=VALUE", description = "Override a strategy knob (repeatable).")
    List<String> knobs = new ArrayList<>();

    @Option(names = "--pressure", defaultValue = "none", paramLabel = "SPEC",
            description = "Memory pressure: none, hard, soft(p,q), each with optional @from-to (e.g. hard@1s-5s).")
    String pressure;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mode", defaultValue = "timed", paramLabel = "MODE",
            description = "timed, afap[:QD] or scale=X (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--devno", paramLabel = "NAME=MAJ:MIN",
            description = "Number of a mapped device in the trace (repeatable; needed when ambiguous).")
    Map<String, String> devnos = new LinkedHashMap<>();

    @Option(names = "--leaf-latency", paramLabel = "DURATION",
            description = "Use a parametric leaf model with this latency instead of the trace's D2C times.")
    String leafLatency;

    @Option(names = "--leaf", paramLabel = "MAJ:MIN=LATENCY[:QD]",
            description = "Parametric model for one disk (repeatable); the other disks keep the trace's D2C times.")
    Map<String, String> leafOverrides = new LinkedHashMap<>();

    @Option(names = "--leaf-queue-depth", defaultValue = "0", paramLabel = "N",
            description = "Leaf queue depth (default: as observed in the trace, else 32).")
    int leafQueueDepth;

    @Option(names = "--stall-threshold", defaultValue = "1s", paramLabel = "DURATION",
            description = "Waits or submissions longer than this are stalls (default: ${DEFAULT-VALUE}).")
    String stallThreshold;

    @Option(names = "--time-limit", defaultValue = "0", paramLabel = "DURATION",
            description = "Stop at this virtual time (default: run to the end).")
    String timeLimit;

    @Option(names = "--lenient", description = "Skip bad trace records instead of failing.")
    boolean lenient;

    @Option(names = "--no-observations", description = "Do not write observations.parquet.")
    boolean noObservations;

    @Option(names = "--fail-on-deadlock", description = "Exit 1 if a deadlock is found.")
    boolean failOnDeadlock;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Run directory to write.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(trace)) {
            throw new NoSuchFileException(trace.toString());
        }
        Knobs k;
        MemoryPressure mp;
        ReplayMode rm;
        ReplayRun.Options opts;
        long leafLat;
        try {
            k = Strategy.parse(strategy).knobs.withAll(knobs);
            mp = MemoryPressure.parse(pressure);
            rm = ReplayMode.parse(mode, 32);
            opts = new ReplayRun.Options(Durations.parse(stallThreshold), Durations.parse(timeLimit));
            leafLat = leafLatency == null ? 0 : Durations.parse(leafLatency);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        TraceReplay.Setup setup = new TraceReplay.Setup(trace, table, k, mp, seed, rm, devnos, leafLat, leafQueueDepth,
                lenient, opts, leafOverrides);
        TraceReplay.Prepared p;
        try {
            p = TraceReplay.prepare(setup);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        Files.createDirectories(out);
        RunResult r;
        try (AtomicOutput obsOut = AtomicOutput.create(out.resolve("observations.parquet"))) {
            ParquetObservationWriter obs = null;
            if (!noObservations) {
                obs = new ParquetObservationWriter(obsOut.path());
                p.machine().kernel.addListener(obs);
            }
            long total = p.fromRemaps() ? p.survey().topRemaps : p.survey().topQueues;
            ProgressBar bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName("replay")
                    .setInitialMax(total).setStyle(ProgressBarStyle.ASCII).setUnit(" bios", 1).build();
            try {
                r = p.run(bar == null ? null : bar::stepTo, opts);
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
            if (obs != null) {
                obs.close();
                obsOut.commit();
            }
        }
        ObjectNode summary = ReplaySummary.json(setup, p, r, Strategy.parse(strategy));
        try (AtomicOutput so = AtomicOutput.create(out.resolve("summary.json"))) {
            so.stream().write(ReplaySummary.MAPPER.writeValueAsBytes(summary));
            so.stream().write('\n');
            so.commit();
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.print(ReplaySummary.text(p, r, Strategy.parse(strategy)));
        pw.flush();
        if (failOnDeadlock && (r.outcome() == Outcome.DEADLOCK || r.outcome() == Outcome.MEMORY_DEADLOCK)) {
            throw new FindingsException(r.outcome() + ": " + r.chain());
        }
        return Main.EXIT_OK;
    }

    /** The run summary as JSON and as short text. */
    static final class ReplaySummary {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        private ReplaySummary() {
        }

        static ObjectNode json(TraceReplay.Setup s, TraceReplay.Prepared p, RunResult r, Strategy st) {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("trace", s.trace().getFileName() == null ? s.trace().toString() : s.trace().getFileName().toString());
            // as given on the command line, so analyze can find the recorded trace again without --trace
            o.put("tracePath", s.trace().toString());
            o.put("strategy", st.name());
            o.set("knobs", MAPPER.valueToTree(s.knobs().asMap()));
            o.put("pressure", s.pressure().toString());
            o.put("seed", s.seed());
            o.put("mode", s.mode().kind().name());
            o.set("topDevices", MAPPER.valueToTree(p.topDevices()));
            o.put("reconstructedFromRemaps", p.fromRemaps());
            o.set("notes", MAPPER.valueToTree(p.notes()));
            o.set("result", MAPPER.valueToTree(r));
            java.util.List<dev.dmreplay.replay.run.HelperIoComparison.Row> helper =
                    dev.dmreplay.replay.run.HelperIoComparison.compare(p.machine(), p.workload());
            if (!helper.isEmpty()) { // only for stacks whose targets issue their own I/O (snapshots)
                o.set("helperIo", MAPPER.valueToTree(helper));
                o.set("snapshotStatus", MAPPER.valueToTree(
                        dev.dmreplay.replay.run.HelperIoComparison.snapshotStatus(p.machine())));
            }
            return o;
        }

        static String text(TraceReplay.Prepared p, RunResult r, Strategy st) {
            StringBuilder sb = new StringBuilder();
            sb.append("strategy ").append(st.name()).append(" (").append(st.title).append(")\n");
            sb.append("top devices ").append(String.join(", ", p.topDevices()))
                    .append(p.fromRemaps() ? " (reconstructed from remaps)" : "").append('\n');
            sb.append(String.format(java.util.Locale.ROOT,
                    "bios completed %d of %d submitted (%d errors), mean latency %.3f ms, max %.3f ms%n",
                    r.completed(), r.submitted(), r.errors(), r.meanLatencyNs() / 1e6, r.maxLatencyNs() / 1e6));
            sb.append(String.format(java.util.Locale.ROOT, "virtual time %.6f s, %d events%n", r.endTimeNs() / 1e9,
                    r.eventsRun()));
            sb.append("outcome ").append(r.outcome());
            if (!r.chain().isEmpty()) {
                sb.append(": ").append(r.chain());
            }
            sb.append('\n');
            if (r.stalls() > 0) {
                sb.append("stalls ").append(r.stalls()).append(", longest wait ")
                        .append(String.format(java.util.Locale.ROOT, "%.3f ms", r.longestWaitNs() / 1e6))
                        .append(r.longestWait().isEmpty() ? "" : " (" + r.longestWait() + ")").append('\n');
            }
            java.util.List<dev.dmreplay.replay.run.HelperIoComparison.Row> helper =
                    dev.dmreplay.replay.run.HelperIoComparison.compare(p.machine(), p.workload());
            if (!helper.isEmpty()) {
                sb.append("target-issued I/O below the top devices       kernel   model  model classes\n");
                for (dev.dmreplay.replay.run.HelperIoComparison.Row h : helper) {
                    sb.append(String.format(java.util.Locale.ROOT, "  %-20s %-5s %-7s %9d %7d  %s%n", h.device(),
                            h.rwbs(), h.issuer(), h.kernelBios(), h.modelBios(), h.modelClasses()));
                }
                for (String status : dev.dmreplay.replay.run.HelperIoComparison.snapshotStatus(p.machine())) {
                    sb.append("dmsetup status (model) ").append(status).append('\n');
                }
            }
            sb.append("pool                                   size  peak  low  nb-fail  sleeps\n");
            for (Mempool.MempoolStats m : r.pools()) {
                sb.append(String.format(java.util.Locale.ROOT, "%-38s %4d %5d %4d %8d %7d%n", m.pool(), m.minNr(),
                        m.peakInUse(), m.reserveLowWater(), m.nonBlockingFailures(), m.sleeps()));
            }
            return sb.toString();
        }
    }
}
