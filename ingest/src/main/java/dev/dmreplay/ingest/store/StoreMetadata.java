package dev.dmreplay.ingest.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the store's footer says about the trace besides the rows.
 *
 * @param source    a human description of where the events came from (format and path)
 * @param inputs    the input names as the reader saw them (e.g. {@code dm-0.blktrace.0}), in reader order
 * @param processes pid to command name, first name seen per pid (as blkparse keeps it), sorted by pid
 * @param events    number of rows
 */
public record StoreMetadata(String source, List<String> inputs, SortedMap<Integer, String> processes, long events) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public StoreMetadata {
        source = source == null ? "" : source;
        inputs = List.copyOf(inputs);
        processes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(processes));
    }

    /** Footer key-value pairs; JSON values so that they stay readable in DuckDB's {@code parquet_kv_metadata}. */
    Map<String, String> toKeyValues() {
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put(EventSchema.KEY_FORMAT, EventSchema.FORMAT_NAME);
        kv.put(EventSchema.KEY_VERSION, Integer.toString(EventSchema.FORMAT_VERSION));
        kv.put(EventSchema.KEY_SOURCE, source);
        try {
            kv.put(EventSchema.KEY_INPUTS, JSON.writeValueAsString(inputs));
            Map<String, String> procs = new LinkedHashMap<>();
            processes.forEach((pid, comm) -> procs.put(Integer.toUnsignedString(pid), comm));
            kv.put(EventSchema.KEY_PROCESSES, JSON.writeValueAsString(procs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        kv.put(EventSchema.KEY_EVENTS, Long.toString(events));
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
            List<String> inputs = JSON.readValue(kv.getOrDefault(EventSchema.KEY_INPUTS, "[]"),
                    new TypeReference<List<String>>() { });
            Map<String, String> procs = JSON.readValue(kv.getOrDefault(EventSchema.KEY_PROCESSES, "{}"),
                    new TypeReference<Map<String, String>>() { });
            SortedMap<Integer, String> processes = new TreeMap<>();
            procs.forEach((pid, comm) -> processes.put(Integer.parseUnsignedInt(pid), comm));
            long events = Long.parseLong(kv.getOrDefault(EventSchema.KEY_EVENTS, "-1"));
            return new StoreMetadata(kv.get(EventSchema.KEY_SOURCE), inputs, processes, events);
        } catch (JsonProcessingException | NumberFormatException e) {
            throw new IllegalArgumentException("bad dmreplay metadata in the footer: " + e.getMessage());
        }
    }
}
