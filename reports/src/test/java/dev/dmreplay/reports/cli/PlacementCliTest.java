package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Replaying a trace onto a stack the user chooses ({@code --map}, {@code --place}), end to end. */
class PlacementCliTest {
    private static final Path INGEST_RES = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent()
            .resolve("ingest/src/test/resources");
    private static final Pattern COUNTS = Pattern.compile("trace (\\d+) Q records: (\\d+) submitted, (\\d+) skipped");

    @TempDir
    Path dir;

    private Path table(String text) throws Exception {
        Path p = dir.resolve("stack-" + text.hashCode() + ".txt");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static long[] counts(String out) {
        Matcher m = COUNTS.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    /** Every reader's sample file replays onto a table it knows nothing about, every Q record accounted for. */
    @ParameterizedTest
    @ValueSource(strings = {"csv/msr-sample.csv", "csv/alibaba-sample.csv", "csv/tencent-sample.csv",
        "csv/cloudphysics-sample.csv", "lines/sample.load", "lines/sample-disksim.trace", "lines/sample-mqsim.trace",
        "lines/sample-v2.iolog", "lines/sample-v3.iolog", "lines/sample-biosnoop.txt",
        "lines/sample-biosnoop-q.txt", "lines/sample-perf-script.txt", "lines/sample-trace-pipe.txt"})
    void everyFormatReplaysOntoAChosenTable(String file) throws Exception {
        Path t = table("vg-data: 0 2097152 striped 2 128 8:16 0 8:32 0\n");
        CliRun r = CliRun.of("replay", INGEST_RES.resolve(file).toString(), "--table", t.toString(), "--place",
                "-o", dir.resolve("run").toString(), "--strategy", "MODERN");
        assertThat(r.code()).as(r.err()).isZero();
        long[] c = counts(r.out());
        assertThat(c[1]).as(r.out()).isPositive();
        assertThat(c[0]).isEqualTo(c[1] + c[2]);
        assertThat(r.out()).contains("top devices vg-data").containsPattern("placed \\S+ on vg-data: \\d+ requests")
                .contains("outcome FINE");
        JsonNode s = new ObjectMapper().readTree(dir.resolve("run/summary.json").toFile());
        assertThat(s.get("result").get("submitted").asLong()).isEqualTo(c[1]);
        assertThat(s.get("notes").toString()).contains("placed ");
    }

    @Test
    void mapRulesSendEachVolumeToItsDeviceAndTheReplayIsDeterministic() throws Exception {
        Path t = table("vg-data: 0 20971520 linear 8:0 2048\nvg-log: 0 2097152 striped 2 128 8:16 0 8:32 0\n");
        String trace = INGEST_RES.resolve("csv/msr-sample.csv").toString();
        String[] args = {"replay", trace, "--table", t.toString(), "--map", "hm_1=vg-data", "--map", "*=vg-log",
            "-o", dir.resolve("a").toString()};
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("placed hm_1 on vg-data: 3 requests, 0 wrapped")
                .contains("placed hm_0 on vg-log: 1 requests, 1 wrapped").contains("placed src1_2 on vg-log: 1 requests");
        args[args.length - 1] = dir.resolve("b").toString();
        assertThat(CliRun.of(args).code()).isZero();
        for (String f : new String[] {"summary.json", "observations.parquet"}) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).as(f)
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
        }
    }

    @Test
    void infoPreviewsExactlyWhatTheReplaySubmits() throws Exception {
        Path t = table("other: 0 2097152 linear 8:48 0\n");
        String trace = CliRun.traces().resolve("oracle-small").toString();
        String[] shape = {"--table", t.toString(), "--place", "--window", "10ms..40ms", "--sample", "0.5", "--seed",
            "3"};
        CliRun info = CliRun.of(concat(new String[] {"info", trace}, shape));
        assertThat(info.code()).as(info.err()).isZero();
        Matcher m = Pattern.compile("submitted by a replay: (\\d+) requests").matcher(info.out());
        assertThat(m.find()).as(info.out()).isTrue();
        assertThat(info.out()).contains("dm-0                 other").contains("on devices not placed")
                .contains("outside the window");
        CliRun replay = CliRun.of(concat(new String[] {"replay", trace, "-o", dir.resolve("r").toString()}, shape));
        assertThat(replay.code()).as(replay.err()).isZero();
        long[] c = counts(replay.out());
        assertThat(c[1]).isEqualTo(Long.parseLong(m.group(1)));
        assertThat(replay.out()).contains("outside the --window").contains("left out by --sample")
                .contains("device not placed on the stack (--map)").contains("selection: window 10ms..40ms, sample 0.5 by io");
        CliRun json = CliRun.of(concat(new String[] {"info", trace, "--json"}, shape));
        assertThat(new ObjectMapper().readTree(json.out()).get("placement").get("submitted").asLong())
                .isEqualTo(c[1]);
    }

    @Test
    void windowAndSampleWorkOnATraceReplayedOnItsOwnStack() throws Exception {
        String trace = CliRun.traces().resolve("oracle-small").toString();
        CliRun all = CliRun.of("replay", trace, "-o", dir.resolve("all").toString());
        CliRun part = CliRun.of("replay", trace, "-o", dir.resolve("part").toString(), "--window", "..20ms",
                "--sample", "0.5:submitter");
        assertThat(part.code()).as(part.err()).isZero();
        long[] a = counts(all.out());
        long[] p = counts(part.out());
        assertThat(p[0]).isEqualTo(a[0]);
        assertThat(p[1]).isPositive().isLessThan(a[1]);
        assertThat(p[0]).isEqualTo(p[1] + p[2]);
    }

    @Test
    void optionsThatCannotWorkAreRefusedInOneLine() throws Exception {
        Path t = table("a: 0 1000 linear 8:0 0\nb: 0 1000 linear 8:16 0\n");
        String trace = INGEST_RES.resolve("csv/msr-sample.csv").toString();
        String out = dir.resolve("x").toString();
        String[][] bad = {
            {"--place"},
            {"--map", "nosuch=a"},
            {"--map", "hm_1=zz"},
            {"--map", "hm_1"},
            {"--fit", "scale"},
            {"--map", "*=a", "--fit", "squeeze"},
            {"--map", "*=a", "--window", "5s"},
            {"--map", "*=a", "--sample", "2"},
            {"--map", "*=a", "--time-scale", "0.5", "--mode", "afap"},
        };
        for (String[] opts : bad) {
            CliRun r = CliRun.of(concat(new String[] {"replay", trace, "--table", t.toString(), "-o", out}, opts));
            assertThat(r.code()).as(String.join(" ", opts) + ": " + r.err()).isEqualTo(2);
            assertThat(r.errLines()).as(String.join(" ", opts)).hasSize(1);
            assertThat(r.err()).doesNotContain("Exception");
        }
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void timeScaleSubmitsAtScaledTimes() throws Exception {
        Path t = table("v: 0 20971520 linear 8:0 0\n");
        String trace = INGEST_RES.resolve("csv/msr-sample.csv").toString();
        CliRun normal = CliRun.of("replay", trace, "--table", t.toString(), "--place", "-o", dir.resolve("n").toString());
        CliRun fast = CliRun.of("replay", trace, "--table", t.toString(), "--place", "--time-scale", "0.5", "-o",
                dir.resolve("f").toString());
        assertThat(fast.code()).as(fast.err()).isZero();
        double tn = virtualTime(normal.out());
        double tf = virtualTime(fast.out());
        assertThat(tf).isLessThan(tn * 0.6).isGreaterThan(tn * 0.4);
    }

    @Test
    void batchReplaysADirectoryOfCsvTracesOntoOneTable() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(INGEST_RES.resolve("csv/msr-sample.csv"), in.resolve("msr.csv"));
        Files.copy(INGEST_RES.resolve("csv/tencent-sample.csv"), in.resolve("tencent.csv"));
        Files.copy(INGEST_RES.resolve("lines/sample-biosnoop.txt"), in.resolve("biosnoop.txt"));
        Files.writeString(in.resolve("broken.csv"), "Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime\n"
                + "128166372003061629,hm,1,Read,notanumber,24576,41286\n");
        Path t = table("vg-data: 0 2097152 striped 2 128 8:16 0 8:32 0\n");
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("batch", in.toString(), "--table", t.toString(), "--place", "--strategy", "BARE,DF",
                "-j", "1", "-o", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        java.util.List<String> rows = Files.readAllLines(out.resolve("runs.csv"));
        assertThat(rows).hasSize(1 + 4 * 2);
        assertThat(rows.stream().filter(l -> l.contains(",FINE,")).count()).as(String.join("\n", rows))
                .isEqualTo(6);
        assertThat(rows.stream().filter(l -> l.startsWith("broken")).toList()).hasSize(2)
                .allMatch(l -> l.contains("FAILED") && l.contains("broken.csv"));
        JsonNode s = new ObjectMapper().readTree(firstSummary(out));
        assertThat(s.get("notes").toString()).contains("placed ");
    }

    private static java.io.File firstSummary(Path out) throws Exception {
        try (java.util.stream.Stream<Path> w = Files.walk(out)) {
            return w.filter(p -> p.getFileName().toString().equals("summary.json")).sorted().findFirst()
                    .orElseThrow().toFile();
        }
    }

    private static double virtualTime(String out) {
        Matcher m = Pattern.compile("virtual time ([0-9.]+) s").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
