package dev.dmreplay.ingest.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.CategoryV2;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Encodes one {@link EventBatch} into a row group of the event store, column by column, without parquet-mr's
 * record shredding and column writers (they were about 60 % of the store's writing time). Each column gets the
 * encoding its values call for:
 *
 * <ul>
 *   <li>{@code time}, {@code sequence}, {@code sector}: DELTA_BINARY_PACKED (time and sequence rise nearly
 *       monotonically; a sector delta is still narrower than the sector);</li>
 *   <li>the few-valued int32 columns ({@code bytes}, {@code action}, {@code pid}, {@code device}, {@code cpu},
 *       {@code error}, {@code action_ext}): a dictionary of the chunk's distinct values and RLE/bit-packed ids;
 *       a chunk with more than {@link #MAX_DICTIONARY} distinct values is delta coded instead;</li>
 *   <li>{@code act} and {@code rwbs}: a dictionary of the strings, each a function of a few action bits, so the
 *       strings are never made per row;</li>
 *   <li>{@code pdu}: DELTA_BYTE_ARRAY (mostly empty; remap payloads share their device prefix).</li>
 * </ul>
 *
 * Data pages are format version 2 of {@code pageRows} rows, with min/max statistics. The {@code time} chunk is stored
 * uncompressed (codec UNCOMPRESSED): its deltas are clock jitter that ZSTD made only 8-10 % smaller, for a compression
 * pass when written and a decompression pass on every read. Every other chunk is ZSTD, its data pages compressed only
 * while that pays ({@link #startChunk}). The output is a function of the batch and the settings alone, so row groups
 * encoded on any thread, in any order, give the same file. One encoder per thread: it keeps its scratch buffers and
 * ZSTD context between batches.
 */
final class RowGroupEncoder implements AutoCloseable {
    /** Most distinct values a column chunk keeps a dictionary for. */
    static final int MAX_DICTIONARY = 1 << 14;

    private static final List<ColumnDescriptor> COLUMNS = EventSchema.SCHEMA.getColumns();
    private static final byte[] NO_BYTES = new byte[0];
    private static final Binary[] ACT_LETTERS = new Binary[Action.values().length];
    /** The rwbs key of a notify record (its RWBS column holds the unknown-action letters). */
    private static final int NOTIFY_RWBS = -1;

    static {
        for (Action a : Action.values()) {
            ACT_LETTERS[a.ordinal()] = Binary.fromConstantByteArray(a.letters().getBytes(StandardCharsets.US_ASCII));
        }
    }

    private final int pageRows;
    private final ZstdCompressCtx zstd;
    private final ByteSink sink = new ByteSink(1 << 16);
    private final ByteSink levels = new ByteSink(1 << 10);
    private final DeltaBinaryPacked delta = new DeltaBinaryPacked();
    private final IntDictionary dictionary = new IntDictionary();
    private final Map<Integer, Binary> rwbsValues = new HashMap<>();
    private int[] ids = new int[0];
    private int[] keys = new int[0];
    private int[] prefixes = new int[0];
    private int[] suffixes = new int[0];
    private int[] seen = new int[0];
    /** The ids a page uses, in order of first use ({@link #countUses}). */
    private int[] firstUse = new int[0];
    /** Rows per id in a page ({@link #countUses}). */
    private int[] uses = new int[0];
    private int seenStamp;
    private byte[] compressed = new byte[0];
    /** Whether the current chunk's next data page is to be tried with ZSTD ({@link #startChunk}). */
    private boolean compressing;

    RowGroupEncoder(int pageRows, int zstdLevel) {
        if (pageRows < 1) {
            throw new IllegalArgumentException("pageRows " + pageRows + ", expected at least 1");
        }
        this.pageRows = pageRows;
        this.zstd = new ZstdCompressCtx().setLevel(zstdLevel);
    }

    /** Where each page's values end, and its rows, nulls and definition levels. */
    private record Layout(int[] valueEnd, int[] rows, int[] nulls, byte[][] levels) {
        int pages() {
            return rows.length;
        }

        int valueStart(int page) {
            return page == 0 ? 0 : valueEnd[page - 1];
        }

        int values() {
            return valueEnd[valueEnd.length - 1];
        }
    }

    EncodedRowGroup encode(EventBatch b) {
        int n = b.rows;
        if (n == 0) {
            throw new IllegalArgumentException("an empty row group");
        }
        grow(n);
        Layout required = requiredLayout(n);
        List<EncodedRowGroup.Chunk> chunks = new ArrayList<>(COLUMNS.size());
        chunks.add(longChunk(COLUMNS.get(0), b.time, required, false, CompressionCodecName.UNCOMPRESSED));
        chunks.add(intChunk(COLUMNS.get(1), b.sequence, required, false));
        chunks.add(longChunk(COLUMNS.get(2), b.sector, required, true, CompressionCodecName.ZSTD));
        chunks.add(intChunk(COLUMNS.get(3), b.bytes, required, true));
        chunks.add(intChunk(COLUMNS.get(4), b.action, required, true));
        chunks.add(intChunk(COLUMNS.get(5), b.pid, required, true));
        chunks.add(intChunk(COLUMNS.get(6), b.device, required, true));
        chunks.add(intChunk(COLUMNS.get(7), b.cpu, required, true));
        chunks.add(intChunk(COLUMNS.get(8), b.error, required, true));
        chunks.add(pduChunk(COLUMNS.get(9), b, required));
        actKeys(b.action, b.actionExt, keys, n);
        chunks.add(keyedChunk(COLUMNS.get(10), required, k -> ACT_LETTERS[k]));
        rwbsKeys(b.action, b.bytes, keys, n);
        chunks.add(keyedChunk(COLUMNS.get(11), required, this::rwbs));
        chunks.add(actionExtChunk(COLUMNS.get(12), b));
        return new EncodedRowGroup(n, chunks);
    }

    /*
     * The per-row loops below are small static methods of their own, and the methods that call them loop over
     * pages or columns only: a row group is encoded in a few long loops, so the JIT compiles each loop on the stack
     * (OSR) and later again as a method; in one large method every loop recompiled the whole of it (a C2 compile
     * of keyedChunk, inlined helpers and all, took 100-140 ms, four times per run, on a core the encoders need).
     */

    /** The act column's key of each row: the {@link Action}'s ordinal. */
    private static void actKeys(int[] action, int[] actionExt, int[] keys, int n) {
        for (int i = 0; i < n; i++) {
            keys[i] = Action.of(action[i], (actionExt[i] & CategoryV2.FROM_V2) != 0).ordinal();
        }
    }

    /** The rwbs column's key of each row: the category bits and whether it moves data, or {@link #NOTIFY_RWBS}. */
    private static void rwbsKeys(int[] action, int[] bytes, int[] keys, int n) {
        for (int i = 0; i < n; i++) {
            int a = action[i];
            keys[i] = (a & Category.NOTIFY) != 0 ? NOTIFY_RWBS : (a >>> 16) << 1 | (bytes[i] != 0 ? 1 : 0);
        }
    }

    private void grow(int n) {
        if (ids.length < n) {
            ids = new int[n];
            keys = new int[n];
        }
        if (prefixes.length < Math.min(n, pageRows)) {
            prefixes = new int[Math.min(n, pageRows)];
            suffixes = new int[Math.min(n, pageRows)];
        }
    }

    private Layout requiredLayout(int n) {
        int pages = (n + pageRows - 1) / pageRows;
        int[] end = new int[pages];
        int[] rows = new int[pages];
        byte[][] lv = new byte[pages][];
        for (int p = 0; p < pages; p++) {
            end[p] = Math.min(n, (p + 1) * pageRows);
            rows[p] = end[p] - p * pageRows;
            lv[p] = NO_BYTES;
        }
        return new Layout(end, rows, new int[pages], lv);
    }

    // ---- int64: delta

    private EncodedRowGroup.Chunk longChunk(ColumnDescriptor col, long[] v, Layout l, boolean unsigned,
                                            CompressionCodecName codec) {
        startChunk(codec);
        List<EncodedRowGroup.Page> pages = new ArrayList<>(l.pages());
        for (int p = 0; p < l.pages(); p++) {
            int from = l.valueStart(p);
            int to = l.valueEnd()[p];
            sink.reset();
            delta.encode(v, from, to, sink);
            Statistics<?> s = Statistics.createStats(col.getPrimitiveType());
            if (to > from) {
                long flip = unsigned ? Long.MIN_VALUE : 0;
                s.updateStats(minFlipped(v, from, to, flip) ^ flip);
                s.updateStats(maxFlipped(v, from, to, flip) ^ flip);
            }
            pages.add(page(col, l, p, Encoding.DELTA_BINARY_PACKED, s, 0));
        }
        return new EncodedRowGroup.Chunk(col, codec, null, pages);
    }

    // ---- int32: dictionary, or delta when too many distinct values

    private EncodedRowGroup.Chunk intChunk(ColumnDescriptor col, int[] v, Layout l, boolean useDictionary) {
        int n = l.values();
        boolean unsigned = isUnsigned(col);
        startChunk(CompressionCodecName.ZSTD);
        if (useDictionary && n > 0 && dictionaryIds(v, n)) {
            int width = BitPacker.width(dictionary.size() - 1);
            List<EncodedRowGroup.Page> pages = new ArrayList<>(l.pages());
            for (int p = 0; p < l.pages(); p++) {
                int from = l.valueStart(p);
                int to = l.valueEnd()[p];
                sink.reset();
                sink.write(width);
                RleHybrid.encode(ids, from, to, width, sink);
                pages.add(page(col, l, p, Encoding.RLE_DICTIONARY, intStats(col, v, from, to, unsigned), 0));
            }
            sink.reset();
            for (int id = 0; id < dictionary.size(); id++) {
                sink.writeIntLE(dictionary.value(id));
            }
            return new EncodedRowGroup.Chunk(col, CompressionCodecName.ZSTD, dictionaryPage(dictionary.size()), pages);
        }
        List<EncodedRowGroup.Page> pages = new ArrayList<>(l.pages());
        for (int p = 0; p < l.pages(); p++) {
            int from = l.valueStart(p);
            int to = l.valueEnd()[p];
            sink.reset();
            delta.encode(v, from, to, sink);
            pages.add(page(col, l, p, Encoding.DELTA_BINARY_PACKED, intStats(col, v, from, to, unsigned), 0));
        }
        return new EncodedRowGroup.Chunk(col, CompressionCodecName.ZSTD, null, pages);
    }

    /** Fills {@link #ids} for {@code v[0, n)}; false when the chunk has too many distinct values. */
    private boolean dictionaryIds(int[] v, int n) {
        IntDictionary d = dictionary;
        d.clear();
        int last = v[0];
        int lastId = d.id(last);
        for (int i = 0; i < n; i++) {
            int x = v[i];
            if (x != last) {
                last = x;
                lastId = d.id(x);
                if (d.size() > MAX_DICTIONARY) {
                    return false;
                }
            }
            ids[i] = lastId;
        }
        return true;
    }

    private static Statistics<?> intStats(ColumnDescriptor col, int[] v, int from, int to, boolean unsigned) {
        Statistics<?> s = Statistics.createStats(col.getPrimitiveType());
        if (to > from) {
            int flip = unsigned ? Integer.MIN_VALUE : 0;
            s.updateStats(minFlipped(v, from, to, flip) ^ flip);
            s.updateStats(maxFlipped(v, from, to, flip) ^ flip);
        }
        return s;
    }

    /**
     * The least of {@code v[from, to)} (non-empty) each xor {@code flip}: 0 for signed order, the sign bit for
     * unsigned order.
     */
    private static long minFlipped(long[] v, int from, int to, long flip) {
        long m = v[from] ^ flip;
        for (int i = from + 1; i < to; i++) {
            m = Math.min(m, v[i] ^ flip);
        }
        return m;
    }

    /** The greatest of {@code v[from, to)} (non-empty) each xor {@code flip}. */
    private static long maxFlipped(long[] v, int from, int to, long flip) {
        long m = v[from] ^ flip;
        for (int i = from + 1; i < to; i++) {
            m = Math.max(m, v[i] ^ flip);
        }
        return m;
    }

    /** The least of {@code v[from, to)} (non-empty) each xor {@code flip}. */
    private static int minFlipped(int[] v, int from, int to, int flip) {
        int m = v[from] ^ flip;
        for (int i = from + 1; i < to; i++) {
            m = Math.min(m, v[i] ^ flip);
        }
        return m;
    }

    /** The greatest of {@code v[from, to)} (non-empty) each xor {@code flip}. */
    private static int maxFlipped(int[] v, int from, int to, int flip) {
        int m = v[from] ^ flip;
        for (int i = from + 1; i < to; i++) {
            m = Math.max(m, v[i] ^ flip);
        }
        return m;
    }

    // ---- action_ext: optional int32, null for version 7 records

    private EncodedRowGroup.Chunk actionExtChunk(ColumnDescriptor col, EventBatch b) {
        int n = b.rows;
        int pages = (n + pageRows - 1) / pageRows;
        int[] end = new int[pages];
        int[] rows = new int[pages];
        int[] nulls = new int[pages];
        byte[][] lv = new byte[pages][];
        int[] defined = ids; // scratch: the dictionary ids are made after the levels are encoded
        int values = 0;
        for (int p = 0; p < pages; p++) {
            int from = p * pageRows;
            int to = Math.min(n, from + pageRows);
            int count = 0;
            for (int i = from; i < to; i++) {
                int d = b.actionExt[i] != 0 ? 1 : 0;
                defined[i] = d;
                count += d;
            }
            levels.reset();
            RleHybrid.encode(defined, from, to, 1, levels);
            lv[p] = levels.toByteArray();
            values += count;
            end[p] = values;
            rows[p] = to - from;
            nulls[p] = rows[p] - count;
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (b.actionExt[i] != 0) {
                keys[k++] = b.actionExt[i];
            }
        }
        return intChunk(col, keys, new Layout(end, rows, nulls, lv), true);
    }

    // ---- pdu: DELTA_BYTE_ARRAY

    private EncodedRowGroup.Chunk pduChunk(ColumnDescriptor col, EventBatch b, Layout l) {
        startChunk(CompressionCodecName.ZSTD);
        List<EncodedRowGroup.Page> pages = new ArrayList<>(l.pages());
        for (int p = 0; p < l.pages(); p++) {
            int from = l.valueStart(p);
            int to = l.valueEnd()[p];
            long total = prefixesAndSuffixes(b, from, to, prefixes, suffixes);
            sink.reset();
            delta.encode(prefixes, 0, to - from, sink);
            delta.encode(suffixes, 0, to - from, sink);
            writeSuffixes(b, from, to, suffixes, sink);
            Statistics<?> s = Statistics.createStats(col.getPrimitiveType());
            if (anyEmpty(b, from, to)) {
                s.updateStats(Binary.EMPTY); // empty is the least value
            }
            if (total > 0) {
                int minRow = extremeRow(b, from, to, -1);
                int maxRow = extremeRow(b, from, to, 1);
                s.updateStats(pduValue(b, minRow));
                s.updateStats(pduValue(b, maxRow));
            }
            pages.add(page(col, l, p, Encoding.DELTA_BYTE_ARRAY, s, total));
        }
        return new EncodedRowGroup.Chunk(col, CompressionCodecName.ZSTD, null, pages);
    }

    /**
     * DELTA_BYTE_ARRAY's split of the payloads of rows {@code [from, to)}: the length each shares with the previous
     * one ({@code prefixes}) and the length of the rest ({@code suffixes}), from index 0. An empty payload shares
     * nothing (most rows have none). Returns the payloads' total length.
     */
    private static long prefixesAndSuffixes(EventBatch b, int from, int to, int[] prefixes, int[] suffixes) {
        byte[] bytes = b.pdu;
        int[] ends = b.pduEnd;
        int prevStart = 0;
        int prevEnd = 0;
        long total = 0;
        for (int i = from; i < to; i++) {
            int s = b.pduStart(i);
            int e = ends[i];
            int common = 0;
            if (e != s) {
                int m = Arrays.mismatch(bytes, s, e, bytes, prevStart, prevEnd);
                common = m < 0 ? e - s : m;
            }
            prefixes[i - from] = common;
            suffixes[i - from] = e - s - common;
            total += e - s;
            prevStart = s;
            prevEnd = e;
        }
        return total;
    }

    /** Whether a row of {@code [from, to)} has an empty payload. */
    private static boolean anyEmpty(EventBatch b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b.pduEnd[i] == b.pduStart(i)) {
                return true;
            }
        }
        return false;
    }

    /** Appends the suffix of each row's payload ({@link #prefixesAndSuffixes}) to {@code out}. */
    private static void writeSuffixes(EventBatch b, int from, int to, int[] suffixes, ByteSink out) {
        for (int i = from; i < to; i++) {
            int len = suffixes[i - from];
            if (len > 0) {
                out.write(b.pdu, b.pduEnd[i] - len, len);
            }
        }
    }

    /**
     * The first row of {@code [from, to)} with the least ({@code sign} -1) or greatest ({@code sign} 1) non-empty
     * payload in Parquet's unsigned byte order; -1 when every payload is empty.
     */
    private static int extremeRow(EventBatch b, int from, int to, int sign) {
        int best = -1;
        for (int i = from; i < to; i++) {
            if (b.pduEnd[i] != b.pduStart(i) && (best < 0 || Integer.signum(compare(b, i, best)) == sign)) {
                best = i;
            }
        }
        return best;
    }

    /** Unsigned lexicographic order of two rows' payloads (Parquet's order for binary statistics). */
    private static int compare(EventBatch b, int r1, int r2) {
        return Arrays.compareUnsigned(b.pdu, b.pduStart(r1), b.pduEnd[r1], b.pdu, b.pduStart(r2), b.pduEnd[r2]);
    }

    private static Binary pduValue(EventBatch b, int row) {
        return Binary.fromConstantByteArray(Arrays.copyOfRange(b.pdu, b.pduStart(row), b.pduEnd[row]));
    }

    // ---- act, rwbs: strings keyed by a few action bits, dictionary encoded

    private EncodedRowGroup.Chunk keyedChunk(ColumnDescriptor col, Layout l, java.util.function.IntFunction<Binary> value) {
        int n = l.values();
        IntDictionary d = dictionary;
        keyIds(keys, ids, n, d);
        // several keys may give the same string (RWBS ignores most category bits): one dictionary entry each
        List<Binary> distinct = new ArrayList<>();
        Map<Binary, Integer> entry = new HashMap<>();
        int[] entryOfKey = new int[d.size()];
        for (int k = 0; k < d.size(); k++) {
            Binary v = value.apply(d.value(k));
            Integer e = entry.get(v);
            if (e == null) {
                e = distinct.size();
                entry.put(v, e);
                distinct.add(v);
            }
            entryOfKey[k] = e;
        }
        renumber(ids, n, entryOfKey);
        int size = distinct.size();
        Binary[] values = distinct.toArray(new Binary[0]);
        if (seen.length < size) {
            seen = new int[Math.max(size, 64)];
            firstUse = new int[seen.length];
            uses = new int[seen.length];
        }
        int width = BitPacker.width(size - 1);
        startChunk(CompressionCodecName.ZSTD);
        List<EncodedRowGroup.Page> pages = new ArrayList<>(l.pages());
        for (int p = 0; p < l.pages(); p++) {
            int from = l.valueStart(p);
            int to = l.valueEnd()[p];
            sink.reset();
            sink.write(width);
            RleHybrid.encode(ids, from, to, width, sink);
            Statistics<?> s = Statistics.createStats(col.getPrimitiveType());
            int used = countUses(ids, from, to, seen, ++seenStamp, firstUse, uses);
            long total = 0;
            for (int k = 0; k < used; k++) {
                int id = firstUse[k];
                s.updateStats(values[id]);
                total += (long) uses[id] * values[id].length();
            }
            pages.add(page(col, l, p, Encoding.RLE_DICTIONARY, s, total));
        }
        sink.reset();
        for (Binary v : values) {
            sink.writeIntLE(v.length());
            sink.write(v.getBytesUnsafe(), 0, v.length());
        }
        return new EncodedRowGroup.Chunk(col, CompressionCodecName.ZSTD, dictionaryPage(size), pages);
    }

    /** Numbers the distinct {@code keys[0, n)} in order of first appearance into {@code ids}. */
    private static void keyIds(int[] keys, int[] ids, int n, IntDictionary d) {
        d.clear();
        int last = keys[0];
        int lastId = d.id(last);
        for (int i = 0; i < n; i++) {
            int x = keys[i];
            if (x != last) {
                last = x;
                lastId = d.id(x);
            }
            ids[i] = lastId;
        }
    }

    /** Replaces each of {@code ids[0, n)} by {@code to[id]}. */
    private static void renumber(int[] ids, int n, int[] to) {
        for (int i = 0; i < n; i++) {
            ids[i] = to[ids[i]];
        }
    }

    /**
     * Counts the rows of each id in {@code ids[from, to)} into {@code uses}, listing the ids in order of first use
     * in {@code firstUse}; {@code seen} holds {@code stamp} for the ids met (a new stamp per call, so it is never
     * cleared). Returns how many distinct ids the range has.
     */
    private static int countUses(int[] ids, int from, int to, int[] seen, int stamp, int[] firstUse, int[] uses) {
        int used = 0;
        for (int i = from; i < to; i++) {
            int id = ids[i];
            if (seen[id] != stamp) {
                seen[id] = stamp;
                uses[id] = 0;
                firstUse[used++] = id;
            }
            uses[id]++;
        }
        return used;
    }

    private Binary rwbs(int key) {
        if (key == NOTIFY_RWBS) {
            return ACT_LETTERS[Action.UNKNOWN.ordinal()];
        }
        return rwbsValues.computeIfAbsent(key, k -> Binary.fromConstantByteArray(
                Category.rwbs((k >>> 1) << 16, k & 1).getBytes(StandardCharsets.US_ASCII)));
    }

    // ---- pages

    /**
     * Starts the pages of a chunk in {@code codec}. In a ZSTD chunk each data page is compressed when that makes it
     * at least an eighth smaller, else stored as it is (a version 2 page says which); once a page was not worth it,
     * the chunk's later pages are stored as they are without trying. The bit-packed deltas of a synthetic trace's
     * sectors and sequence numbers are nearly random and gained about 10 % (a quarter of the encoder's time went to
     * ZSTD), a real trace's sectors (each repeated by the later events of its request) about half; a page left
     * uncompressed costs its reader no decompression pass.
     */
    private void startChunk(CompressionCodecName codec) {
        compressing = codec == CompressionCodecName.ZSTD;
    }

    /** The data page of page {@code p} whose encoded values are in {@link #sink} ({@link #startChunk}). */
    private EncodedRowGroup.Page page(ColumnDescriptor col, Layout l, int p, Encoding encoding, Statistics<?> stats,
                                      long binaryBytes) {
        int nulls = l.nulls()[p];
        if (nulls > 0) {
            stats.incrementNumNulls(nulls);
        }
        int raw = sink.size();
        byte[] data = NO_BYTES;
        boolean zipped = false;
        if (raw > 0 && compressing) {
            int n = compress(sink);
            zipped = n <= raw - raw / 8;
            compressing = zipped;
            data = zipped ? Arrays.copyOf(compressed, n) : sink.toByteArray();
        } else if (raw > 0) {
            data = sink.toByteArray();
        }
        SizeStatistics sizes = new SizeStatistics(col.getPrimitiveType(), binaryBytes, new ArrayList<>(),
                new ArrayList<>());
        return new EncodedRowGroup.Page(l.rows()[p], nulls, l.levels()[p], encoding, data, zipped, raw, stats, sizes);
    }

    /** The dictionary page of {@code size} entries whose PLAIN encoding is in {@link #sink}. */
    private DictionaryPage dictionaryPage(int size) {
        int raw = sink.size();
        int n = compress(sink);
        return new DictionaryPage(BytesInput.from(Arrays.copyOf(compressed, n)), raw, size, Encoding.PLAIN);
    }

    /** Compresses {@code in} into {@link #compressed}; returns the compressed length. */
    private int compress(ByteSink in) {
        int bound = (int) Zstd.compressBound(in.size());
        if (compressed.length < bound) {
            compressed = new byte[Math.max(bound, 1 << 16)];
        }
        return zstd.compressByteArray(compressed, 0, compressed.length, in.array(), 0, in.size());
    }

    private static boolean isUnsigned(ColumnDescriptor col) {
        PrimitiveType t = col.getPrimitiveType();
        return t.getLogicalTypeAnnotation()
                instanceof org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned();
    }

    @Override
    public void close() {
        zstd.close();
    }
}
