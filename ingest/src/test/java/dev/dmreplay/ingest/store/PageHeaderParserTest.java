package dev.dmreplay.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.model.BlockEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.ParquetDecodingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PageHeaderParser} against parquet-format's Thrift reader ({@link Util#readPageHeader}). */
class PageHeaderParserTest {

    @TempDir
    Path dir;

    @Test
    void everyPageHeaderOfAStoreAndOfParquetMrFilesReadsAsThriftReadsIt() throws IOException {
        List<BlockEvent> events = RandomEvents.of(11, 30_000);
        Path ours = dir.resolve("ours.parquet");
        try (ParquetEventWriter w = ParquetEventWriter.create(ours,
                ParquetEventWriter.Options.DEFAULT.withRowGroupRows(10_000), "t", List.of("sda"), Map.of())) {
            for (BlockEvent e : events) {
                w.write(e);
            }
            w.commit();
        }
        Path v1 = dir.resolve("v1.parquet");
        ParquetMrStores.write(v1, events, EventSchema.SCHEMA, 2, ParquetProperties.WriterVersion.PARQUET_1_0, 10_000);
        Path v2 = dir.resolve("v2.parquet");
        ParquetMrStores.write(v2, events, EventSchema.SCHEMA, 2, ParquetProperties.WriterVersion.PARQUET_2_0, 10_000);
        for (Path file : List.of(ours, v1, v2)) {
            List<byte[]> headers = pageHeaders(file);
            assertThat(headers).hasSizeGreaterThan(30);
            for (byte[] h : headers) {
                assertSame(h, Util.readPageHeader(new ByteArrayInputStream(h)), PageHeaderParser.parse(h, 0, h.length));
            }
        }
    }

    @Test
    void skipsUnknownFieldsStatisticsAndKnownFieldsOfAnotherType() throws IOException {
        PageHeader h = new PageHeader(PageType.DATA_PAGE_V2, 1000, 400);
        h.setCrc(-123456);
        DataPageHeaderV2 d = new DataPageHeaderV2(300, 7, 300, Encoding.DELTA_BINARY_PACKED, 12, 0);
        d.setIs_compressed(false);
        d.setStatistics(new Statistics().setMin_value(new byte[] {1, 2}).setMax_value(new byte[] {9})
                .setNull_count(7).setIs_max_value_exact(true));
        h.setData_page_header_v2(d);
        byte[] bytes = write(h);
        PageHead p = PageHeaderParser.parse(bytes, 0, bytes.length);
        assertSame(bytes, h, p);
        assertThat(p.dataV2().compressed()).isFalse();
        assertThat(p.crc()).isEqualTo(-123456);

        // an unknown field 9 (a list of structs and a map inside a struct) before the STOP: skipped by both
        byte[] extra = withField(bytes, new byte[] {(byte) 0x1c, // field 9 (delta 1 from 8), struct
            (byte) 0x19, (byte) 0x2c, 0x15, 0x02, 0x00, 0x15, 0x04, 0x00, // list of 2 structs {1: i32}
            (byte) 0x1b, 0x01, 0x55, 0x02, 0x04, // map of 1 i32 -> i32
            0x00});
        assertSame(extra, Util.readPageHeader(new ByteArrayInputStream(extra)), PageHeaderParser.parse(extra, 0,
                extra.length));

        // the required type as an i64: Thrift skips the field and then refuses the header; so does the parser
        byte[] typeAsI64 = bytes.clone();
        assertThat(typeAsI64[0]).isEqualTo((byte) 0x15); // field 1, i32
        typeAsI64[0] = 0x16;
        assertRefusedByBoth(typeAsI64);
    }

    @Test
    void dictionaryAndVersionOneHeaders() throws IOException {
        PageHeader dict = new PageHeader(PageType.DICTIONARY_PAGE, 40, 30);
        dict.setDictionary_page_header(new DictionaryPageHeader(10, Encoding.PLAIN).setIs_sorted(true));
        byte[] b = write(dict);
        assertSame(b, dict, PageHeaderParser.parse(b, 0, b.length));
        PageHeader v1 = new PageHeader(PageType.DATA_PAGE, 4000, 1234);
        v1.setData_page_header(new DataPageHeader(1000, Encoding.RLE_DICTIONARY, Encoding.RLE, Encoding.BIT_PACKED)
                .setStatistics(new Statistics().setMin(new byte[8]).setMax(new byte[8])));
        b = write(v1);
        assertSame(b, v1, PageHeaderParser.parse(b, 0, b.length));
    }

    @Test
    void refusesWhatThriftRefuses() throws IOException {
        PageHeader h = new PageHeader(PageType.DATA_PAGE_V2, 1000, 400);
        h.setData_page_header_v2(new DataPageHeaderV2(300, 0, 300, Encoding.PLAIN, 0, 0));
        byte[] b = write(h);
        // cut anywhere: runs past the end
        for (int n = 0; n < b.length; n++) {
            byte[] cut = Arrays.copyOf(b, n);
            assertThatThrownBy(() -> PageHeaderParser.parse(cut, 0, cut.length))
                    .isInstanceOf(ParquetDecodingException.class);
        }
        // an encoding Thrift does not know (1 was GROUP_VAR_INT, never in the format's enum): read as null there
        PageHeader unknown = new PageHeader(PageType.DATA_PAGE, 10, 10);
        unknown.setData_page_header(new DataPageHeader(1, Encoding.PLAIN, Encoding.RLE, Encoding.RLE));
        byte[] u = write(unknown);
        // num_values 1, encoding PLAIN (0), definition and repetition levels RLE (3), as zigzag varints
        int at = indexOf(u, new byte[] {0x15, 0x02, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06});
        u[at + 3] = 0x02; // encoding 1
        assertRefusedByBoth(u);
    }

    /** Random damage: whenever the parser accepts a header, Thrift accepts it and reads the same values. */
    @Test
    void neverAcceptsMoreThanThrift() throws IOException {
        List<byte[]> headers = pageHeaders(storeOf(20_000));
        Random r = new Random(5);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] h = headers.get(r.nextInt(headers.size())).clone();
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                h[r.nextInt(h.length)] ^= (byte) (1 + r.nextInt(255));
            }
            PageHead ours;
            try {
                ours = PageHeaderParser.parse(h, 0, h.length);
            } catch (ParquetDecodingException refused) {
                continue;
            }
            accepted++;
            PageHeader thrift = Util.readPageHeader(new ByteArrayInputStream(h));
            assertSame(h, thrift, ours);
        }
        assertThat(accepted).isGreaterThan(1000);
    }

    private static void assertRefusedByBoth(byte[] h) {
        assertThatThrownBy(() -> Util.readPageHeader(new ByteArrayInputStream(h))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> PageHeaderParser.parse(h, 0, h.length)).isInstanceOf(ParquetDecodingException.class);
    }

    private static void assertSame(byte[] bytes, PageHeader t, PageHead p) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        Util.readPageHeader(in);
        assertThat(p.length()).as("header length").isEqualTo(bytes.length - in.available());
        assertThat(p.type()).isEqualTo(t.getType().getValue());
        assertThat(p.uncompressed()).isEqualTo(t.getUncompressed_page_size());
        assertThat(p.compressed()).isEqualTo(t.getCompressed_page_size());
        assertThat(p.hasCrc()).isEqualTo(t.isSetCrc());
        if (t.isSetCrc()) {
            assertThat(p.crc()).isEqualTo(t.getCrc());
        }
        assertThat(p.data() != null).isEqualTo(t.isSetData_page_header());
        if (p.data() != null) {
            DataPageHeader d = t.getData_page_header();
            assertThat(p.data()).isEqualTo(new PageHead.Data(d.getNum_values(), d.getEncoding().getValue(),
                    d.getDefinition_level_encoding().getValue(), d.getRepetition_level_encoding().getValue()));
        }
        assertThat(p.dictionary() != null).isEqualTo(t.isSetDictionary_page_header());
        if (p.dictionary() != null) {
            DictionaryPageHeader d = t.getDictionary_page_header();
            assertThat(p.dictionary())
                    .isEqualTo(new PageHead.Dictionary(d.getNum_values(), d.getEncoding().getValue()));
        }
        assertThat(p.dataV2() != null).isEqualTo(t.isSetData_page_header_v2());
        if (p.dataV2() != null) {
            DataPageHeaderV2 d = t.getData_page_header_v2();
            assertThat(p.dataV2()).isEqualTo(new PageHead.DataV2(d.getNum_values(), d.getNum_nulls(), d.getNum_rows(),
                    d.getEncoding().getValue(), d.getDefinition_levels_byte_length(),
                    d.getRepetition_levels_byte_length(), d.isIs_compressed()));
        }
    }

    private Path storeOf(int rows) throws IOException {
        Path file = dir.resolve("s" + rows + ".parquet");
        try (ParquetEventWriter w = ParquetEventWriter.create(file,
                ParquetEventWriter.Options.DEFAULT.withRowGroupRows(5_000), "t", List.of("sda"), Map.of())) {
            for (BlockEvent e : RandomEvents.of(3, rows)) {
                w.write(e);
            }
            w.commit();
        }
        return file;
    }

    /** The bytes of every page header of every column chunk of {@code file}, found with Thrift's reader. */
    private static List<byte[]> pageHeaders(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        List<byte[]> out = new ArrayList<>();
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            for (BlockMetaData g : r.getRowGroups()) {
                for (ColumnChunkMetaData c : g.getColumns()) {
                    int pos = (int) c.getStartingPos();
                    int end = (int) (c.getStartingPos() + c.getTotalSize());
                    while (pos < end) {
                        ByteArrayInputStream in = new ByteArrayInputStream(all, pos, end - pos);
                        PageHeader h = Util.readPageHeader(in);
                        int headerEnd = end - in.available();
                        out.add(Arrays.copyOfRange(all, pos, headerEnd));
                        pos = headerEnd + h.getCompressed_page_size();
                    }
                }
            }
        }
        return out;
    }

    private static byte[] write(PageHeader h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Util.writePageHeader(h, out);
        return out.toByteArray();
    }

    /** {@code header} with {@code field} inserted before its final STOP byte. */
    private static byte[] withField(byte[] header, byte[] field) {
        byte[] b = Arrays.copyOf(header, header.length + field.length);
        System.arraycopy(field, 0, b, header.length - 1, field.length);
        b[b.length - 1] = 0;
        return b;
    }

    private static int indexOf(byte[] b, byte[] what) {
        for (int i = 0; i + what.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
