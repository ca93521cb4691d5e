package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.store.ParquetEventWriter;
import dev.dmreplay.ingest.store.StoreMetadata;
import dev.dmreplay.ingest.io.AtomicOutput;
import dev.dmreplay.ingest.lines.FioIologWriter;
import dev.dmreplay.ingest.lines.IologFileNames;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
        header = "Write the Parquet event store, blkparse's default text byte-identically, or a fio iolog.",
        mixinStandardHelpOptions = true,
        description = {"Read a trace or bundle; write a Parquet event store (-o x.parquet),",
            "blkparse's default text (--format blkparse), byte-identical to",
            "'blkparse -i <inputs> -o out.txt', or the application I/O as a fio iolog v3",
            "(--format fio-iolog, replayable with 'fio --read_iolog'). Outputs appear only when",
            "complete: bad input leaves no output file."})
final class IngestCommand implements Callable<Integer> {

    enum OutputFormat {
        blkparse, parquet, fio_iolog;

        static OutputFormat parse(String s) {
            for (OutputFormat f : values()) {
                if (f.name().replace('_', '-').equals(s)) {
                    return f;
                }
            }
            throw OptionException.usage("--format: unknown output format '" + s
                    + "', expected blkparse, parquet or fio-iolog");
        }
    }

    @Parameters(index = "0", paramLabel = "<trace|bundle>",
            description = "Bundle directory, directory of per-CPU files, or one trace file; - or /dev/stdin reads"
                    + " standard input.")
    Path trace;

    @Option(names = {"-o", "--output"}, paramLabel = "<file>",
            description = "Output file (a .parquet name implies --format parquet). blkparse text goes to stdout"
                    + " without it.")
    Path output;

    @Option(names = "--format", paramLabel = "blkparse|parquet|fio-iolog", description = "Output format.")
    String formatName;

    @Option(names = "--input-format", paramLabel = "NAME",
            description = "Read the input as this format instead of recognising it (blkparse-text, csv, blkreplay,"
                    + " disksim, fio-iolog, biosnoop, ...).")
    String inputFormat;

    @Option(names = "--map", paramLabel = "DEV=FILE", split = ",",
            description = "fio-iolog: the file name to write for a trace device (e.g. dm-0=/dev/vg/data);"
                    + " default /dev/<device name>.")
    List<String> map = new ArrayList<>();

    @Option(names = "--lenient", description = "Skip bad records (count and first few reported on stderr).")
    boolean lenient;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputFormat f = outputFormat();
        if (f == OutputFormat.parquet) {
            ParquetEventWriter.warmUp(); // while the trace is opened
        }
        PrintWriter err = spec.commandLine().getErr();
        ReadOptions options = (lenient ? ReadOptions.LENIENT : ReadOptions.STRICT).withFormat(inputFormat);
        trace = TraceArg.of(trace);
        try (OpenedTrace t = TraceOpener.open(trace, options, null);
             EventSource src = TraceProgressSupport.wrap(t.events(), "ingest", trace, spec)) {
            if (f == OutputFormat.fio_iolog) {
                FioIologWriter.Result r;
                IologFileNames names = iologFiles(t);
                try (AtomicOutput out = AtomicOutput.create(output);
                     Writer w = new BufferedWriter(new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8),
                             1 << 16)) {
                    r = FioIologWriter.write(src, w, names);
                    w.flush();
                    out.commit();
                }
                TraceProgressSupport.reportSkips(t.events().skipped(), err);
                for (String k : names.unusedKeys()) {
                    err.println("dmreplay: warning: --map " + k + "=... named no device with application I/O in "
                            + trace);
                }
                err.println("dmreplay: wrote " + r.ios() + " I/Os on " + r.files() + " file(s) to " + output
                        + (r.flagsDropped() > 0 ? " (" + r.flagsDropped() + " writes lost their preflush/FUA flag:"
                        + " the iolog has no form for it)" : ""));
                err.flush();
            } else if (f == OutputFormat.parquet) {
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
                if (w.v2OnlyEvents() > 0) {
                    err.println("dmreplay: " + w.v2OnlyEvents() + " zone write plug events of the version 8 trace not"
                            + " printed (blkparse output has the version 7 events only; the Parquet store keeps them)");
                }
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

    private IologFileNames iologFiles(OpenedTrace t) {
        try {
            return new IologFileNames(map, t::deviceName, dev -> t.inputNames().get(dev),
                    dev -> t.topology() != null && t.topology().device(dev).isPresent());
        } catch (IllegalArgumentException e) {
            throw OptionException.of("--map", e.getMessage().replaceFirst("^--map ", ""));
        }
    }

    private OutputFormat outputFormat() {
        OutputFormat format = formatName == null ? null : OutputFormat.parse(formatName);
        if (format == OutputFormat.fio_iolog && output == null) {
            throw OptionException.usage("--format fio-iolog needs -o <file>.iolog");
        }
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
        if (output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".iolog")) {
            return OutputFormat.fio_iolog;
        }
        throw OptionException.usage("cannot tell the output format from '" + output
                + "': name it *.parquet or *.iolog, or give --format blkparse|parquet|fio-iolog");
    }
}
