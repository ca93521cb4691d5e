package dev.dmreplay.ingest.store;

import java.util.Optional;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

/**
 * Checks a Parquet footer's column chunk extents against the file before any row group is read.
 *
 * <p>parquet-mr reads a row group by allocating each column chunk's {@code total_compressed_size} as stated in
 * the footer (in 8 MB pieces, so a damaged size fills the heap piece by piece instead of failing at once). A
 * chunk that starts before the first data byte or ends past the footer cannot be real: refuse the file there,
 * naming the row group and column, instead of letting the reader run out of memory.
 */
public final class ParquetFooterBounds {
    /** The 4-byte magic at the start of every Parquet file. */
    private static final long DATA_START = 4;

    private ParquetFooterBounds() {
    }

    /** The first impossible chunk extent of {@code footer} in a file of {@code fileSize} bytes, if any. */
    public static Optional<String> problem(ParquetFileReader footer, long fileSize) {
        // the footer, its 4-byte length and the trailing magic follow the last data byte
        long dataEnd = fileSize - 8;
        int group = 0;
        for (BlockMetaData block : footer.getFooter().getBlocks()) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                long start = chunk.getStartingPos();
                long size = chunk.getTotalSize();
                if (start < DATA_START || size < 0 || size > dataEnd - start) {
                    return Optional.of("row group " + group + ", column '" + chunk.getPath().toDotString()
                            + "': the footer places " + size + " bytes at offset " + start + " in a file of "
                            + fileSize + " bytes (a damaged footer)");
                }
            }
            group++;
        }
        return Optional.empty();
    }
}
