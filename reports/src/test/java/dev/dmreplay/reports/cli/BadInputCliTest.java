package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the CLI: exit code 2, exactly one line naming the file and the line or byte offset, and no
 * output file left behind; {@code --lenient} reports counts instead.
 */
class BadInputCliTest {

    @TempDir
    Path dir;

    static byte[] sample() throws IOException {
        return Files.readAllBytes(CliRun.traces().resolve("oracle-small/sda.blktrace.0"));
    }

    /** Length of the record at {@code off} (48-byte little-endian header + pdu_len). */
    static int recordLength(byte[] b, int off) {
        return 48 + (ByteBuffer.wrap(b, off + 46, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff);
    }

    Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** Runs info and ingest on {@code input}; both must fail with one line starting with {@code prefix}. */
    void assertBad(Path input, String prefix) throws IOException {
        CliRun info = CliRun.of("info", input.toString());
        assertThat(info.code()).as(info.err()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(info.errLines()).hasSize(1);
        assertThat(info.errLines()[0]).startsWith("dmreplay: " + prefix);
        assertThat(info.out()).isEmpty();

        Path out = dir.resolve("out").resolve("events.parquet");
        CliRun ingest = CliRun.of("ingest", input.toString(), "-o", out.toString());
        assertThat(ingest.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(ingest.errLines()).hasSize(1);
        assertThat(ingest.errLines()[0]).startsWith("dmreplay: " + prefix);
        Path text = dir.resolve("out").resolve("default.txt");
        CliRun blkparse = CliRun.of("ingest", input.toString(), "--format", "blkparse", "-o", text.toString());
        assertThat(blkparse.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        if (Files.exists(dir.resolve("out"))) {
            try (Stream<Path> s = Files.list(dir.resolve("out"))) {
                assertThat(s).as("no output left behind").isEmpty();
            }
        }
    }

    @Test
    void truncatedRecord() throws IOException {
        byte[] b = sample();
        int first = recordLength(b, 0);
        Path p = file("trunc.blktrace.0", Arrays.copyOf(b, first + 20));
        assertBad(p, p + ": byte offset " + first + ": ");
    }

    @Test
    void badMagic() throws IOException {
        byte[] b = sample();
        int first = recordLength(b, 0);
        b[first] = 'X';
        b[first + 1] = 'X';
        b[first + 2] = 'X';
        b[first + 3] = 'X';
        Path p = file("magic.blktrace.0", b);
        assertBad(p, p + ": byte offset " + first + ": ");
        assertThat(CliRun.of("info", p.toString()).err()).containsIgnoringCase("magic");
    }

    @Test
    void unknownVersion() throws IOException {
        byte[] b = sample();
        b[0] = 6;
        Path p = file("v6.blktrace.0", b);
        assertBad(p, p + ": byte offset 0: ");
        assertThat(CliRun.of("info", p.toString()).err()).contains("version");
    }

    @Test
    void pduLengthBeyondTheFile() throws IOException {
        byte[] b = sample();
        int first = recordLength(b, 0);
        byte[] cut = Arrays.copyOf(b, first + 48 + 4);
        System.arraycopy(b, 0, cut, first, 48);
        cut[first + 46] = (byte) 200; // pdu_len 200, 4 bytes present
        cut[first + 47] = 0;
        Path p = file("pdu.blktrace.0", cut);
        assertBad(p, p + ": byte offset " + first + ": ");
    }

    @Test
    void emptyFileAndEmptyDirectory() throws IOException {
        Path empty = file("empty.bin", new byte[0]);
        assertBad(empty, empty + ": byte offset 0: empty file");
        Path none = Files.createDirectory(dir.resolve("bundle"));
        Files.writeString(none.resolve("notes.txt"), "nothing to see\n");
        assertBad(none, none + ": no traces in directory");
        Path missing = dir.resolve("missing");
        assertBad(missing, missing + ": no such file or directory");
    }

    @Test
    void unknownFormat() throws IOException {
        Path p = file("x.bin", new byte[] {1, 2, 3, 0, 5, 6, 7, 8});
        assertBad(p, p + ": byte offset 0: unknown binary data");
        Path t = file("t.txt", "hello\nworld\n".getBytes());
        assertBad(t, t + ":1: unrecognised text 'hello'");
    }

    @Test
    void dmTableReferencingAnUnknownDevice() throws IOException {
        Path bundle = Files.createDirectory(dir.resolve("b"));
        Path src = CliRun.traces().resolve("oracle-small");
        for (String f : new String[] {"sda.blktrace.0", "sda.blktrace.1", "dmsetup-ls-tree.txt"}) {
            Files.copy(src.resolve(f), bundle.resolve(f));
        }
        Files.writeString(bundle.resolve("dmsetup-table.txt"), "vg0-lv0: 0 419428352 striped 2 128 8:0 2048 8:16"
                + " 2048\nvg0-top: 0 1024 linear 253:9 0\n");
        assertBad(bundle, bundle.resolve("dmsetup-table.txt") + ":2: ");
        assertThat(CliRun.of("info", bundle.toString()).err()).contains("253:9");
        // the same table through --table
        CliRun r = CliRun.of("info", src.toString(), "--table", bundle.resolve("dmsetup-table.txt").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
    }

    @Test
    void lenientSkipsCountsAndReports() throws IOException {
        byte[] b = sample();
        int first = recordLength(b, 0);
        b[first] = 'X';
        Path p = file("magic.blktrace.0", b);
        CliRun r = CliRun.of("info", "--json", "--lenient", p.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // the reader skips to the next valid record and says what it lost: the damaged record is the PROCESS note,
        // which has no sequence number, so no event is missing and the 64 bytes hold at most one uncounted record
        assertThat(r.err()).startsWith("dmreplay: skipped 0 event records and up to 1 uncounted record (64 bytes) in 1"
                + " damaged stretch; first 1:\n  " + p
                + ": byte offset "
                + first);
        assertThat(r.out()).contains("\"skipped_records\" : 0").contains("\"skipped_uncounted_records_at_most\" : 1")
                .contains("\"damaged_stretches\" : 1").contains("\"skipped_bytes\" : 64");

        Path out = dir.resolve("lenient.parquet");
        CliRun w = CliRun.of("ingest", "--lenient", p.toString(), "-o", out.toString());
        assertThat(w.code()).isZero();
        assertThat(w.err()).contains("(64 bytes) in 1 damaged stretch");
        assertThat(out).exists();
    }
}
