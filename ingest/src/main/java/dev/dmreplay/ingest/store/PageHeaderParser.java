package dev.dmreplay.ingest.store;

import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.PageType;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Parses a Parquet page header (parquet-format's {@code PageHeader}, Thrift compact protocol) by hand, keeping
 * only what {@link ChunkPages} needs. parquet-format's generated Thrift reader did the same through a protocol
 * object, a transport, a scheme per struct and enum look-ups: a few thousand calls per store that the JIT compiled
 * on every read of a store (part of the 0.3 s more compilation than reading the binary trace).
 *
 * <p>It accepts exactly what the Thrift reader accepts, or less, never more: unknown fields, and known fields of
 * another type, are skipped as Thrift skips them; a required field that is missing, an enum value that Thrift does not
 * know (it reads as null, which the required-field check then refuses), a negative compressed size (parquet-format's
 * {@code MetadataValidator}) and anything that runs past the end of the chunk are refused with a {@link
 * ParquetDecodingException}. Stricter than Thrift on two points a valid writer never produces: a varint longer than its
 * type, and nesting deeper than {@link #MAX_DEPTH}.
 */
final class PageHeaderParser {
    /** Struct nesting this parser follows while skipping (Thrift's own default limit is 64). */
    static final int MAX_DEPTH = 64;

    // compact protocol type ids
    private static final int STOP = 0;
    private static final int TRUE = 1;
    private static final int FALSE = 2;
    private static final int BYTE = 3;
    private static final int I16 = 4;
    private static final int I32 = 5;
    private static final int I64 = 6;
    private static final int DOUBLE = 7;
    private static final int BINARY = 8;
    private static final int LIST = 9;
    private static final int SET = 10;
    private static final int MAP = 11;
    private static final int STRUCT = 12;

    private final byte[] buf;
    private int pos;
    private final int end;

    private PageHeaderParser(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    /**
     * The page header that starts at {@code buf[from]} and ends by {@code end}.
     *
     * @throws ParquetDecodingException when it is not a complete, valid header
     */
    static PageHead parse(byte[] buf, int from, int end) {
        PageHeaderParser p = new PageHeaderParser(buf, from, end);
        return p.pageHeader(from);
    }

    private PageHead pageHeader(int from) {
        Integer type = null;
        Integer uncompressed = null;
        Integer compressed = null;
        Integer crc = null;
        PageHead.Data data = null;
        PageHead.Dictionary dictionary = null;
        PageHead.DataV2 dataV2 = null;
        int last = 0;
        for (int header = u8(); (header & 0x0f) != STOP; header = u8()) {
            int t = header & 0x0f;
            int id = fieldId(header, last);
            last = id;
            switch (id) {
                case 1 -> type = t == I32 ? pageType(i32()) : skipped(t, 0, type);
                case 2 -> uncompressed = t == I32 ? i32() : skipped(t, 0, uncompressed);
                case 3 -> compressed = t == I32 ? i32() : skipped(t, 0, compressed);
                case 4 -> crc = t == I32 ? i32() : skipped(t, 0, crc);
                case 5 -> data = t == STRUCT ? dataPageHeader() : skipped(t, 0, data);
                case 7 -> dictionary = t == STRUCT ? dictionaryPageHeader() : skipped(t, 0, dictionary);
                case 8 -> dataV2 = t == STRUCT ? dataPageHeaderV2() : skipped(t, 0, dataV2);
                default -> skip(t, 0); // the index page header (6, an empty struct) and any field of a later format
            }
        }
        if (type == null || uncompressed == null || compressed == null) {
            throw bad("a page header without its type or sizes");
        }
        if (compressed < 0) {
            // parquet-format's reader validates this one value after the Thrift reading
            throw bad("a negative compressed page size (" + compressed + ")");
        }
        return new PageHead(type, uncompressed, compressed, crc != null, crc == null ? 0 : crc, data, dictionary,
                dataV2, pos - from);
    }

    private PageHead.Data dataPageHeader() {
        Integer values = null;
        Integer encoding = null;
        Integer dl = null;
        Integer rl = null;
        int last = 0;
        for (int header = u8(); (header & 0x0f) != STOP; header = u8()) {
            int t = header & 0x0f;
            int id = fieldId(header, last);
            last = id;
            switch (id) {
                case 1 -> values = t == I32 ? i32() : skipped(t, 1, values);
                case 2 -> encoding = t == I32 ? encoding(i32()) : skipped(t, 1, encoding);
                case 3 -> dl = t == I32 ? encoding(i32()) : skipped(t, 1, dl);
                case 4 -> rl = t == I32 ? encoding(i32()) : skipped(t, 1, rl);
                default -> skip(t, 1); // statistics
            }
        }
        if (values == null || encoding == null || dl == null || rl == null) {
            throw bad("a data page header without its value count or encodings");
        }
        return new PageHead.Data(values, encoding, dl, rl);
    }

    private PageHead.Dictionary dictionaryPageHeader() {
        Integer values = null;
        Integer encoding = null;
        int last = 0;
        for (int header = u8(); (header & 0x0f) != STOP; header = u8()) {
            int t = header & 0x0f;
            int id = fieldId(header, last);
            last = id;
            switch (id) {
                case 1 -> values = t == I32 ? i32() : skipped(t, 1, values);
                case 2 -> encoding = t == I32 ? encoding(i32()) : skipped(t, 1, encoding);
                default -> skip(t, 1); // is_sorted
            }
        }
        if (values == null || encoding == null) {
            throw bad("a dictionary page header without its value count or encoding");
        }
        return new PageHead.Dictionary(values, encoding);
    }

    private PageHead.DataV2 dataPageHeaderV2() {
        Integer values = null;
        Integer nulls = null;
        Integer rows = null;
        Integer encoding = null;
        Integer dl = null;
        Integer rl = null;
        boolean compressed = true; // the format's default
        int last = 0;
        for (int header = u8(); (header & 0x0f) != STOP; header = u8()) {
            int t = header & 0x0f;
            int id = fieldId(header, last);
            last = id;
            switch (id) {
                case 1 -> values = t == I32 ? i32() : skipped(t, 1, values);
                case 2 -> nulls = t == I32 ? i32() : skipped(t, 1, nulls);
                case 3 -> rows = t == I32 ? i32() : skipped(t, 1, rows);
                case 4 -> encoding = t == I32 ? encoding(i32()) : skipped(t, 1, encoding);
                case 5 -> dl = t == I32 ? i32() : skipped(t, 1, dl);
                case 6 -> rl = t == I32 ? i32() : skipped(t, 1, rl);
                case 7 -> {
                    if (t == TRUE || t == FALSE) {
                        compressed = t == TRUE;
                    } else {
                        skip(t, 1);
                    }
                }
                default -> skip(t, 1); // statistics
            }
        }
        if (values == null || nulls == null || rows == null || encoding == null || dl == null || rl == null) {
            throw bad("a version 2 data page header without its counts, encoding or level lengths");
        }
        return new PageHead.DataV2(values, nulls, rows, encoding, dl, rl, compressed);
    }

    /** Skips a field of type {@code t} and answers {@code kept}: a known field of another type is ignored. */
    private <T> T skipped(int t, int depth, T kept) {
        skip(t, depth);
        return kept;
    }

    /** A field's id: a delta in the header's high nibble, or a zigzag i16 after it. */
    private int fieldId(int header, int last) {
        int delta = header >>> 4;
        if (delta != 0) {
            return last + delta;
        }
        long v = varint(3);
        int id = (int) ((v >>> 1) ^ -(v & 1));
        if (id != (short) id) {
            throw bad("a field id out of range");
        }
        return id;
    }

    /** Skips a value of compact type {@code t} inside {@code depth} structs. */
    private void skip(int t, int depth) {
        if (depth >= MAX_DEPTH) {
            throw bad("a page header nested deeper than " + MAX_DEPTH);
        }
        switch (t) {
            case TRUE, FALSE -> {
                // a boolean field's value is its type
            }
            case BYTE -> need(1);
            case I16 -> varint(3);
            case I32 -> varint(5);
            case I64 -> varint(10);
            case DOUBLE -> need(8);
            case BINARY -> need(length());
            case LIST, SET -> {
                int h = u8();
                int size = h >>> 4;
                if (size == 15) {
                    size = length();
                }
                int elem = knownType(h & 0x0f);
                for (int i = 0; i < size; i++) {
                    element(elem, depth + 1);
                }
            }
            case MAP -> {
                int size = length();
                if (size > 0) {
                    int kv = u8();
                    int key = knownType(kv >>> 4);
                    int value = knownType(kv & 0x0f);
                    for (int i = 0; i < size; i++) {
                        element(key, depth + 1);
                        element(value, depth + 1);
                    }
                }
            }
            case STRUCT -> {
                int last = 0;
                for (int header = u8(); (header & 0x0f) != STOP; header = u8()) {
                    last = fieldId(header, last);
                    skip(header & 0x0f, depth + 1);
                }
            }
            default -> throw bad("a field of unknown type " + t);
        }
    }

    /** A container's element type: Thrift refuses an unknown one even when the container is empty. */
    private static int knownType(int t) {
        if (t > STRUCT) {
            throw bad("a container of unknown type " + t);
        }
        return t;
    }

    /** An element of a container: a boolean is a byte there, not part of its type. */
    private void element(int t, int depth) {
        if (t == TRUE || t == FALSE) {
            need(1);
        } else {
            skip(t, depth);
        }
    }

    /** A size or length: a non-negative i32 varint that the rest of the header can hold. */
    private int length() {
        long v = varint(5);
        if (v > end - pos) {
            throw bad("a length of " + v + " where " + (end - pos) + " bytes are left");
        }
        return (int) v;
    }

    private int i32() {
        long v = varint(5);
        if (v >>> 32 != 0) {
            throw bad("an i32 of more than 32 bits");
        }
        int u = (int) v;
        return (u >>> 1) ^ -(u & 1);
    }

    /** An unsigned varint of at most {@code maxBytes} bytes. */
    private long varint(int maxBytes) {
        long v = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = u8();
            v |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw bad("a varint longer than " + maxBytes + " bytes");
    }

    private int u8() {
        if (pos >= end) {
            throw bad("a page header that runs past the end of the chunk");
        }
        return buf[pos++] & 0xff;
    }

    private void need(int n) {
        if (n > end - pos) {
            throw bad("a page header that runs past the end of the chunk");
        }
        pos += n;
    }

    /** A page type Thrift knows; an unknown one reads as null there and the header is refused. */
    private int pageType(int v) {
        if (PageType.findByValue(v) == null) {
            throw bad("unknown page type " + v);
        }
        return v;
    }

    /** An encoding Thrift knows, as in {@link #pageType}. */
    private int encoding(int v) {
        if (Encoding.findByValue(v) == null) {
            throw bad("unknown encoding " + v);
        }
        return v;
    }

    private static ParquetDecodingException bad(String what) {
        return new ParquetDecodingException(what);
    }
}
