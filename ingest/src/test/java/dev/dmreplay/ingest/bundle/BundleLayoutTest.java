package dev.dmreplay.ingest.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.TraceFormatException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleLayoutTest {

    @TempDir
    Path dir;

    void put(String name, byte[] b) throws IOException {
        Files.write(dir.resolve(name), b);
    }

    void put(String name, String s) throws IOException {
        Files.writeString(dir.resolve(name), s);
    }

    @Test
    void perCpuSetsSortedByNameWithDefaultDumps() throws IOException {
        byte[] rec = FormatDetectorTest.record(ByteOrder.LITTLE_ENDIAN, 7);
        put("sdb.blktrace.0", rec);
        put("dm-0.blktrace.0.gz", FormatDetectorTest.gzip(rec));
        put("dm-0.blktrace.1.gz", FormatDetectorTest.gzip(rec));
        put("sda.blktrace.0", rec);
        put("dmsetup-table.txt", "vg0-lv0: 0 8 linear 8:0 0\n");
        put("dmsetup_info_c.txt", "Name Maj Min\n");
        put("README.md", "made by hand\n");
        BundleLayout l = BundleLayout.scan(dir);
        assertThat(l.format()).isEqualTo(TraceFormat.BLKTRACE);
        assertThat(l.traces()).containsExactly(dir.resolve("dm-0"), dir.resolve("sda"), dir.resolve("sdb"));
        assertThat(l.dumps().table()).isEqualTo(dir.resolve("dmsetup-table.txt"));
        assertThat(l.dumps().infoC()).isEqualTo(dir.resolve("dmsetup_info_c.txt"));
        assertThat(l.dumps().lsTree()).isNull();
        assertThat(l.description()).isNull();
    }

    @Test
    void singleTextTraceAmongNotes() throws IOException {
        put("notes.txt", "captured on host x\n");
        put("trace.txt", "  8,0    0        1     0.000000000  1000  Q   R 8 + 8 [fio]\n");
        BundleLayout l = BundleLayout.scan(dir);
        assertThat(l.format()).isEqualTo(TraceFormat.BLKPARSE_TEXT);
        assertThat(l.traces()).containsExactly(dir.resolve("trace.txt"));
    }

    @Test
    void manifestNamesInputsAndDumps() throws IOException {
        byte[] rec = FormatDetectorTest.record(ByteOrder.LITTLE_ENDIAN, 7);
        put("a.blktrace.0", rec);
        put("b.blktrace.0", rec);
        put("table.dm", "vg0-lv0: 0 8 linear 8:0 0\n");
        put("bundle.json", "{\"bundle_version\": 1, \"description\": \"two disks\", \"traces\": [\"b\", \"a\"],"
                + " \"dmsetup_table\": \"table.dm\"}");
        BundleLayout l = BundleLayout.scan(dir);
        assertThat(l.traces()).containsExactly(dir.resolve("b"), dir.resolve("a"));
        assertThat(l.dumps().table()).isEqualTo(dir.resolve("table.dm"));
        assertThat(l.description()).isEqualTo("two disks");
    }

    @Test
    void manifestRoundTripsThroughJson() throws IOException {
        BundleManifest m = new BundleManifest(1, "d", List.of("dm-0", "sda"), "dmsetup-table.txt", null, null, null,
                null);
        put("bundle.json", m.toJson());
        assertThat(BundleManifest.read(dir.resolve("bundle.json"))).isEqualTo(m);
        assertThat(m.toJson()).startsWith("{\n  \"bundle_version\" : 1,\n  \"description\" : \"d\",");
    }

    @Test
    void errors() throws IOException {
        assertThatThrownBy(() -> BundleLayout.scan(dir)).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(dir + ": no traces in directory");
        put("x.txt", "  8,0    0        1     0.000000000  1000  Q   R 8 + 8 [fio]\n");
        put("y.txt", "  8,0    0        1     0.000000000  1000  Q   R 8 + 8 [fio]\n");
        assertThatThrownBy(() -> BundleLayout.scan(dir)).hasMessageContaining("several trace files (x.txt, y.txt)");
        put("bundle.json", "{\"bundle_version\": 1,\n \"tracez\": [\"x.txt\"]}");
        assertThatThrownBy(() -> BundleLayout.scan(dir)).isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(dir.resolve("bundle.json") + ":2: bad bundle.json")
                .hasMessageContaining("tracez");
        put("bundle.json", "{\"bundle_version\": 2}");
        assertThatThrownBy(() -> BundleLayout.scan(dir)).hasMessageContaining("bundle_version 2 is not supported");
        put("bundle.json", "{\"bundle_version\": 1, \"traces\": [\"nope\"]}");
        assertThatThrownBy(() -> BundleLayout.scan(dir)).hasMessageContaining("traces names 'nope'");
        put("bundle.json", "{\"bundle_version\": 1, \"traces\": [\"x.txt\"], \"dmsetup_table\": \"t.txt\"}");
        assertThatThrownBy(() -> BundleLayout.scan(dir)).hasMessageContaining("dmsetup_table names 't.txt'");
        put("bundle.json", "{\"bundle_version\": 1, \"traces\": [\"../x.txt\"]}");
        assertThatThrownBy(() -> BundleLayout.scan(dir)).hasMessageContaining("must be a plain path");
        put("bundle.json", "{\"bundle_version\": 1, \"traces\": [\"x.txt\", \"y.txt\"]}");
        assertThatThrownBy(() -> BundleLayout.scan(dir)).hasMessageContaining("traces mixes inputs");
    }
}
