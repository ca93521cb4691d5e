package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.model.BlockEvent;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/** Materialises rows of {@link EventSchema#READ_SCHEMA} into {@link BlockEvent}s (derived columns not read). */
final class EventReadSupport extends ReadSupport<BlockEvent> {

    @Override
    public ReadContext init(InitContext context) {
        return new ReadContext(EventSchema.readSchemaFor(context.getFileSchema()));
    }

    @Override
    public RecordMaterializer<BlockEvent> prepareForRead(Configuration conf, Map<String, String> keyValueMetaData,
                                                         MessageType fileSchema, ReadContext readContext) {
        return new Materializer();
    }

    @Override
    public RecordMaterializer<BlockEvent> prepareForRead(ParquetConfiguration conf,
                                                         Map<String, String> keyValueMetaData,
                                                         MessageType fileSchema, ReadContext readContext) {
        return new Materializer();
    }

    /** One mutable row, filled column by column and turned into a record at the end of each row. */
    private static final class Materializer extends RecordMaterializer<BlockEvent> {
        long time;
        long sector;
        final int[] ints = new int[8];
        int actionExt;
        byte[] pdu = BlockEvent.NO_PDU;
        private final GroupConverter root = new Root();

        @Override
        public BlockEvent getCurrentRecord() {
            return new BlockEvent(time, ints[1], sector, ints[3], ints[4], ints[5], ints[6], ints[7], ints[0], pdu,
                    actionExt);
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }

        private final class Root extends GroupConverter {
            private final Converter[] fields = new Converter[11];

            Root() {
                fields[0] = new PrimitiveConverter() {
                    @Override
                    public void addLong(long value) {
                        time = value;
                    }
                };
                fields[2] = new PrimitiveConverter() {
                    @Override
                    public void addLong(long value) {
                        sector = value;
                    }
                };
                // ints[]: 0 error, 1 sequence, 3 bytes, 4 action, 5 pid, 6 device, 7 cpu (index = field index
                // where possible; error sits at field 8 and goes to slot 0)
                int[] slot = {-1, 1, -1, 3, 4, 5, 6, 7, 0};
                for (int f : new int[] {1, 3, 4, 5, 6, 7, 8}) {
                    int s = slot[f];
                    fields[f] = new PrimitiveConverter() {
                        @Override
                        public void addInt(int value) {
                            ints[s] = value;
                        }
                    };
                }
                fields[9] = new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary value) {
                        pdu = value.length() == 0 ? BlockEvent.NO_PDU : value.getBytes();
                    }
                };
                fields[10] = new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        actionExt = value;
                    }
                };
            }

            @Override
            public Converter getConverter(int fieldIndex) {
                return fields[fieldIndex];
            }

            @Override
            public void start() {
                pdu = BlockEvent.NO_PDU;
                actionExt = 0; // null in the column: a version 7 record
            }

            @Override
            public void end() {
            }
        }
    }
}
