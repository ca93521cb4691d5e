package dev.dmreplay.ingest.store;

import com.github.luben.zstd.ZstdDecompressCtx;
import java.util.zip.CRC32;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * The pages of one column chunk, from the chunk's bytes as stored: page headers parsed ({@link PageHeaderParser}, as
 * parquet-format's Thrift reader would), each page's CRC-32 checked when it has one, bodies decompressed with ZSTD or
 * taken as they are (an uncompressed chunk, or a version 2 page stored uncompressed in a ZSTD chunk). This is what
 * parquet-mr's page reader does, without its codec factory, whose Hadoop configuration (parsing Hadoop's default XML
 * files) cost about 0.2 s of CPU on every open of a store.
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
    /** The decompressor of ZSTD chunks (null when the chunk is not ZSTD). */
    private ZstdDecompressCtx zstd;
    private final CRC32 crc = new CRC32();
    private int pos;
    private PageHead header;
    private int headerEnd;
    /**
     * Decompressed page bodies, reused: a page's bytes are valid until the next page is read. Kept from chunk to
     * chunk ({@link #start}): a buffer per chunk lived a whole row group, long enough for the collector to copy
     * and promote it, and the old generation grew by that much every row group until a full collection.
     */
    private byte[] scratch = new byte[0];

    /** Starts on a chunk ({@code chunk[0, length)}) of the column, keeping the buffers of the previous one. */
    void start(String column, byte[] chunk, int length, CompressionCodecName codec, long values,
               ZstdDecompressCtx zstd) {
        this.zstd = zstd;
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
        if (!peek() || header.type() != PageHead.DICTIONARY_PAGE) {
            return null;
        }
        PageHead h = header;
        if (h.dictionary() == null) {
            throw damaged("a dictionary page without its header");
        }
        BytesInput body = body(h, 0, h.uncompressed(), true);
        return new DictionaryPage(body, h.uncompressed(), h.dictionary().values(), encoding(h.dictionary().encoding()));
    }

    @Override
    public DataPage readPage() {
        while (peek()) {
            PageHead h = header;
            switch (h.type()) {
                case PageHead.DATA_PAGE -> {
                    PageHead.Data d = h.data();
                    if (d == null) {
                        throw damaged("a data page without its header");
                    }
                    BytesInput body = body(h, 0, h.uncompressed(), true);
                    return new DataPageV1(body, d.values(), h.uncompressed(), null,
                            encoding(d.repetitionEncoding()), encoding(d.definitionEncoding()), encoding(d.encoding()));
                }
                case PageHead.DATA_PAGE_V2 -> {
                    PageHead.DataV2 d = h.dataV2();
                    if (d == null) {
                        throw damaged("a version 2 data page without its header");
                    }
                    int rl = d.repetitionLength();
                    int dl = d.definitionLength();
                    int stored = h.compressed();
                    if (rl < 0 || dl < 0 || (long) rl + dl > stored || (long) rl + dl > h.uncompressed()) {
                        throw damaged("levels of " + rl + " + " + dl + " bytes in a page of " + stored);
                    }
                    int start = headerEnd;
                    BytesInput data = body(h, rl + dl, h.uncompressed() - rl - dl, d.compressed());
                    return DataPageV2.uncompressed(d.rows(), d.nulls(), d.values(),
                            BytesInput.from(chunk, start, rl), BytesInput.from(chunk, start + rl, dl),
                            encoding(d.encoding()), data, null);
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
        try {
            header = PageHeaderParser.parse(chunk, pos, length);
        } catch (RuntimeException e) {
            throw damaged("unreadable page header at byte " + pos + " of the chunk (" + e.getMessage() + ")");
        }
        headerEnd = pos + header.length();
        int stored = header.compressed();
        if (stored < 0 || stored > length - headerEnd || header.uncompressed() < 0
                || header.uncompressed() > MAX_PAGE) {
            throw damaged("a page of " + stored + " bytes (" + header.uncompressed()
                    + " uncompressed) where the chunk has " + (length - headerEnd) + " left");
        }
        return true;
    }

    /**
     * The current page's body from {@code skip} bytes in (after the levels of a version 2 page), decompressed to
     * {@code size} bytes when {@code compressed}; checks the CRC over the whole stored body first. Moves past the page.
     * The bytes are valid until the next page is read (the reader copies them out at once).
     */
    private BytesInput body(PageHead h, int skip, int size, boolean compressed) {
        int stored = h.compressed();
        int start = headerEnd;
        if (h.hasCrc()) {
            crc.reset();
            crc.update(chunk, start, stored);
            if ((int) crc.getValue() != h.crc()) {
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

    private void skip(PageHead h) {
        header = null;
        pos = headerEnd + h.compressed();
    }

    /** parquet-mr's encoding of a Thrift encoding value ({@link PageHeaderParser} let only known ones through). */
    private static Encoding encoding(int thrift) {
        org.apache.parquet.format.Encoding e = org.apache.parquet.format.Encoding.findByValue(thrift);
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
