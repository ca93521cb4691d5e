package dev.dmreplay.reports.cli;

import dev.dmreplay.analyze.options.ShapingArgs;
import dev.dmreplay.reports.render.PlacementPreviewText;
import dev.dmreplay.analyze.info.TraceInfo;
import dev.dmreplay.analyze.info.TraceInfoCollector;
import dev.dmreplay.analyze.info.TraceInfoReader;
import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.reports.render.OutputFiles;
import dev.dmreplay.reports.render.TraceInfoJson;
import dev.dmreplay.reports.render.TraceInfoText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dmreplay info}: what a trace or bundle holds, and anything suspicious in it. */
@Command(name = "info",
        header = "What a trace or bundle holds (devices, DM names, counts, remaps, processes), and what looks wrong.", mixinStandardHelpOptions = true,
        description = {"Summarise a trace or bundle: devices (DM names from the dmsetup dumps),",
            "time span, events by action and operation, bytes, processes, the remap",
            "graph, the DM table, and anything suspicious (wrong-CPU records,",
            "out-of-order times, Q without completion, unknown actions)."})
final class InfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<trace|bundle>",
            description = "Bundle directory, directory of per-CPU files, or one trace file (blktrace per-CPU file,"
                    + " blkparse -d dump, blkparse text, CSV trace, Parquet event store); - or /dev/stdin reads"
                    + " standard input (e.g. blktrace -o - | dmreplay info -).")
    Path trace;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--table", paramLabel = "<file>", description = "dmsetup table dump to use instead of the bundle's.")
    Path table;

    @Option(names = "--lenient", description = "Skip bad records (reported on stderr) instead of stopping.")
    boolean lenient;

    @Option(names = "--input-format", paramLabel = "NAME",
            description = "Read the trace as this format instead of recognising it (see the README).")
    String inputFormat;

    @picocli.CommandLine.Mixin
    ShapingArgs shapingArgs = new ShapingArgs();

    @Option(names = "--seed", defaultValue = "1", description = "Seed of --sample, as replay would use it (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReadOptions options = (lenient ? ReadOptions.LENIENT : ReadOptions.STRICT).withFormat(inputFormat);
        TraceInfo report;
        trace = TraceArg.of(trace);
        try (OpenedTrace t = TraceOpener.open(trace, options, table);
             EventSource src = TraceProgressSupport.wrap(t.events(), "info", trace, spec)) {
            TraceInfoCollector c = new TraceInfoCollector();
            for (BlockEvent e; (e = src.next()) != null; ) {
                c.accept(e);
            }
            report = TraceInfoReader.of(t, c);
            TraceProgressSupport.reportSkips(t.events().skipped(), err);
        }
        dev.dmreplay.ingest.place.TraceShaping shaping = shapingArgs.shaping();
        dev.dmreplay.replay.run.PlacementPreview preview = null;
        if (shaping.places()) {
            preview = dev.dmreplay.replay.run.PlacementPreview.of(dev.dmreplay.replay.run.TraceReplay.Setup
                    .builder(trace).table(table).lenient(lenient).seed(seed).shaping(shaping).build());
        } else if (!shaping.window().isAll() || !shaping.sampling().isAll()) {
            throw dev.dmreplay.ingest.io.OptionException.usage("info previews --window and --sample of a trace placed"
                    + " with --map or --place (replay takes them on any trace)");
        }
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode tree = TraceInfoJson.tree(report);
            if (preview != null) {
                tree.set("placement", PlacementPreviewText.json(preview));
            }
            out.println(OutputFiles.JSON.writeValueAsString(tree));
            out.flush();
        } else {
            TraceInfoText.render(report, out);
            if (preview != null) {
                PlacementPreviewText.render(preview, out);
                out.flush();
            }
        }
        return Main.EXIT_OK;
    }
}
