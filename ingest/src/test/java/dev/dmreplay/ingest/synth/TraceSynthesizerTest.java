package dev.dmreplay.ingest.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceSynthesizerTest {
    @TempDir
    Path tmp;

    private TraceSynthesizer.Summary synth(Path dir, String stack, String workload, long records, long seed)
            throws IOException {
        return new TraceSynthesizer(SynthStack.of(stack), WorkloadSpec.parse(workload), 2, seed)
                .write(dir, records, null);
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        synth(tmp.resolve("a"), "striped", WorkloadSpec.DEFAULT, 5000, 7);
        synth(tmp.resolve("b"), "striped", WorkloadSpec.DEFAULT, 5000, 7);
        synth(tmp.resolve("c"), "striped", WorkloadSpec.DEFAULT, 5000, 8);
        List<String> names = names(tmp.resolve("a"));
        assertThat(names).contains("dm-0.blktrace.0", "dm-0.blktrace.1", "sda.blktrace.0", "sdb.blktrace.1",
                "dmsetup-table.txt", "dmsetup-ls-tree.txt", "dmsetup-info-c.txt");
        assertThat(names(tmp.resolve("b"))).isEqualTo(names);
        for (String n : names) {
            assertThat(Files.readAllBytes(tmp.resolve("b").resolve(n))).as(n)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(n)));
        }
        assertThat(Files.readAllBytes(tmp.resolve("c").resolve("dm-0.blktrace.0")))
                .isNotEqualTo(Files.readAllBytes(tmp.resolve("a").resolve("dm-0.blktrace.0")));
    }

    @Test
    void readerCountsWhatWasWrittenAndEveryBioCompletesOnEveryLevel() throws IOException {
        Path dir = tmp.resolve("t");
        TraceSynthesizer.Summary s = synth(dir, "linear-over-striped", "read=50,bs=4k-256k,qd=8", 20_000, 3);
        assertThat(s.records()).isGreaterThanOrEqualTo(20_000).isLessThan(20_000 + 200);
        Map<Action, Long> counts = new EnumMap<>(Action.class);
        Map<Integer, Long> queued = new java.util.HashMap<>();
        Map<Integer, Long> completed = new java.util.HashMap<>();
        long records = 0;
        long last = Long.MIN_VALUE;
        try (OpenedTrace t = TraceOpener.open(dir, ReadOptions.STRICT, null)) {
            for (BlockEvent e; (e = t.events().next()) != null; ) {
                if (e.isNotify()) {
                    continue;
                }
                assertThat(e.time()).isGreaterThan(last);
                last = e.time();
                records++;
                counts.merge(e.kind(), 1L, Long::sum);
                if (e.kind() == Action.QUEUE) {
                    queued.merge(e.device(), 1L, Long::sum);
                } else if (e.kind() == Action.COMPLETE) {
                    completed.merge(e.device(), 1L, Long::sum);
                }
            }
        }
        assertThat(records).isEqualTo(s.records());
        assertThat(completed).isEqualTo(queued);
        // top device lv (253:1) sees only Q and C; lv's bios are remapped once each into str (253:0)
        assertThat(queued.get(253 << 20 | 1)).isEqualTo(s.bios());
        assertThat(queued.get(253 << 20)).isEqualTo(s.bios());
        assertThat(counts.get(Action.SPLIT)).isEqualTo(s.splits()).isPositive();
        assertThat(counts.get(Action.REMAP)).isEqualTo(counts.get(Action.ISSUE) + s.bios());
        assertThat(counts.get(Action.GETRQ)).isEqualTo(counts.get(Action.ISSUE)).isEqualTo(counts.get(Action.INSERT));
    }

    @Test
    void dumpsDescribeTheStackTheyCameFrom() throws IOException {
        Path dir = tmp.resolve("d");
        synth(dir, "linear-over-striped", WorkloadSpec.DEFAULT, 100, 1);
        DmTopology t = DmTopology.load(dir.resolve("dmsetup-table.txt"), dir.resolve("dmsetup-ls-tree.txt"),
                dir.resolve("dmsetup-info-c.txt"), null);
        assertThat(t.warnings()).isEmpty();
        assertThat(t.topLevel()).extracting(m -> m.name()).containsExactly("lv");
        assertThat(t.device("str").orElseThrow().devNo().colon()).isEqualTo("253:0");
        assertThat(t.leaves()).extracting(Object::toString).containsExactlyInAnyOrder("8:0", "8:16");
    }

    @Test
    void blkparseReadsTheFiles() throws Exception {
        if (!onPath("blkparse")) {
            String why = "blkparse not found (install Debian's blktrace package: apt-get install blktrace; "
                    + ".ci/run does this)";
            // Under CI a missing tool is a failure, not a silent skip: the project installs it itself.
            if (System.getenv("CI") != null) {
                fail(why);
            }
            abort(why + "; skipped outside CI");
        }
        Path dir = tmp.resolve("p");
        TraceSynthesizer.Summary s = synth(dir, "striped", "read=60,bs=4k-128k,qd=16,rate=20000", 3000, 11);
        Process p = new ProcessBuilder("blkparse", "-i", "dm-0", "-i", "sda", "-i", "sdb", "-o", "/dev/stdout")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        long events = out.lines().filter(l -> l.startsWith("Events ("))
                .mapToLong(l -> Long.parseLong(l.split("\\s+")[2])).sum();
        assertThat(events).isEqualTo(s.records());
        assertThat(out).contains("Skips: 0 forward");
    }

    @Test
    void badTablesAndWorkloadsAreOneLineErrors() throws IOException {
        Path table = tmp.resolve("t.txt");
        Files.writeString(table, "z: 0 100 zero\n");
        assertThatThrownBy(() -> SynthStack.of(table.toString())).isInstanceOf(TableFormatException.class)
                .hasMessageContaining("linear and striped targets only");
        assertThatThrownBy(() -> SynthStack.of("no-such-stack")).isInstanceOf(OptionException.class);
        assertThatThrownBy(() -> WorkloadSpec.parse("bs=3k")).isInstanceOf(OptionException.class)
                .hasMessageContaining("powers of two");
        assertThatThrownBy(() -> WorkloadSpec.parse("depth=3")).isInstanceOf(OptionException.class)
                .hasMessageContaining("unknown key 'depth'");
        assertThat(WorkloadSpec.parse("bs=512-1m,qd=1").render())
                .isEqualTo("read=70,bs=512-1m,seq=30,qd=1,rate=0,procs=4");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
