package dev.dmreplay.ingest.bundle;

import dev.dmreplay.ingest.blktrace.BlktraceInput;
import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.ingest.store.ParquetEventSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opens anything the commands accept as a trace: a bundle directory, a directory of per-CPU files, or a single
 * file in any {@link TraceFormat}, recognised by content, together with the bundle's dm dumps. Every problem is
 * a {@link TraceFormatException} naming the path and what was expected.
 */
public final class TraceOpener {

    private TraceOpener() {
    }

    /**
     * Opens {@code path}.
     *
     * @param options       strict or lenient reading
     * @param tableOverride a {@code dmsetup table} dump to use instead of the bundle's, or null
     */
    public static OpenedTrace open(Path path, ReadOptions options, Path tableOverride) throws IOException {
        if (!Files.exists(path)) {
            throw TraceFormatException.of(path.toString(), "no such file or directory, expected a trace file or a"
                    + " trace bundle directory");
        }
        if (tableOverride != null && !Files.isRegularFile(tableOverride)) {
            throw TraceFormatException.of(tableOverride.toString(), "no such file, expected a dmsetup table dump");
        }
        BundleLayout layout;
        if (Files.isDirectory(path)) {
            layout = BundleLayout.scan(path);
        } else {
            TraceFormat format = FormatDetector.detect(path);
            layout = new BundleLayout(path.toAbsolutePath().getParent(), format, List.of(path), DmDumps.NONE, null);
        }
        DmDumps dumps = tableOverride == null ? layout.dumps() : layout.dumps().withTable(tableOverride);
        // the topology first: a bad table is reported before any trace is read
        DmTopology topology = dumps.hasTable()
                ? DmTopology.load(dumps.table(), dumps.lsTree(), dumps.infoC(), dumps.ls()) : null;
        return open(path, layout, options, topology);
    }

    private static OpenedTrace open(Path given, BundleLayout layout, ReadOptions options, DmTopology topology)
            throws IOException {
        String description = layout.format().description() + " " + given
                + (layout.description() == null ? "" : ": " + layout.description());
        Path first = layout.traces().get(0);
        switch (layout.format()) {
            case BLKTRACE, BLKPARSE_DUMP -> {
                BlktraceSource src = BlktraceSource.open(layout.traces(), options);
                List<String> inputs = src.inputs().stream().map(BlktraceInput::name).toList();
                return new OpenedTrace(given, layout.format(), src, description, inputs, () -> blktraceNames(src),
                        () -> new TreeMap<>(Map.of("wrong_cpu_records", src.cpuMismatches())), topology);
            }
            case PARQUET -> {
                ParquetEventSource src = ParquetEventSource.open(first);
                String from = src.metadata().source().isEmpty() ? "" : " (ingested from " + src.metadata().source()
                        + ")";
                return new OpenedTrace(given, layout.format(), src, description + from, src.metadata().inputs(),
                        Map::of, TreeMap::new, topology);
            }
            default -> {
                EventSource src = TextReaders.open(layout.format(), first, options);
                return new OpenedTrace(given, layout.format(), src, description,
                        List.of(first.getFileName().toString()), Map::of, TreeMap::new, topology);
            }
        }
    }

    private static Map<DevNo, String> blktraceNames(BlktraceSource src) {
        Map<DevNo, String> names = new HashMap<>();
        for (BlktraceInput in : src.inputs()) {
            if (!in.merged() && in.dev() != null) {
                names.putIfAbsent(in.dev(), in.name());
            }
        }
        return names;
    }
}
