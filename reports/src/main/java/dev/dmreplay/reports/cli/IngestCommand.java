package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.store.ParquetEventWriter;
import dev.dmreplay.ingest.store.StoreMetadata;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dmreplay ingest}: reads any accepted trace and writes the Parquet event store or blkparse text. */
@Command(name = "ingest",
        header = "Write the Parquet event store, or blkparse's default text byte-identically.", mixinStandardHelpOptions = true,
        description = {"Read a trace or bundle; write a Parquet event store (-o x.parquet)",
            "or blkparse's default text (--format blkparse), byte-identical to",
            "'blkparse -i <inputs> -o out.txt'. Outputs appear only when complete:",
            "bad input leaves no output file."})
final class IngestCommand implements Callable<Integer> {

    enum OutputFormat { blkparse, parquet }

    @Parameters(index = "0", paramLabel = "<trace|bundle>",
            description = "Bundle directory, directory of per-CPU files, or one trace file.")
    Path trace;

    @Option(names = {"-o", "--output"}, paramLabel = "<file>",
            description = "Output file (a .parquet name implies --format parquet). blkparse text goes to stdout"
                    + " without it.")
    Path output;

    @Option(names = "--format", paramLabel = "blkparse|parquet", description = "Output format: ${COMPLETION-CANDIDATES}.")
    OutputFormat format;

    @Option(names = "--lenient", description = "Skip bad records (count and first few reported on stderr).")
    boolean lenient;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputFormat f = outputFormat();
        PrintWriter err = spec.commandLine().getErr();
        ReadOptions options = lenient ? ReadOptions.LENIENT : ReadOptions.STRICT;
        try (OpenedTrace t = TraceOpener.open(trace, options, null);
             EventSource src = TraceProgressSupport.wrap(t.events(), "ingest")) {
            if (f == OutputFormat.parquet) {
                long n;
                StoreMetadata m = new StoreMetadata(t.description(), t.inputs(), List.of(), new TreeMap<>(),
                        t.dumpTexts(), 0);
                try (ParquetEventWriter w = ParquetEventWriter.create(output, ParquetEventWriter.Options.DEFAULT, m)) {
                    n = w.writeAll(src);
                    // a blktrace input's device is known once read: store it so names survive
                    w.updateMetadata(x -> x.withInputDevices(TraceOpener.inputDevices(t)));
                    w.commit();
                }
                TraceProgressSupport.reportSkips(t.events().skipped(), err);
                err.println("dmreplay: wrote " + n + " records to " + output);
                err.flush();
            } else {
                var w = TraceBlkparseSupport.write(t, src, output, spec.commandLine().getOut());
                TraceProgressSupport.reportSkips(t.events().skipped(), err);
                if (w.badActions() > 0) {
                    err.println("dmreplay: " + w.badActions() + " records with unknown actions not printed (blkparse"
                            + " says 'Bad fs action' for each), but counted in Events");
                }
                if (w.sawDriverData()) {
                    err.println("dmreplay: discarded traces containing low-level device driver specific data (only"
                            + " available in binary output)");
                }
                err.flush();
            }
        }
        return Main.EXIT_OK;
    }

    private OutputFormat outputFormat() {
        if (format != null) {
            if (format == OutputFormat.parquet && output == null) {
                throw OptionException.usage("--format parquet needs -o <file>.parquet (Parquet is not written to"
                        + " stdout)");
            }
            return format;
        }
        if (output == null) {
            throw OptionException.usage("ingest needs -o <file>.parquet or --format blkparse [-o <file>]");
        }
        if (output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            return OutputFormat.parquet;
        }
        throw OptionException.usage("cannot tell the output format from '" + output
                + "': name it *.parquet or give --format blkparse|parquet");
    }
}
