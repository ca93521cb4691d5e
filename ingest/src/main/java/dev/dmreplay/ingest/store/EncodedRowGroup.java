package dev.dmreplay.ingest.store;

import java.io.IOException;
import java.util.List;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * One row group, every column chunk encoded and compressed by a {@link RowGroupEncoder}: what is left to do is
 * copying it into the file, which {@link #writeTo} does through parquet-mr's {@link ParquetFileWriter} (page
 * headers with their CRC-32, statistics, column and offset indexes, and later the footer).
 */
record EncodedRowGroup(int rows, List<Chunk> chunks) {

    /**
     * A column chunk: an optional dictionary page, then data pages (version 2) in row order, their values
     * compressed with {@code codec} (ZSTD or UNCOMPRESSED).
     */
    record Chunk(ColumnDescriptor column, CompressionCodecName codec, DictionaryPage dictionary, List<Page> pages) {
    }

    /**
     * A data page (version 2): {@code definitionLevels} uncompressed as the format wants them, {@code data} the
     * values compressed ({@code compressed}) or empty.
     */
    record Page(int rows, int nulls, byte[] definitionLevels, Encoding encoding, byte[] data, boolean compressed,
                int uncompressedDataSize, Statistics<?> statistics, SizeStatistics sizes) {
    }

    /** Appends the row group to {@code file} (in the order of the schema's columns). */
    void writeTo(ParquetFileWriter file) throws IOException {
        file.startBlock(rows);
        for (Chunk c : chunks) {
            file.startColumn(c.column(), rows, c.codec());
            if (c.dictionary() != null) {
                file.writeDictionaryPage(c.dictionary());
            }
            for (Page p : c.pages()) {
                file.writeDataPageV2(p.rows(), p.nulls(), p.rows(), BytesInput.empty(),
                        BytesInput.from(p.definitionLevels()), p.encoding(), BytesInput.from(p.data()), p.compressed(),
                        p.uncompressedDataSize(), p.statistics(), null, null, p.sizes());
            }
            file.endColumn();
        }
        file.endBlock();
    }
}
