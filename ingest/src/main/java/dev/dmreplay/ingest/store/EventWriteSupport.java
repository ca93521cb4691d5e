package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes {@link BlockEvent}s as rows of {@link EventSchema#SCHEMA}. Learns pid to command names from PROCESS
 * notes as they pass, so that the footer (written at the end) carries the table.
 */
final class EventWriteSupport extends WriteSupport<BlockEvent> {
    private static final Binary[] ACT_BINARY = new Binary[Action.values().length];

    static {
        for (Action a : Action.values()) {
            ACT_BINARY[a.ordinal()] = Binary.fromConstantByteArray(a.letters().getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private final Supplier<StoreMetadata> footer;
    private final SortedMap<Integer, String> processes;
    private RecordConsumer out;
    private final Map<Integer, Binary> rwbsCache = new java.util.HashMap<>();
    private long rows;

    EventWriteSupport(SortedMap<Integer, String> processes, Supplier<StoreMetadata> footer) {
        this.processes = processes;
        this.footer = footer;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(EventSchema.SCHEMA, Map.of());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(EventSchema.SCHEMA, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(BlockEvent e) {
        Action kind = e.kind();
        if (kind == Action.NOTIFY_PROCESS) {
            processes.putIfAbsent(e.pid(), e.text());
        }
        out.startMessage();
        longField(0, EventSchema.TIME, e.time());
        intField(1, EventSchema.SEQUENCE, e.sequence());
        longField(2, EventSchema.SECTOR, e.sector());
        intField(3, EventSchema.BYTES, e.bytes());
        intField(4, EventSchema.ACTION, e.action());
        intField(5, EventSchema.PID, e.pid());
        intField(6, EventSchema.DEVICE, e.device());
        intField(7, EventSchema.CPU, e.cpu());
        intField(8, EventSchema.ERROR, e.error() & 0xffff);
        binaryField(9, EventSchema.PDU, Binary.fromReusedByteArray(e.pdu()));
        binaryField(10, EventSchema.ACT, ACT_BINARY[kind.ordinal()]);
        binaryField(11, EventSchema.RWBS, e.isNotify() ? ACT_BINARY[Action.UNKNOWN.ordinal()] : rwbs(e));
        if (e.actionExt() != 0) {
            intField(12, EventSchema.ACTION_EXT, e.actionExt());
        }
        out.endMessage();
        rows++;
    }

    @Override
    public FinalizedWriteContext finalizeWrite() {
        StoreMetadata m = footer.get();
        return new FinalizedWriteContext(new StoreMetadata(m.source(), m.inputs(), m.inputDevices(),
                new TreeMap<>(processes), m.dumps(), rows).toKeyValues());
    }

    long rows() {
        return rows;
    }

    /**
     * The RWBS column's value: a function of the action's category bits and whether the bio has data, so one
     * {@link Binary} per pair is made once (a trace has a handful) instead of a string and its UTF-8 bytes per row.
     */
    private Binary rwbs(BlockEvent e) {
        int key = (e.action() >>> 16) << 1 | (e.bytes() != 0 ? 1 : 0);
        Binary b = rwbsCache.get(key);
        if (b == null) {
            b = Binary.fromConstantByteArray(e.rwbs().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            rwbsCache.put(key, b);
        }
        return b;
    }

    private void longField(int index, String name, long v) {
        out.startField(name, index);
        out.addLong(v);
        out.endField(name, index);
    }

    private void intField(int index, String name, int v) {
        out.startField(name, index);
        out.addInteger(v);
        out.endField(name, index);
    }

    private void binaryField(int index, String name, Binary v) {
        out.startField(name, index);
        out.addBinary(v);
        out.endField(name, index);
    }
}
