package dev.dmreplay.ingest.store;

import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of the canonical event store: one row per {@link dev.dmreplay.ingest.model.BlockEvent},
 * field by field, in trace order. Unsigned kernel fields carry Parquet's unsigned integer annotation so that
 * DuckDB and pandas show them as the kernel stores them ({@code UINTEGER}/{@code uint32}).
 *
 * <pre>
 * message block_event {
 *   required int64  time;                      // ns, kernel monotonic clock as recorded
 *   required int32  sequence (INTEGER(32,false));
 *   required int64  sector   (INTEGER(64,false)); // 512-byte sectors
 *   required int32  bytes    (INTEGER(32,false));
 *   required int32  action   (INTEGER(32,false)); // raw blk_io_trace.action (categories &lt;&lt; 16 | code)
 *   required int32  pid      (INTEGER(32,false));
 *   required int32  device   (INTEGER(32,false)); // kernel dev_t: major &lt;&lt; 20 | minor
 *   required int32  cpu      (INTEGER(32,false));
 *   required int32  error    (INTEGER(16,false)); // u16 as stored, -EIO = 65531
 *   required binary pdu;                       // payload bytes as in the trace, empty when none
 *   required binary act (STRING);              // derived: action letters as blkparse prints them
 *   required binary rwbs (STRING);             // derived: RWBS as blkparse prints it
 *   optional int32  action_ext (INTEGER(32,false)); // version 8 records: upper action bits, see CategoryV2
 * }
 * </pre>
 *
 * The two derived columns are for SQL users; readers of this project rebuild everything from the first ten and
 * {@code action_ext} (null for version 7 records; absent from stores of format version 1).
 */
public final class EventSchema {

    /** Bumped whenever a column changes meaning; readers refuse newer versions. */
    public static final int FORMAT_VERSION = 2;

    public static final String TIME = "time";
    public static final String SEQUENCE = "sequence";
    public static final String SECTOR = "sector";
    public static final String BYTES = "bytes";
    public static final String ACTION = "action";
    public static final String PID = "pid";
    public static final String DEVICE = "device";
    public static final String CPU = "cpu";
    public static final String ERROR = "error";
    public static final String PDU = "pdu";
    public static final String ACT = "act";
    public static final String RWBS = "rwbs";
    /** Added in format version 2 (blktrace protocol version 8 records). */
    public static final String ACTION_EXT = "action_ext";

    /** Key-value metadata keys in the file footer. */
    public static final String KEY_FORMAT = "dmreplay.format";
    public static final String KEY_VERSION = "dmreplay.format_version";
    public static final String KEY_SOURCE = "dmreplay.source";
    public static final String KEY_INPUTS = "dmreplay.inputs";
    public static final String KEY_PROCESSES = "dmreplay.processes";
    public static final String KEY_EVENTS = "dmreplay.events";
    /** Value of {@link #KEY_FORMAT}. */
    public static final String FORMAT_NAME = "dmreplay-events";

    public static final MessageType SCHEMA = Types.buildMessage()
            .required(INT64).named(TIME)
            .required(INT32).as(u(32)).named(SEQUENCE)
            .required(INT64).as(u(64)).named(SECTOR)
            .required(INT32).as(u(32)).named(BYTES)
            .required(INT32).as(u(32)).named(ACTION)
            .required(INT32).as(u(32)).named(PID)
            .required(INT32).as(u(32)).named(DEVICE)
            .required(INT32).as(u(32)).named(CPU)
            .required(INT32).as(u(16)).named(ERROR)
            .required(BINARY).named(PDU)
            .required(BINARY).as(LogicalTypeAnnotation.stringType()).named(ACT)
            .required(BINARY).as(LogicalTypeAnnotation.stringType()).named(RWBS)
            .optional(INT32).as(u(32)).named(ACTION_EXT)
            .named("block_event");

    /** The columns read back from a format version 1 store (the derived ones are skipped). */
    public static final MessageType READ_SCHEMA = Types.buildMessage()
            .addFields(SCHEMA.getFields().subList(0, 10).toArray(new org.apache.parquet.schema.Type[0]))
            .named("block_event");

    /** The columns read back from a store that has {@link #ACTION_EXT}. */
    public static final MessageType READ_SCHEMA_EXT = Types.buildMessage()
            .addFields(READ_SCHEMA.getFields().toArray(new org.apache.parquet.schema.Type[0]))
            .addField(SCHEMA.getType(ACTION_EXT))
            .named("block_event");

    /** What to read from a file with this schema. */
    static MessageType readSchemaFor(MessageType fileSchema) {
        return fileSchema.containsField(ACTION_EXT) ? READ_SCHEMA_EXT : READ_SCHEMA;
    }

    private EventSchema() {
    }

    private static LogicalTypeAnnotation u(int bits) {
        return LogicalTypeAnnotation.intType(bits, false);
    }
}
