package dev.dmreplay.ingest.store;

import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The values of one column chunk of the event store (a flat column: INT32, INT64 or BINARY, required or optional),
 * page after page, into the caller's arrays; a null reads as 0 (or an empty payload). Pages come from parquet-mr's
 * {@link PageReader} (which checks their CRC and decompresses them); their values are decoded here in bulk for the
 * encodings the store's writers use (PLAIN, DELTA_BINARY_PACKED, dictionaries, DELTA_BYTE_ARRAY,
 * DELTA_LENGTH_BYTE_ARRAY, RLE levels; {@link PageDecoding}) and by parquet-mr's value readers for anything else,
 * so any valid file reads.
 *
 * <p>A page that claims more values than the row group has rows left, or whose data does not hold its values, is
 * refused ({@link ParquetDecodingException}): a damaged header must not become wrong rows or a huge allocation.
 */
final class ColumnChunkReader {
    private final ColumnDescriptor column;
    private final PrimitiveTypeName type;
    private final int maxDefinition;
    private PageReader pages;
    private long rowsLeft;

    private byte[] buf = new byte[0];
    private int[] levels = new int[0];
    private int[] ints = new int[0];
    private long[] longs = new long[0];
    private byte[][] binaries = new byte[0][];
    private int pageRows;
    private int pos;

    private boolean dictionaryRead;
    private DictionaryPage dictionaryPage;
    private int[] dictInts;
    private long[] dictLongs;
    private byte[][] dictBinaries;
    private Dictionary parquetDictionary;

    ColumnChunkReader(ColumnDescriptor column) {
        if (column.getMaxRepetitionLevel() != 0) {
            throw new IllegalArgumentException("a repeated column " + column);
        }
        this.column = column;
        this.type = column.getPrimitiveType().getPrimitiveTypeName();
        this.maxDefinition = column.getMaxDefinitionLevel();
    }

    /**
     * Starts on the chunk of the next row group ({@code rows} rows). The reader and its buffers are kept from
     * row group to row group: made once, they are not garbage the collector promotes and drops every row group.
     */
    void start(PageReader chunk, long rows) {
        this.pages = chunk;
        this.rowsLeft = rows;
        pageRows = 0;
        pos = 0;
        dictionaryRead = false;
        dictionaryPage = null;
        dictInts = null;
        dictLongs = null;
        dictBinaries = null;
        parquetDictionary = null;
    }

    void readInts(int[] out, int n) {
        for (int k = 0; k < n; ) {
            int m = available(n - k);
            System.arraycopy(ints, pos, out, k, m);
            pos += m;
            k += m;
        }
    }

    void readLongs(long[] out, int n) {
        for (int k = 0; k < n; ) {
            int m = available(n - k);
            System.arraycopy(longs, pos, out, k, m);
            pos += m;
            k += m;
        }
    }

    void readBinaries(byte[][] out, int n) {
        for (int k = 0; k < n; ) {
            int m = available(n - k);
            System.arraycopy(binaries, pos, out, k, m);
            Arrays.fill(binaries, pos, pos + m, null);
            pos += m;
            k += m;
        }
    }

    /** Values ready in the current page, up to {@code want}; reads the next page when it is used up. */
    private int available(int want) {
        if (pos == pageRows) {
            nextPage();
        }
        return Math.min(want, pageRows - pos);
    }

    private void nextPage() {
        if (!dictionaryRead) {
            dictionaryRead = true;
            readDictionary(pages.readDictionaryPage());
        }
        DataPage page = pages.readPage();
        if (page == null) {
            throw new ParquetDecodingException("column " + name() + ": no page for the row group's remaining "
                    + rowsLeft + " rows");
        }
        int rows = page.getValueCount(); // a flat column: one value or null per row
        if (rows <= 0 || rows > rowsLeft) {
            throw new ParquetDecodingException("column " + name() + ": a page of " + rows + " values where "
                    + rowsLeft + " rows are left");
        }
        grow(rows);
        try {
            if (page instanceof DataPageV2 v2) {
                pageV2(v2, rows);
            } else {
                pageV1((DataPageV1) page, rows);
            }
        } catch (IOException e) {
            throw new ParquetDecodingException("column " + name() + ": " + e.getMessage(), e);
        }
        rowsLeft -= rows;
        pageRows = rows;
        pos = 0;
    }

    private void pageV2(DataPageV2 page, int rows) throws IOException {
        int nulls = page.getNullCount();
        if (nulls < 0 || nulls > rows || maxDefinition == 0 && nulls > 0) {
            throw new ParquetDecodingException("column " + name() + ": " + nulls + " nulls in a page of " + rows);
        }
        if (maxDefinition > 0) {
            PageDecoding.Cursor c = load(page.getDefinitionLevels());
            PageDecoding.rleHybrid(c, bitWidth(maxDefinition), levels, rows);
            checkNulls(rows, nulls);
        }
        values(page.getDataEncoding(), load(page.getData()), rows - nulls, rows);
        spreadNulls(rows, nulls);
    }

    private void pageV1(DataPageV1 page, int rows) throws IOException {
        PageDecoding.Cursor c = load(page.getBytes());
        int nulls = 0;
        if (maxDefinition > 0) {
            if (page.getDlEncoding() == Encoding.RLE) {
                int length = c.intLE();
                c.need(length);
                PageDecoding.Cursor lv = new PageDecoding.Cursor(c.buf, c.pos, c.pos + length);
                PageDecoding.rleHybrid(lv, bitWidth(maxDefinition), levels, rows);
                c.pos += length;
            } else {
                ByteBufferInputStream in = ByteBufferInputStream.wrap(ByteBuffer.wrap(c.buf, c.pos, c.end - c.pos));
                ValuesReader r = page.getDlEncoding().getValuesReader(column, ValuesType.DEFINITION_LEVEL);
                r.initFromPage(rows, in);
                for (int i = 0; i < rows; i++) {
                    levels[i] = r.readInteger();
                }
                c.pos += (int) (in.position());
            }
            for (int i = 0; i < rows; i++) {
                if (levels[i] != maxDefinition) {
                    nulls++;
                }
            }
        }
        values(page.getValueEncoding(), c, rows - nulls, rows);
        spreadNulls(rows, nulls);
    }

    /** Decodes {@code count} non-null values into the front of the page arrays. */
    private void values(Encoding encoding, PageDecoding.Cursor c, int count, int rows) throws IOException {
        switch (encoding) {
            case PLAIN -> plain(c, count);
            case DELTA_BINARY_PACKED -> {
                int n = type == PrimitiveTypeName.INT64 ? PageDecoding.deltaLongs(c, longs, rows)
                        : PageDecoding.deltaInts(c, ints, rows);
                if (n != count || type == PrimitiveTypeName.BINARY) {
                    throw new ParquetDecodingException("column " + name() + ": " + n + " delta values for " + count);
                }
            }
            case RLE_DICTIONARY, PLAIN_DICTIONARY -> dictionaryIds(encoding, c, count);
            case DELTA_BYTE_ARRAY -> deltaByteArray(c, count, true);
            case DELTA_LENGTH_BYTE_ARRAY -> deltaByteArray(c, count, false);
            default -> parquetMr(encoding, c, count);
        }
    }

    private void plain(PageDecoding.Cursor c, int count) {
        switch (type) {
            case INT32 -> {
                c.need(4L * count);
                for (int i = 0; i < count; i++) {
                    ints[i] = c.intLE();
                }
            }
            case INT64 -> {
                c.need(8L * count);
                for (int i = 0; i < count; i++) {
                    longs[i] = c.longLE();
                }
            }
            case BINARY -> {
                for (int i = 0; i < count; i++) {
                    int len = c.intLE();
                    binaries[i] = bytes(c, len);
                }
            }
            default -> throw new ParquetDecodingException("column " + name() + " of type " + type);
        }
    }

    private void dictionaryIds(Encoding encoding, PageDecoding.Cursor c, int count) throws IOException {
        if (dictionaryPage == null) {
            throw new ParquetDecodingException("column " + name() + ": dictionary-encoded page without a dictionary");
        }
        if (dictInts == null && dictLongs == null && dictBinaries == null) {
            parquetMr(encoding, c, count); // a dictionary not in PLAIN: parquet-mr decodes it
            return;
        }
        int width = c.u8();
        if (ids.length < count) {
            ids = new int[Math.max(count, levels.length)];
        }
        PageDecoding.rleHybrid(c, width, ids, count);
        int size = dictionarySize();
        // one pass per page: each id checked (unsigned: a negative one too) as it is looked up
        switch (type) {
            case INT32 -> {
                int[] d = dictInts;
                for (int i = 0; i < count; i++) {
                    int id = ids[i];
                    if (Integer.compareUnsigned(id, size) >= 0) {
                        throw badId(id, size);
                    }
                    ints[i] = d[id];
                }
            }
            case INT64 -> {
                long[] d = dictLongs;
                for (int i = 0; i < count; i++) {
                    int id = ids[i];
                    if (Integer.compareUnsigned(id, size) >= 0) {
                        throw badId(id, size);
                    }
                    longs[i] = d[id];
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    int id = ids[i];
                    if (Integer.compareUnsigned(id, size) >= 0) {
                        throw badId(id, size);
                    }
                    byte[] v = dictBinaries[id];
                    binaries[i] = v.length == 0 ? BlockEvent.NO_PDU : v.clone();
                }
            }
        }
    }

    private ParquetDecodingException badId(int id, int size) {
        return new ParquetDecodingException("column " + name() + ": dictionary id " + id + " of " + size);
    }

    /** Dictionary ids of the current page. */
    private int[] ids = new int[0];

    private int dictionarySize() {
        return switch (type) {
            case INT32 -> dictInts.length;
            case INT64 -> dictLongs.length;
            default -> dictBinaries.length;
        };
    }

    /**
     * Keeps the chunk's dictionary page (its bytes copied: parquet-mr's may be a stream readable once) and, when it
     * is PLAIN as every writer makes it, its values decoded into an array.
     */
    private void readDictionary(DictionaryPage page) {
        if (page == null) {
            return;
        }
        try {
            byte[] bytes = page.getBytes().toByteArray();
            dictionaryPage = new DictionaryPage(BytesInput.from(bytes), page.getUncompressedSize(),
                    page.getDictionarySize(), page.getEncoding());
            if (page.getEncoding() != Encoding.PLAIN && page.getEncoding() != Encoding.PLAIN_DICTIONARY) {
                return;
            }
            byte[] padded = Arrays.copyOf(bytes, bytes.length + PageDecoding.PAD);
            PageDecoding.Cursor c = new PageDecoding.Cursor(padded, 0, bytes.length);
            int n = c.count(page.getDictionarySize(), bytes.length, "dictionary size");
            switch (type) {
                case INT32 -> {
                    c.need(4L * n);
                    dictInts = new int[n];
                    for (int i = 0; i < n; i++) {
                        dictInts[i] = c.intLE();
                    }
                }
                case INT64 -> {
                    c.need(8L * n);
                    dictLongs = new long[n];
                    for (int i = 0; i < n; i++) {
                        dictLongs[i] = c.longLE();
                    }
                }
                case BINARY -> {
                    dictBinaries = new byte[n][];
                    for (int i = 0; i < n; i++) {
                        dictBinaries[i] = bytes(c, c.intLE());
                    }
                }
                default -> throw new ParquetDecodingException("column " + name() + " of type " + type);
            }
        } catch (IOException e) {
            throw new ParquetDecodingException("column " + name() + ": dictionary page: " + e.getMessage(), e);
        }
    }

    private int[] prefixes = new int[0];
    private int[] lengths = new int[0];

    /** DELTA_BYTE_ARRAY (prefix lengths, then as DELTA_LENGTH_BYTE_ARRAY the suffixes) or DELTA_LENGTH_BYTE_ARRAY. */
    private void deltaByteArray(PageDecoding.Cursor c, int count, boolean prefixed) {
        if (type != PrimitiveTypeName.BINARY) {
            throw new ParquetDecodingException("column " + name() + ": byte array encoding for " + type);
        }
        if (lengths.length < count) {
            prefixes = new int[count];
            lengths = new int[count];
        }
        if (prefixed && PageDecoding.deltaInts(c, prefixes, count) != count
                || PageDecoding.deltaInts(c, lengths, count) != count) {
            throw new ParquetDecodingException("column " + name() + ": byte array lengths for fewer than " + count
                    + " values");
        }
        byte[] prev = BlockEvent.NO_PDU;
        for (int i = 0; i < count; i++) {
            int prefix = prefixed ? prefixes[i] : 0;
            int len = lengths[i];
            if (prefix < 0 || prefix > prev.length || len < 0) {
                throw new ParquetDecodingException("column " + name() + ": prefix " + prefix + " of a " + prev.length
                        + "-byte value, suffix of " + len);
            }
            byte[] v;
            if (prefix == 0) {
                v = bytes(c, len);
            } else {
                c.need(len);
                v = Arrays.copyOf(prev, prefix + len);
                System.arraycopy(c.buf, c.pos, v, prefix, len);
                c.pos += len;
            }
            binaries[i] = v;
            prev = v;
        }
    }

    /** Any other encoding: parquet-mr's reader for it, one value at a time. */
    private void parquetMr(Encoding encoding, PageDecoding.Cursor c, int count) throws IOException {
        ValuesReader r;
        if (encoding.usesDictionary()) {
            if (parquetDictionary == null) {
                if (dictionaryPage == null) {
                    throw new ParquetDecodingException("column " + name() + ": no dictionary for " + encoding);
                }
                parquetDictionary = dictionaryPage.getEncoding().initDictionary(column, dictionaryPage);
            }
            r = encoding.getDictionaryBasedValuesReader(column, ValuesType.VALUES, parquetDictionary);
        } else {
            r = encoding.getValuesReader(column, ValuesType.VALUES);
        }
        r.initFromPage(count, ByteBufferInputStream.wrap(ByteBuffer.wrap(c.buf, c.pos, c.end - c.pos)));
        for (int i = 0; i < count; i++) {
            switch (type) {
                case INT32 -> ints[i] = r.readInteger();
                case INT64 -> longs[i] = r.readLong();
                case BINARY -> {
                    byte[] v = r.readBytes().getBytes();
                    binaries[i] = v.length == 0 ? BlockEvent.NO_PDU : v;
                }
                default -> throw new ParquetDecodingException("column " + name() + " of type " + type);
            }
        }
    }

    private static byte[] bytes(PageDecoding.Cursor c, int len) {
        if (len == 0) {
            return BlockEvent.NO_PDU;
        }
        c.need(len);
        byte[] v = Arrays.copyOfRange(c.buf, c.pos, c.pos + len);
        c.pos += len;
        return v;
    }

    private void checkNulls(int rows, int nulls) {
        int n = 0;
        for (int i = 0; i < rows; i++) {
            int l = levels[i];
            if (l != maxDefinition) {
                if (l < 0 || l > maxDefinition) {
                    throw new ParquetDecodingException("column " + name() + ": definition level " + l);
                }
                n++;
            }
        }
        if (n != nulls) {
            throw new ParquetDecodingException("column " + name() + ": " + n + " null levels, the header says "
                    + nulls);
        }
    }

    /** Moves the {@code rows - nulls} values at the front to their rows, nulls becoming 0 or an empty payload. */
    private void spreadNulls(int rows, int nulls) {
        if (nulls == 0) {
            return;
        }
        if (nulls == rows) {
            // a page of nulls only (action_ext of a version 7 trace, every page): no value to move
            switch (type) {
                case INT32 -> Arrays.fill(ints, 0, rows, 0);
                case INT64 -> Arrays.fill(longs, 0, rows, 0L);
                default -> Arrays.fill(binaries, 0, rows, BlockEvent.NO_PDU);
            }
            return;
        }
        int k = rows - nulls;
        for (int i = rows - 1; i >= 0; i--) {
            boolean defined = levels[i] == maxDefinition;
            switch (type) {
                case INT32 -> ints[i] = defined ? ints[--k] : 0;
                case INT64 -> longs[i] = defined ? longs[--k] : 0;
                default -> binaries[i] = defined ? binaries[--k] : BlockEvent.NO_PDU;
            }
        }
    }

    /** The page's bytes in {@link #buf}, followed by the padding the decoders need. */
    private PageDecoding.Cursor load(BytesInput bytes) throws IOException {
        long size = bytes.size();
        if (size < 0 || size > Integer.MAX_VALUE - PageDecoding.PAD) {
            throw new ParquetDecodingException("column " + name() + ": a page of " + size + " bytes");
        }
        int n = (int) size;
        if (buf.length < n + PageDecoding.PAD) {
            buf = new byte[Math.max(n + PageDecoding.PAD, buf.length * 2)];
        }
        ByteBuffer b = bytes.toByteBuffer();
        b.get(buf, 0, n);
        Arrays.fill(buf, n, n + PageDecoding.PAD, (byte) 0);
        return new PageDecoding.Cursor(buf, 0, n);
    }

    private void grow(int rows) {
        if (levels.length < rows) {
            levels = new int[rows];
            switch (type) {
                case INT32 -> ints = new int[rows];
                case INT64 -> longs = new long[rows];
                default -> binaries = new byte[rows][];
            }
        }
    }

    private static int bitWidth(int max) {
        return 32 - Integer.numberOfLeadingZeros(max);
    }

    private String name() {
        return String.join(".", column.getPath());
    }
}
