package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces on standard input through a real pipe: the CLI runs in a child JVM whose stdin is a pipe this test writes
 * to, so nothing can seek or re-open the input.
 */
class StdinPipeCliTest {
    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code dmreplay args} in a child JVM with {@code input} written to its stdin pipe. */
    private static CliRun child(byte[] input, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        Thread feeder = new Thread(() -> {
            try (OutputStream o = p.getOutputStream()) {
                o.write(input);
            } catch (IOException ignored) {
                // the child may exit early on bad input
            }
        });
        feeder.start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try (InputStream e = p.getErrorStream()) {
                e.transferTo(err);
            } catch (IOException ignored) {
                // nothing more to read
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        feeder.join();
        drain.join();
        return new CliRun(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    /** The records of a blktrace per-CPU file, each header and payload as one array. */
    private static List<byte[]> records(Path f) throws IOException {
        byte[] all = Files.readAllBytes(f);
        List<byte[]> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < all.length; ) {
            int len = 48 + (b.getShort(at + 46) & 0xffff);
            byte[] r = new byte[len];
            System.arraycopy(all, at, r, 0, len);
            out.add(r);
            at += len;
        }
        return out;
    }

    @Test
    void blktraceStreamOnAPipeReadsAsItsPerCpuFiles() throws Exception {
        Path src = CliRun.traces().resolve("oracle-small");
        Path set = Files.createDirectory(tmp.resolve("set"));
        List<List<byte[]>> files = new ArrayList<>();
        for (String n : List.of("dm-0", "sda", "sdb")) {
            for (int cpu = 0; cpu < 2; cpu++) {
                Path f = src.resolve(n + ".blktrace." + cpu);
                Files.copy(f, set.resolve(f.getFileName()));
                files.add(records(f));
            }
        }
        // what blktrace -o - writes: each CPU buffer's records in chunks as they are drained, interleaved
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int[] next = new int[files.size()];
        for (boolean more = true; more; ) {
            more = false;
            for (int i = 0; i < files.size(); i++) {
                for (int k = 0; k < 37 && next[i] < files.get(i).size(); k++) {
                    stream.write(files.get(i).get(next[i]++));
                }
                more |= next[i] < files.get(i).size();
            }
        }
        CliRun piped = child(stream.toByteArray(), "info", "--json", "-");
        assertThat(piped.code()).as(piped.err()).isZero();
        CliRun direct = CliRun.of("info", "--json", set.toString());
        assertThat(direct.code()).as(direct.err()).isZero();
        JsonNode a = JSON.readTree(piped.out());
        JsonNode b = JSON.readTree(direct.out());
        for (String key : List.of("events", "records", "ios", "time", "actions", "operations", "bytes_read",
                "bytes_written", "processes")) {
            assertThat(a.get(key)).as(key).isEqualTo(b.get(key));
        }
        // the stream carries no device names: each device is named by its number
        assertThat(a.get("remaps").get(0).get("from_name").asText()).isEqualTo("253,0");
        assertThat(a.get("remaps").get(0).get("count")).isEqualTo(b.get("remaps").get(0).get("count"));
        assertThat(a.get("devices").size()).isEqualTo(3);
        assertThat(a.get("events").asLong()).isGreaterThan(1000);
    }

    @Test
    void blkparseTextOnAPipeAnalysesAsTheFile() throws Exception {
        Path text = tmp.resolve("default.txt");
        CliRun made = CliRun.of("ingest", CliRun.traces().resolve("oracle-small").toString(), "--format", "blkparse",
                "-o", text.toString());
        assertThat(made.code()).as(made.err()).isZero();
        CliRun piped = child(Files.readAllBytes(text), "analyze", "--btt", "/dev/stdin");
        assertThat(piped.code()).as(piped.err()).isZero();
        CliRun direct = CliRun.of("analyze", "--btt", text.toString());
        assertThat(piped.out()).isEqualTo(direct.out()).contains("Q2C");
    }

    @Test
    void emptyPipeIsBadInput() throws Exception {
        CliRun r = child(new byte[0], "info", "-");
        assertThat(r.code()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(r.err()).startsWith("dmreplay: stdin: byte offset 0: empty input");
    }
}
