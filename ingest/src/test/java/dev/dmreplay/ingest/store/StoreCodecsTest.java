package dev.dmreplay.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's codecs ({@link RowGroupEncoder}): {@code time} chunks uncompressed, every other chunk ZSTD with its
 * pages compressed while that makes them at least an eighth smaller.
 */
class StoreCodecsTest {
    @TempDir
    Path dir;

    @Test
    void timeIsUncompressedAndOtherPagesCompressedWhenItPays() throws IOException {
        List<BlockEvent> events = RandomEvents.of(21, 30_000);
        Path file = dir.resolve("s.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.create(file,
                new ParquetEventWriter.Options(10_000, 2_000, 3, 2), "random", List.of("sda"), Map.of())) {
            for (BlockEvent e : events) {
                w.write(e);
            }
            w.commit();
        }
        byte[] all = Files.readAllBytes(file);
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            for (BlockMetaData g : r.getRowGroups()) {
                for (ColumnChunkMetaData c : g.getColumns()) {
                    String name = c.getPath().toDotString();
                    assertThat(c.getCodec()).as(name).isEqualTo(name.equals(EventSchema.TIME)
                            ? CompressionCodecName.UNCOMPRESSED : CompressionCodecName.ZSTD);
                    boolean tried = true;
                    for (PageHead p : dataPages(all, c)) {
                        int data = p.uncompressed() - p.dataV2().definitionLength();
                        if (p.dataV2().compressed()) {
                            assertThat(tried).as("%s: a page compressed after one that was not worth it", name)
                                    .isTrue();
                            // kept compressed: at least an eighth smaller
                            assertThat(p.compressed() - p.dataV2().definitionLength()).as(name)
                                    .isLessThanOrEqualTo(data - data / 8);
                        } else {
                            assertThat(p.compressed()).as(name).isEqualTo(p.uncompressed());
                            tried &= data == 0; // an empty page (all nulls) is not tried, and changes nothing
                        }
                    }
                }
                // RandomEvents' sectors are random 44-bit numbers: ZSTD cannot shrink their deltas, left as they are;
                // payloads are mostly empty (runs of zero lengths) or share prefixes: ZSTD shrinks them
                assertThat(dataPages(all, chunk(g, EventSchema.SECTOR))).allMatch(p -> !p.dataV2().compressed());
                assertThat(dataPages(all, chunk(g, EventSchema.PDU))).allMatch(p -> p.dataV2().compressed());
            }
        }
        // read back by the store's reader (direct) and by parquet-mr's record reader, every column
        assertThat(ParquetEventStoreTest.readAll(file)).containsExactlyElementsOf(events);
        assertThat(ParquetMrStores.readGroups(file).stream().map(ParquetMrStores::event).toList())
                .containsExactlyElementsOf(events);
    }

    private static ColumnChunkMetaData chunk(BlockMetaData g, String name) {
        return g.getColumns().stream().filter(c -> c.getPath().toDotString().equals(name)).findFirst().orElseThrow();
    }

    /** The headers of the data pages of chunk {@code c} of the file {@code all}. */
    private static List<PageHead> dataPages(byte[] all, ColumnChunkMetaData c) {
        List<PageHead> out = new ArrayList<>();
        int pos = (int) c.getStartingPos();
        int end = (int) (c.getStartingPos() + c.getTotalSize());
        while (pos < end) {
            PageHead h = PageHeaderParser.parse(all, pos, end);
            if (h.type() == PageHead.DATA_PAGE_V2) {
                out.add(h);
            }
            pos += h.length() + h.compressed();
        }
        assertThat(out).isNotEmpty();
        return out;
    }
}
