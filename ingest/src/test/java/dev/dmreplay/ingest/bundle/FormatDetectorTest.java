package dev.dmreplay.ingest.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.dmreplay.ingest.io.TraceFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class FormatDetectorTest {

    @TempDir
    Path dir;

    static byte[] record(ByteOrder order, int version) {
        return ByteBuffer.allocate(48).order(order).putInt(0x65617400 | version).putInt(1).putLong(1000)
                .putLong(8).putInt(4096).putInt(0x00110001).putInt(1).putInt(8 << 20).putInt(0)
                .putShort((short) 0).putShort((short) 0).array();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bos)) {
            o.write(b);
        }
        return bos.toByteArray();
    }

    static byte[] xz(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream o = new XZOutputStream(bos, new LZMA2Options())) {
            o.write(b);
        }
        return bos.toByteArray();
    }

    static byte[] zstd(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream o = new ZstdOutputStream(bos)) {
            o.write(b);
        }
        return bos.toByteArray();
    }

    Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void binaryRecordsInEitherByteOrderAndAnyCompression() throws IOException {
        assertThat(FormatDetector.detect(write("sda.blktrace.0", record(ByteOrder.LITTLE_ENDIAN, 7))))
                .isEqualTo(TraceFormat.BLKTRACE);
        assertThat(FormatDetector.detect(write("sda.blktrace.1", record(ByteOrder.BIG_ENDIAN, 7))))
                .isEqualTo(TraceFormat.BLKTRACE);
        assertThat(FormatDetector.detect(write("sda.blktrace.2.gz", gzip(record(ByteOrder.LITTLE_ENDIAN, 7)))))
                .isEqualTo(TraceFormat.BLKTRACE);
        assertThat(FormatDetector.detect(write("sda.blktrace.3.xz", xz(record(ByteOrder.LITTLE_ENDIAN, 7)))))
                .isEqualTo(TraceFormat.BLKTRACE);
        assertThat(FormatDetector.detect(write("sda.blktrace.4.zst", zstd(record(ByteOrder.LITTLE_ENDIAN, 7)))))
                .isEqualTo(TraceFormat.BLKTRACE);
        // content decides, not the suffix: a gzip stream named .bin is a merged dump
        assertThat(FormatDetector.detect(write("bp.bin", gzip(record(ByteOrder.LITTLE_ENDIAN, 7)))))
                .isEqualTo(TraceFormat.BLKPARSE_DUMP);
        // another version still is blktrace data (the reader reports the version)
        assertThat(FormatDetector.detect(write("v8.bin", record(ByteOrder.LITTLE_ENDIAN, 8))))
                .isEqualTo(TraceFormat.BLKPARSE_DUMP);
    }

    @Test
    void textFormatsFromTheirFirstLines() throws IOException {
        String blkparse = "Input file sda.blktrace.0 added\n"
                + "  8,0    0        1     0.000000000  1000  Q   R 338165704 + 64 [fio]\n";
        assertThat(FormatDetector.detect(write("trace.txt", blkparse.getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(TraceFormat.BLKPARSE_TEXT);
        assertThat(FormatDetector.detect(write("a.log",
                "  8,0    0        1     0.000000000  1000  Q   R 338165704 + 64 [fio]\n".getBytes())))
                .isEqualTo(TraceFormat.BLKPARSE_TEXT);
        assertThat(FormatDetector.detect(write("t.gz", gzip(blkparse.getBytes())))).isEqualTo(TraceFormat.BLKPARSE_TEXT);
        assertThat(FormatDetector.detect(write("hm_0.csv",
                "128166372003061629,hm,1,Read,7014609920,24576,41286\n".getBytes())))
                .isEqualTo(TraceFormat.CSV);
        assertThat(FormatDetector.detect(write("io.csv", "0,R,4096,4096,1577808000000000\n".getBytes())))
                .isEqualTo(TraceFormat.CSV);
    }

    @Test
    void lineTraceFormatsFromTheirContent() throws IOException {
        StringBuilder load = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            load.append("Free text of a blkreplay header, line ").append(i).append("\n");
        }
        load.append("start ; sector; length ; op ;  replay_delay=0 ; replay_duration=0\n");
        load.append("      0.000000000 ;     37766853 ;   64 ; W ; 0.0 ; 0.0\n");
        assertThat(FormatDetector.detect(write("x.load.gz", gzip(load.toString().getBytes()))))
                .isEqualTo(TraceFormat.BLKREPLAY);
        assertThat(FormatDetector.detect(write("t.trace", "938513000 4 264719034 16 0\n938828000 3 1 16 0\n"
                .getBytes()))).isEqualTo(TraceFormat.DISKSIM);
        assertThat(FormatDetector.detect(write("j.iolog", "fio version 3 iolog\n30 /dev/null add\n".getBytes())))
                .isEqualTo(TraceFormat.FIO_IOLOG);
        assertThat(FormatDetector.detect(write("b.txt", ("TIME(s)     COMM           PID    DISK    T SECTOR     BYTES"
                + "   LAT(ms)\n0.000004    supervise      1950   xvda1   W 13092560   4096       0.74\n").getBytes())))
                .isEqualTo(TraceFormat.BIOSNOOP);
        assertThat(FormatDetector.detect(write("perf.txt", ("     fio  4242 [000]  5000.000001000: block:block_bio_queue:"
                + " 8,16 RS 800 + 8 [fio]\n").getBytes()))).isEqualTo(TraceFormat.FTRACE);
        assertThat(FormatDetector.detect(write("pipe.txt", ("# tracer: nop\n#\n   fio-1234    [001] ..... 10452.123456:"
                + " block_bio_queue: 253,0 W 2048 + 16 [fio]\n").getBytes()))).isEqualTo(TraceFormat.FTRACE);
        assertThat(FormatDetector.detect(write("cp.csv", "version,time,op,size,lbn\n1,5633898,2a,512,42932745\n"
                .getBytes()))).isEqualTo(TraceFormat.CSV);
    }

    @Test
    void tarArchiveReadsAsItsFilesConcatenated() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(new GZIPOutputStream(bos))) {
            for (String[] f : new String[][] {{"a.csv", "1538323200,100,8,0,1\n"}, {"b.csv", "1538323201,200,8,1,1\n"}}) {
                var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(f[0]);
                byte[] b = f[1].getBytes(StandardCharsets.US_ASCII);
                e.setSize(b.length);
                tar.putArchiveEntry(e);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
        Path tgz = write("2018-10-01-00.tgz", bos.toByteArray());
        assertThat(FormatDetector.detect(tgz)).isEqualTo(TraceFormat.CSV);
        try (var in = Compression.open(tgz)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("1538323200,100,8,0,1\n1538323201,200,8,1,1\n");
        }
    }

    @Test
    void parquetByMagic() throws IOException {
        assertThat(FormatDetector.detect(write("x.bin", "PAR1....PAR1".getBytes()))).isEqualTo(TraceFormat.PARQUET);
    }

    @Test
    void errorsNameFileAndPosition() throws IOException {
        Path empty = write("empty", new byte[0]);
        assertThatThrownBy(() -> FormatDetector.detect(empty)).isInstanceOf(TraceFormatException.class)
                .hasMessage(empty + ": byte offset 0: empty file, expected a trace");
        Path garbage = write("garbage.bin", new byte[] {1, 2, 0, 4, 5});
        assertThatThrownBy(() -> FormatDetector.detect(garbage)).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(garbage + ": byte offset 0: unknown binary data (first bytes 0102000405)");
        Path prose = write("notes.txt", "\nhello world\nmore\n".getBytes());
        assertThatThrownBy(() -> FormatDetector.detect(prose)).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(prose + ":2: unrecognised text 'hello world'");
        Path badGzip = write("bad.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        assertThatThrownBy(() -> FormatDetector.detect(badGzip)).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("gzip");
        assertThatThrownBy(() -> FormatDetector.detect(dir.resolve("missing"))).isInstanceOf(TraceFormatException.class)
                .hasMessageEndingWith("missing: no such file");
    }

    @Test
    void perCpuNamesGoToTheBlktraceReaderWhateverTheContent() throws IOException {
        // the reader then reports the bad magic at its byte offset
        assertThat(FormatDetector.detect(write("sdc.blktrace.0", "not binary".getBytes())))
                .isEqualTo(TraceFormat.BLKTRACE);
    }

    @Test
    void perCpuNames() {
        assertThat(FormatDetector.isPerCpuName("dm-0.blktrace.12")).isTrue();
        assertThat(FormatDetector.isPerCpuName("sda.blktrace.0.zst")).isTrue();
        assertThat(FormatDetector.isPerCpuName("sda.blktrace.x")).isFalse();
        assertThat(FormatDetector.isPerCpuName("bp.bin")).isFalse();
    }
}
