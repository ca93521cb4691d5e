package dev.dmreplay.ingest.store;

import java.util.List;
import org.apache.parquet.format.ColumnOrder;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A footer's Thrift schema as a {@link MessageType}, for the flat schemas of the event store only: columns of
 * INT32, INT64 or BYTE_ARRAY, annotated as integers or strings, nothing else. parquet-mr's own conversion is not
 * public, and the public way to it builds parquet-mr's whole file metadata model (see {@link StoreFooter}).
 *
 * <p>Anything else (a nested group, a field id, a fixed length, another annotation, a logical type that disagrees
 * with its converted type, which parquet-mr resolves in the converted type's favour) is null: the caller then
 * lets parquet-mr convert it. A type built here equals the one parquet-mr would build from the same elements.
 */
final class FlatSchema {
    private FlatSchema() {
    }

    /** The schema of {@code elements} (root first), or null when it is not a flat schema of known columns. */
    static MessageType of(List<SchemaElement> elements, List<ColumnOrder> orders) {
        if (elements == null || elements.isEmpty()) {
            return null;
        }
        SchemaElement root = elements.get(0);
        int n = root.getNum_children();
        if (root.isSetType() || elements.size() != n + 1 || orders != null && orders.size() != n) {
            return null;
        }
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (int i = 1; i <= n; i++) {
            SchemaElement e = elements.get(i);
            if (orders != null && !orders.get(i - 1).isSetTYPE_ORDER()) {
                return null;
            }
            if (!add(message, e)) {
                return null;
            }
        }
        return message.named(root.getName());
    }

    private static boolean add(Types.MessageTypeBuilder message, SchemaElement e) {
        if (!e.isSetType() || e.isSetNum_children() || e.isSetType_length() || e.isSetPrecision() || e.isSetScale()
                || e.isSetField_id() || !e.isSetRepetition_type() || e.getName() == null) {
            return false;
        }
        PrimitiveTypeName type = switch (e.getType()) {
            case INT32 -> PrimitiveTypeName.INT32;
            case INT64 -> PrimitiveTypeName.INT64;
            case BYTE_ARRAY -> PrimitiveTypeName.BINARY;
            default -> null;
        };
        LogicalTypeAnnotation logical = e.isSetLogicalType() ? annotation(e.getLogicalType()) : null;
        if (type == null || e.isSetLogicalType() && logical == null) {
            return false;
        }
        if (e.isSetConverted_type()) {
            LogicalTypeAnnotation converted = annotation(e.getConverted_type());
            if (converted == null || logical != null && !logical.equals(converted)) {
                return false;
            }
            logical = converted;
        }
        Type.Repetition repetition = Type.Repetition.valueOf(e.getRepetition_type().name());
        Types.PrimitiveBuilder<Types.GroupBuilder<MessageType>> column = message.primitive(type, repetition);
        if (logical != null) {
            column.as(logical);
        }
        column.named(e.getName());
        return true;
    }

    private static LogicalTypeAnnotation annotation(LogicalType t) {
        if (t.isSetINTEGER()) {
            return LogicalTypeAnnotation.intType(t.getINTEGER().getBitWidth(), t.getINTEGER().isIsSigned());
        }
        return t.isSetSTRING() ? LogicalTypeAnnotation.stringType() : null;
    }

    private static LogicalTypeAnnotation annotation(ConvertedType t) {
        return switch (t) {
            case UINT_8 -> LogicalTypeAnnotation.intType(8, false);
            case UINT_16 -> LogicalTypeAnnotation.intType(16, false);
            case UINT_32 -> LogicalTypeAnnotation.intType(32, false);
            case UINT_64 -> LogicalTypeAnnotation.intType(64, false);
            case INT_8 -> LogicalTypeAnnotation.intType(8, true);
            case INT_16 -> LogicalTypeAnnotation.intType(16, true);
            case INT_32 -> LogicalTypeAnnotation.intType(32, true);
            case INT_64 -> LogicalTypeAnnotation.intType(64, true);
            case UTF8 -> LogicalTypeAnnotation.stringType();
            default -> null;
        };
    }
}
