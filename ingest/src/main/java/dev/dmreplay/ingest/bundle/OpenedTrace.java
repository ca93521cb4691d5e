package dev.dmreplay.ingest.bundle;

import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.DevNo;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A trace opened by {@link TraceOpener}: its events, what it is, and the names known for its devices.
 * Closing it closes the event source.
 */
public final class OpenedTrace implements Closeable {
    private final Path path;
    private final TraceFormat format;
    private final EventSource events;
    private final String description;
    private final List<String> inputs;
    private final Supplier<Map<DevNo, String>> inputNames;
    private final Supplier<SortedMap<String, Long>> readerCounts;
    private final DmTopology topology;
    private final SortedMap<String, String> dumpTexts;

    OpenedTrace(Path path, TraceFormat format, EventSource events, String description, List<String> inputs,
                Supplier<Map<DevNo, String>> inputNames, Supplier<SortedMap<String, Long>> readerCounts,
                DmTopology topology, SortedMap<String, String> dumpTexts) {
        this.path = path;
        this.format = format;
        this.events = events;
        this.description = description;
        this.inputs = List.copyOf(inputs);
        this.inputNames = inputNames;
        this.readerCounts = readerCounts;
        this.topology = topology;
        this.dumpTexts = Collections.unmodifiableSortedMap(new TreeMap<>(dumpTexts));
    }

    /**
     * The dm dumps as text by kind ({@code dmsetup_table}, {@code dmsetup_ls_tree}, {@code dmsetup_info_c},
     * {@code dmsetup_ls}), for storing beside the events; empty without dumps.
     */
    public SortedMap<String, String> dumpTexts() {
        return dumpTexts;
    }

    /** What was opened (the file or bundle directory given). */
    public Path path() {
        return path;
    }

    public TraceFormat format() {
        return format;
    }

    /** The events in trace order (blkparse's merged order for per-CPU sets). */
    public EventSource events() {
        return events;
    }

    /** One line: format, path, and the bundle's description when it has one. */
    public String description() {
        return description;
    }

    /** Input names as the reader sees them (blktrace input names, or the file name). */
    public List<String> inputs() {
        return inputs;
    }

    /**
     * Kernel names of traced devices as the inputs name them (e.g. 8,0 → sda), as far as known now (a blktrace
     * input's device is known once its first record was read).
     */
    public SortedMap<DevNo, String> inputNames() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(inputNames.get()));
    }

    /** The device-mapper topology from the bundle's dumps (or {@code --table}); null when there is no table. */
    public DmTopology topology() {
        return topology;
    }

    /**
     * The best name for a device: its DM name when the topology knows the number, else the input name, else
     * null.
     */
    public String deviceName(DevNo dev) {
        if (topology != null) {
            var mapped = topology.device(dev);
            if (mapped.isPresent()) {
                return mapped.get().name();
            }
        }
        return inputNames.get().get(dev);
    }

    /**
     * Problems the reader counted so far besides {@link EventSource#skipped()} (e.g. {@code wrong_cpu_records}),
     * by name; stable key order.
     */
    public SortedMap<String, Long> readerCounts() {
        return readerCounts.get();
    }

    private String lsblk;

    /** The bundle's {@code lsblk} dump as text (kept for humans, read for a few hints), or null. */
    public String lsblkText() {
        return lsblk;
    }

    OpenedTrace withLsblk(String text) {
        this.lsblk = text;
        return this;
    }

    @Override
    public void close() throws IOException {
        events.close();
    }
}
