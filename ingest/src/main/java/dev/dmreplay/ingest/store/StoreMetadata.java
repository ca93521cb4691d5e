package dev.dmreplay.ingest.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the store's footer says about the trace besides the rows.
 *
 * @param source       a human description of where the events came from (format and path)
 * @param inputs       the input names as the reader saw them (blktrace input names such as {@code dm-0}, or the
 *                     file name), in reader order
 * @param inputDevices the device ({@code maj,min}) of each input, parallel to {@code inputs}; empty strings
 *                     where unknown (merged dumps, text)
 * @param processes    pid to command name, first name seen per pid (as blkparse keeps it), sorted by pid
 * @param dumps        the device-mapper dumps the trace came with, by kind ({@code dmsetup_table},
 *                     {@code dmsetup_ls_tree}, {@code dmsetup_info_c}, {@code dmsetup_ls}), text as captured
 * @param events       number of rows
 */
public record StoreMetadata(String source, List<String> inputs, List<String> inputDevices,
                            SortedMap<Integer, String> processes, SortedMap<String, String> dumps, long events) {

    public static final String KEY_INPUT_DEVICES = "dmreplay.input_devices";
    public static final String DUMP_PREFIX = "dmreplay.";

    public StoreMetadata {
        source = source == null ? "" : source;
        inputs = List.copyOf(inputs);
        inputDevices = List.copyOf(inputDevices);
        processes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(processes));
        dumps = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(dumps));
    }

    /** Dump kinds stored in the footer, each under {@code dmreplay.<kind>}. */
    public static final List<String> DUMP_KINDS = List.of("dmsetup_table", "dmsetup_ls_tree", "dmsetup_info_c",
            "dmsetup_ls");

    public StoreMetadata withInputDevices(List<String> devices) {
        return new StoreMetadata(source, inputs, devices, processes, dumps, events);
    }

    /** Footer key-value pairs; JSON values so that they stay readable in DuckDB's {@code parquet_kv_metadata}. */
    Map<String, String> toKeyValues() {
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put(EventSchema.KEY_FORMAT, EventSchema.FORMAT_NAME);
        kv.put(EventSchema.KEY_VERSION, Integer.toString(EventSchema.FORMAT_VERSION));
        kv.put(EventSchema.KEY_SOURCE, source);
        kv.put(EventSchema.KEY_INPUTS, FooterJson.array(inputs));
        kv.put(KEY_INPUT_DEVICES, FooterJson.array(inputDevices));
        Map<String, String> procs = new LinkedHashMap<>();
        processes.forEach((pid, comm) -> procs.put(Integer.toUnsignedString(pid), comm));
        kv.put(EventSchema.KEY_PROCESSES, FooterJson.object(procs));
        kv.put(EventSchema.KEY_EVENTS, Long.toString(events));
        dumps.forEach((kind, text) -> kv.put(DUMP_PREFIX + kind, text));
        return kv;
    }

    /** Parses the footer; throws {@link IllegalArgumentException} saying what is wrong. */
    static StoreMetadata fromKeyValues(Map<String, String> kv) {
        if (!EventSchema.FORMAT_NAME.equals(kv.get(EventSchema.KEY_FORMAT))) {
            throw new IllegalArgumentException("a Parquet file without dmreplay event metadata (key "
                    + EventSchema.KEY_FORMAT + "), expected a file written by 'dmreplay ingest'");
        }
        int version;
        try {
            version = Integer.parseInt(kv.getOrDefault(EventSchema.KEY_VERSION, ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + EventSchema.KEY_VERSION + " '" + kv.get(EventSchema.KEY_VERSION)
                    + "', expected an integer");
        }
        if (version < 1 || version > EventSchema.FORMAT_VERSION) {
            throw new IllegalArgumentException("event store format version " + version
                    + " is not supported, expected 1.." + EventSchema.FORMAT_VERSION);
        }
        try {
            List<String> inputs = FooterJson.parseArray(kv.getOrDefault(EventSchema.KEY_INPUTS, "[]"));
            Map<String, String> procs = FooterJson.parseObject(kv.getOrDefault(EventSchema.KEY_PROCESSES, "{}"));
            SortedMap<Integer, String> processes = new TreeMap<>();
            procs.forEach((pid, comm) -> processes.put(Integer.parseUnsignedInt(pid), comm));
            List<String> inputDevices = FooterJson.parseArray(kv.getOrDefault(KEY_INPUT_DEVICES, "[]"));
            long events = Long.parseLong(kv.getOrDefault(EventSchema.KEY_EVENTS, "-1"));
            SortedMap<String, String> dumps = new TreeMap<>();
            for (String kind : DUMP_KINDS) {
                String text = kv.get(DUMP_PREFIX + kind);
                if (text != null) {
                    dumps.put(kind, text);
                }
            }
            return new StoreMetadata(kv.get(EventSchema.KEY_SOURCE), inputs, inputDevices, processes, dumps, events);
        } catch (IllegalArgumentException e) {
            // a JSON problem (with its column) or a bad number (NumberFormatException is one)
            throw new IllegalArgumentException("bad dmreplay metadata in the footer: " + e.getMessage());
        }
    }
}
