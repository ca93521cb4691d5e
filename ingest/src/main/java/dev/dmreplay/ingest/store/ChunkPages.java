package dev.dmreplay.ingest.store;

import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * The pages of one column chunk, from the chunk's bytes as stored: page headers parsed (parquet-format's Thrift
 * structures), each page's CRC-32 checked when it has one, bodies decompressed with ZSTD (the store's codec) or
 * taken as they are. This is what parquet-mr's page reader does, without its codec factory, whose Hadoop
 * configuration (parsing Hadoop's default XML files) cost about 0.2 s of CPU on every open of a store.
 */
final class ChunkPages implements PageReader {
    /** Largest page this reader believes a header about (the store writes pages of a few hundred KB). */
    private static final int MAX_PAGE = 1 << 28;

    /** Codecs this reader decompresses itself; a file with another codec is read through parquet-mr. */
    static boolean handles(CompressionCodecName codec) {
        return codec == CompressionCodecName.ZSTD || codec == CompressionCodecName.UNCOMPRESSED;
    }

    private String column;
    private byte[] chunk;
    private int length;
    private CompressionCodecName codec;
    private long values;
    private final ZstdDecompressCtx zstd;
    private final CRC32 crc = new CRC32();
    private int pos;
    private PageHeader header;
    private int headerEnd;
    /**
     * Decompressed page bodies, reused: a page's bytes are valid until the next page is read. Kept from chunk to
     * chunk ({@link #start}): a buffer per chunk lived a whole row group, long enough for the collector to copy
     * and promote it, and the old generation grew by that much every row group until a full collection.
     */
    private byte[] scratch = new byte[0];

    /** The chunk is {@code chunk[0, length)}. */
    ChunkPages(String column, byte[] chunk, int length, CompressionCodecName codec, long values,
               ZstdDecompressCtx zstd) {
        this.zstd = zstd;
        start(column, chunk, length, codec, values);
    }

    /** Starts on another chunk ({@code chunk[0, length)}) of the same column, keeping the buffers. */
    void start(String column, byte[] chunk, int length, CompressionCodecName codec, long values) {
        this.column = column;
        this.chunk = chunk;
        this.length = length;
        this.codec = codec;
        this.values = values;
        this.pos = 0;
        this.header = null;
        this.headerEnd = 0;
    }

    @Override
    public long getTotalValueCount() {
        return values;
    }

    @Override
    public DictionaryPage readDictionaryPage() {
        if (!peek() || header.getType() != PageType.DICTIONARY_PAGE) {
            return null;
        }
        PageHeader h = header;
        if (!h.isSetDictionary_page_header()) {
            throw damaged("a dictionary page without its header");
        }
        BytesInput body = body(h, 0, h.getUncompressed_page_size(), true);
        return new DictionaryPage(body, h.getUncompressed_page_size(),
                h.getDictionary_page_header().getNum_values(), encoding(h.getDictionary_page_header().getEncoding()));
    }

    @Override
    public DataPage readPage() {
        while (peek()) {
            PageHeader h = header;
            switch (h.getType()) {
                case DATA_PAGE -> {
                    if (!h.isSetData_page_header()) {
                        throw damaged("a data page without its header");
                    }
                    DataPageHeader d = h.getData_page_header();
                    BytesInput body = body(h, 0, h.getUncompressed_page_size(), true);
                    return new DataPageV1(body, d.getNum_values(), h.getUncompressed_page_size(),
                            null, encoding(d.getRepetition_level_encoding()), encoding(d.getDefinition_level_encoding()),
                            encoding(d.getEncoding()));
                }
                case DATA_PAGE_V2 -> {
                    if (!h.isSetData_page_header_v2()) {
                        throw damaged("a version 2 data page without its header");
                    }
                    DataPageHeaderV2 d = h.getData_page_header_v2();
                    int rl = d.getRepetition_levels_byte_length();
                    int dl = d.getDefinition_levels_byte_length();
                    int stored = h.getCompressed_page_size();
                    if (rl < 0 || dl < 0 || (long) rl + dl > stored || (long) rl + dl > h.getUncompressed_page_size()) {
                        throw damaged("levels of " + rl + " + " + dl + " bytes in a page of " + stored);
                    }
                    int start = headerEnd;
                    BytesInput data = body(h, rl + dl, h.getUncompressed_page_size() - rl - dl, d.isIs_compressed());
                    return DataPageV2.uncompressed(d.getNum_rows(), d.getNum_nulls(), d.getNum_values(),
                            BytesInput.from(chunk, start, rl), BytesInput.from(chunk, start + rl, dl),
                            encoding(d.getEncoding()), data, null);
                }
                default -> skip(h); // index pages and any other kind: not data
            }
        }
        return null;
    }

    /** Parses the header at {@link #pos} unless done; false at the end of the chunk. */
    private boolean peek() {
        if (header != null) {
            return true;
        }
        if (pos >= length) {
            return false;
        }
        ByteArrayInputStream in = new ByteArrayInputStream(chunk, pos, length - pos);
        try {
            header = Util.readPageHeader(in);
        } catch (IOException | RuntimeException e) {
            throw damaged("unreadable page header at byte " + pos + " of the chunk (" + e.getMessage() + ")");
        }
        headerEnd = length - in.available();
        int stored = header.getCompressed_page_size();
        if (stored < 0 || stored > length - headerEnd || header.getUncompressed_page_size() < 0
                || header.getUncompressed_page_size() > MAX_PAGE) {
            throw damaged("a page of " + stored + " bytes (" + header.getUncompressed_page_size()
                    + " uncompressed) where the chunk has " + (length - headerEnd) + " left");
        }
        return true;
    }

    /**
     * The current page's body from {@code skip} bytes in (after the levels of a version 2 page), decompressed to
     * {@code size} bytes when {@code compressed}; checks the CRC over the whole stored body first. Moves past the page.
     * The bytes are valid until the next page is read (the reader copies them out at once).
     */
    private BytesInput body(PageHeader h, int skip, int size, boolean compressed) {
        int stored = h.getCompressed_page_size();
        int start = headerEnd;
        if (h.isSetCrc()) {
            crc.reset();
            crc.update(chunk, start, stored);
            if ((int) crc.getValue() != h.getCrc()) {
                throw damaged("could not verify page integrity, CRC checksum verification failed");
            }
        }
        header = null;
        pos = start + stored;
        int from = start + skip;
        int length = stored - skip;
        if (!compressed || codec == CompressionCodecName.UNCOMPRESSED || length == 0 && size == 0) {
            if (length != size) {
                throw damaged("an uncompressed page of " + length + " bytes whose header says " + size);
            }
            return BytesInput.from(chunk, from, length);
        }
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        int n;
        try {
            n = zstd.decompressByteArray(scratch, 0, size, chunk, from, length);
        } catch (RuntimeException e) {
            throw damaged("ZSTD: " + e.getMessage());
        }
        if (n != size) {
            throw damaged("a page of " + n + " bytes whose header says " + size);
        }
        return BytesInput.from(scratch, 0, size);
    }

    private void skip(PageHeader h) {
        header = null;
        pos = headerEnd + h.getCompressed_page_size();
    }

    private static Encoding encoding(org.apache.parquet.format.Encoding e) {
        try {
            return Encoding.valueOf(e.name());
        } catch (RuntimeException unknown) {
            throw new ParquetDecodingException("a page in encoding " + e);
        }
    }

    private ParquetDecodingException damaged(String what) {
        return new ParquetDecodingException("column " + column + ": " + what);
    }
}
