package dev.dmreplay.analyze.info;

import dev.dmreplay.ingest.bundle.TraceFormat;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.DevNo;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a trace holds and what looks wrong in it ({@code dmreplay info}): built by {@link TraceInfoCollector} in one
 * pass, completed with the bundle's names and DM table by {@link TraceInfoReader}. Renderers (text, JSON, HTML)
 * read only this value. Counting rules are those of {@link TraceInfoCollector}.
 *
 * @param source      the trace: path, format, description, input files
 * @param events      records as blkparse counts its {@code Events} lines
 * @param records     every record, notes included
 * @param ios         Q records (for inputs without Q: I/O records)
 * @param time        first and last record time, or null without a timed record
 * @param actions     records per action, in {@link Action} order
 * @param operations  Q records and bytes per operation, all levels of the stack, in {@link IoOp} order
 * @param application the same for application I/O only (without remapped bios and split remainders)
 * @param devices     per traced device, by number
 * @param processes   per process, by unsigned pid
 * @param remaps      A events per (upper, lower) device pair, by pair
 * @param suspicious  what looks wrong
 * @param notes       why a check was skipped
 * @param dm          the DM table's mapped devices by name, in table order; null without a table
 * @param warnings    the table's non-fatal findings; null without a table
 */
public record TraceInfo(Source source, long events, long records, long ios, TimeSpan time, Map<Action, Long> actions,
                        Map<IoOp, Volume> operations, Map<IoOp, Volume> application, List<Device> devices,
                        List<Process> processes, List<Remap> remaps, Suspicious suspicious, List<String> notes,
                        Map<String, DmDevice> dm, List<String> warnings) {

    public TraceInfo {
        actions = Collections.unmodifiableMap(new EnumMap<>(actions));
        operations = Collections.unmodifiableMap(new EnumMap<>(operations));
        application = Collections.unmodifiableMap(new EnumMap<>(application));
        devices = List.copyOf(devices);
        processes = List.copyOf(processes);
        remaps = List.copyOf(remaps);
        notes = List.copyOf(notes);
        dm = dm == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(dm));
        warnings = warnings == null ? null : List.copyOf(warnings);
    }

    /** This report with the DM table and its warnings. */
    public TraceInfo withDm(Map<String, DmDevice> table, List<String> tableWarnings) {
        return new TraceInfo(source, events, records, ios, time, actions, operations, application, devices,
                processes, remaps, suspicious, notes, table, tableWarnings);
    }

    /** This report with one more warning (a report without a table gets a warnings list of its own). */
    public TraceInfo withWarning(String w) {
        List<String> ws = new java.util.ArrayList<>(warnings == null ? List.of() : warnings);
        ws.add(w);
        return new TraceInfo(source, events, records, ios, time, actions, operations, application, devices,
                processes, remaps, suspicious, notes, dm, ws);
    }

    /** Application bytes read. */
    public long bytesRead() {
        return application.get(IoOp.READ).bytes();
    }

    /** Application bytes written. */
    public long bytesWritten() {
        return application.get(IoOp.WRITE).bytes();
    }

    /** Application bytes discarded. */
    public long bytesDiscarded() {
        return application.get(IoOp.DISCARD).bytes();
    }

    /**
     * The trace as opened.
     *
     * @param trace       the path given
     * @param format      the detected format
     * @param description what the opener says it read (e.g. "blktrace per-CPU files (3 devices, 2 CPUs)")
     * @param inputs      the files read
     */
    public record Source(String trace, TraceFormat format, String description, List<String> inputs) {
        public Source {
            inputs = List.copyOf(inputs);
        }
    }

    /** First and last record time (ns, as the input gives them). */
    public record TimeSpan(long firstNs, long lastNs) {
        public long durationNs() {
            return lastNs - firstNs;
        }
    }

    /** A count of I/Os and their bytes. */
    public record Volume(long ios, long bytes) {
    }

    /**
     * One traced device.
     *
     * @param name DM name from the dumps, else the input's name, else null
     */
    public record Device(DevNo dev, String name, long records, long ios, long completions, long bytesRead,
                         long bytesWritten) {
    }

    /**
     * One process.
     *
     * @param pid    unsigned pid
     * @param comm   its command from a PROCESS note, or null
     * @param events records it issued
     */
    public record Process(long pid, String comm, long events) {
    }

    /** Remap (A) events from an upper device onto a lower one; names as for {@link Device}. */
    public record Remap(DevNo from, String fromName, DevNo to, String toName, long count) {
    }

    /**
     * What looks wrong. A null count means the input cannot tell (see the report's notes).
     *
     * @param skippedRecords                  records skipped in lenient mode, counted exactly (text lines; binary
     *                                        event records by their sequence numbers)
     * @param skippedUncountedAtMost          binary traces: records lost in damaged stretches that no sequence
     *                                        number accounts for (notes, damaged file tails), an upper bound
     * @param damagedStretches                binary traces: damaged stretches skipped
     * @param skippedBytes                    binary traces: bytes skipped in them
     * @param wrongCpuRecords                 records in a per-CPU file of another CPU (blkparse skips them); null
     *                                        unless the input is a per-CPU blktrace set
     * @param outOfOrderTimestamps            records earlier than their CPU's previous one on the same device
     * @param eventsAfterLastCompletion       records after the last C; null without any C
     * @param queuedWithoutCompletion         Qs never completed; null without any C or when too many were open
     * @param unknownActions                  records of unknown or abort actions
     * @param cgroupMessagesDroppedByBlkparse cgroup-flagged messages (blkparse 1.2.0 drops them)
     * @param recordsWithoutCategory          records outside every category (blkparse neither shows nor counts
     *                                        them)
     */
    public record Suspicious(long skippedRecords, long skippedUncountedAtMost, long damagedStretches,
                             long skippedBytes, Long wrongCpuRecords, long outOfOrderTimestamps,
                             Long eventsAfterLastCompletion, Long queuedWithoutCompletion, long unknownActions,
                             long cgroupMessagesDroppedByBlkparse, long recordsWithoutCategory) {
    }

    /**
     * A mapped device of the DM table.
     *
     * @param dev              its number; null when neither the dumps nor the remaps tell
     * @param devInferred      whether {@code dev} was inferred from the remaps ({@code RemapBinding})
     * @param targets          its table, in sector order
     * @param mapsOnto         what it maps onto: DM names, or disks as "name (major:minor)" when the trace names them
     * @param usedBy           the mapped devices stacked on it
     */
    public record DmDevice(DevNo dev, boolean devInferred, long sectors, List<DmTarget> targets, List<String> mapsOnto,
                           List<String> usedBy) {
        public DmDevice {
            targets = List.copyOf(targets);
            mapsOnto = List.copyOf(mapsOnto);
            usedBy = List.copyOf(usedBy);
        }
    }

    /** One table line: start, length, target type, its arguments (secrets redacted) and the devices it uses. */
    public record DmTarget(long start, long length, String type, String args, List<String> devices) {
        public DmTarget {
            devices = List.copyOf(devices);
        }
    }
}
