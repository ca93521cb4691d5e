package dev.dmreplay.ingest.store;

/**
 * What {@link ChunkPages} needs of a page header ({@link PageHeaderParser}); enum fields are parquet-format's Thrift
 * values ({@code org.apache.parquet.format.PageType} and {@code Encoding}).
 *
 * @param type         the page type (0 data, 1 index, 2 dictionary, 3 data version 2)
 * @param uncompressed the page's size uncompressed, levels included
 * @param compressed   the page's size as stored after the header
 * @param hasCrc       whether the header carries a CRC-32 of the stored page
 * @param length       the header's own length in bytes
 */
record PageHead(int type, int uncompressed, int compressed, boolean hasCrc, int crc, Data data, Dictionary dictionary,
                DataV2 dataV2, int length) {
    static final int DATA_PAGE = 0;
    static final int DICTIONARY_PAGE = 2;
    static final int DATA_PAGE_V2 = 3;

    /** A version 1 data page's header. */
    record Data(int values, int encoding, int definitionEncoding, int repetitionEncoding) {
    }

    /** A dictionary page's header. */
    record Dictionary(int values, int encoding) {
    }

    /** A version 2 data page's header. */
    record DataV2(int values, int nulls, int rows, int encoding, int definitionLength, int repetitionLength,
                  boolean compressed) {
    }
}
