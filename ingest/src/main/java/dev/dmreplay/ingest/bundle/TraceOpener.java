package dev.dmreplay.ingest.bundle;

import dev.dmreplay.ingest.blktrace.BlktraceInput;
import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.dm.Secrets;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.ingest.store.ParquetEventSource;
import dev.dmreplay.ingest.store.StoreMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
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
            throw TableFormatException.of(tableOverride.toString(), "no such file, expected a dmsetup table dump");
        }
        BundleLayout layout;
        TraceFormat forced = null;
        if (options.format() != null) {
            forced = TraceFormat.byOptionName(options.format());
            if (forced == null) {
                throw TraceFormatException.of(path.toString(), "unknown input format '" + options.format()
                        + "', expected one of " + TraceFormat.optionNames());
            }
        }
        if (Files.isDirectory(path)) {
            layout = BundleLayout.scan(path);
            if (forced != null && forced != layout.format()) {
                throw TraceFormatException.of(path.toString(), "is a directory of " + layout.format().description()
                        + " files, not " + forced.description() + " as --input-format says");
            }
        } else {
            TraceFormat format = forced != null ? forced : FormatDetector.detect(path);
            layout = new BundleLayout(path.toAbsolutePath().getParent(), format, List.of(path), DmDumps.NONE, null);
        }
        DmDumps dumps = tableOverride == null ? layout.dumps() : layout.dumps().withTable(tableOverride);
        // the topology first: a bad table is reported before any trace is read
        DmTopology topology = dumps.hasTable()
                ? DmTopology.load(dumps.table(), dumps.lsTree(), dumps.infoC(), dumps.ls()) : null;
        OpenedTrace t = open(path, layout, options, topology, dumps);
        if (dumps.lsblk() != null && Files.isRegularFile(dumps.lsblk())) {
            t.withLsblk(new String(Files.readAllBytes(dumps.lsblk()), StandardCharsets.UTF_8));
        }
        return t;
    }

    private static SortedMap<String, String> texts(DmDumps dumps) throws IOException {
        SortedMap<String, String> texts = new TreeMap<>();
        if (!dumps.hasTable()) {
            return texts;
        }
        Path[] files = {dumps.table(), dumps.lsTree(), dumps.infoC(), dumps.ls()};
        for (int i = 0; i < files.length; i++) {
            if (files[i] != null) {
                String text = Files.readString(files[i], StandardCharsets.UTF_8);
                // a table dumped with --showkeys must not be copied into footers or run directories
                texts.put(StoreMetadata.DUMP_KINDS.get(i), i == 0 ? Secrets.redactTable(text) : text);
            }
        }
        return texts;
    }

    /** The topology of the dumps a Parquet store carries; null without a table. */
    private static DmTopology storedTopology(Path file, StoreMetadata m) {
        String table = m.dumps().get("dmsetup_table");
        if (table == null) {
            return null;
        }
        DmTopology.Builder b = DmTopology.builder().table(file + "[dmsetup_table]", table, null);
        for (String kind : List.of("dmsetup_ls_tree", "dmsetup_ls")) {
            if (m.dumps().containsKey(kind)) {
                b.ls(file + "[" + kind + "]", m.dumps().get(kind));
            }
        }
        if (m.dumps().containsKey("dmsetup_info_c")) {
            b.info(file + "[dmsetup_info_c]", m.dumps().get("dmsetup_info_c"));
        }
        return b.build();
    }

    private static OpenedTrace open(Path given, BundleLayout layout, ReadOptions options, DmTopology topology,
                                    DmDumps dumps) throws IOException {
        String description = layout.format().description() + " " + given
                + (layout.description() == null ? "" : ": " + layout.description());
        Path first = layout.traces().get(0);
        switch (layout.format()) {
            case BLKTRACE, BLKPARSE_DUMP -> {
                BlktraceSource src = BlktraceSource.open(layout.traces(), options);
                List<String> inputs = src.inputs().stream().map(BlktraceInput::name).toList();
                return new OpenedTrace(given, layout.format(), src, description, inputs, () -> blktraceNames(src),
                        () -> new TreeMap<>(Map.of("wrong_cpu_records", src.cpuMismatches())), topology,
                        texts(dumps));
            }
            case PARQUET -> {
                ParquetEventSource src = ParquetEventSource.open(first);
                StoreMetadata m = src.metadata();
                String from = m.source().isEmpty() ? "" : " (ingested from " + m.source() + ")";
                Map<DevNo, String> names = storedNames(m);
                boolean ownTable = topology != null;
                return new OpenedTrace(given, layout.format(), src, description + from, m.inputs(), () -> names,
                        TreeMap::new, ownTable ? topology : storedTopology(first, m),
                        ownTable ? texts(dumps) : m.dumps());
            }
            default -> {
                EventSource src = TextReaders.open(layout.format(), first, options);
                return new OpenedTrace(given, layout.format(), src, description,
                        List.of(first.getFileName().toString()), TextReaders.names(src), TextReaders.counts(src),
                        topology,
                        texts(dumps));
            }
        }
    }

    private static Map<DevNo, String> storedNames(StoreMetadata m) {
        Map<DevNo, String> names = new HashMap<>();
        for (int i = 0; i < Math.min(m.inputs().size(), m.inputDevices().size()); i++) {
            String dev = m.inputDevices().get(i);
            if (!dev.isEmpty()) {
                names.putIfAbsent(DevNo.parse(dev), m.inputs().get(i));
            }
        }
        return names;
    }

    /** Input devices as {@code maj,min}, parallel to the inputs; empty where unknown (merged dumps). */
    public static List<String> inputDevices(OpenedTrace t) {
        if (t.events() instanceof BlktraceSource src) {
            return src.inputs().stream().map(in -> in.merged() || in.dev() == null ? "" : in.dev().toString())
                    .toList();
        }
        if (t.events() instanceof ParquetEventSource ps) {
            return ps.metadata().inputDevices();
        }
        return t.inputs().stream().map(i -> "").toList();
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
