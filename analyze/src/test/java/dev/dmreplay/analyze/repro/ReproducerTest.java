package dev.dmreplay.analyze.repro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.dm.DeviceTable;
import dev.dmreplay.ingest.dm.DmTableParser;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dmreplay repro} for every shipped scenario: the scripts are valid shell ({@code bash -n}), the tables
 * parse with our own dmsetup table parser, the iologs read back with our own iolog reader and hold the scenario's
 * bios, and no crypt key reaches any file.
 */
class ReproducerTest {
    @TempDir
    Path tmp;

    static Path scenarios() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent().resolve("traces/scenarios");
    }

    static Stream<Path> scenarioFiles() throws IOException {
        try (Stream<Path> s = Files.list(scenarios())) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /** The scenario's own last strategy (every file lists the claims strategies or its own). */
    private static Strategy strategyOf(Scenario s) {
        return s.strategies().get(s.strategies().size() - 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarioFiles")
    void everyShippedScenarioGivesAValidReproducer(Path file) throws Exception {
        Scenario s = ScenarioLoader.load(file);
        Strategy st = strategyOf(s);
        ReproPlan plan = ScenarioPlans.of(s, st, 1);
        Path dir = tmp.resolve(s.id());
        Reproducer.write(plan, dir);

        for (String script : List.of("repro.sh", "faults.sh", "blktests/tests/dm/" + BlktestsTest.NUMBER)) {
            assertThat(bashSyntax(dir.resolve(script))).as(script + " is valid shell").isEmpty();
        }
        // the tables parse with our parser, one device per DM device of the scenario, lower devices first
        List<DeviceTable> tables = DmTableParser.parse("stack.table", Files.readString(dir.resolve("stack.table")),
                null, new ArrayList<>());
        assertThat(tables).extracting(DeviceTable::name)
                .containsExactlyInAnyOrderElementsOf(s.stack().dms().stream().map(d -> d.name()).toList());
        assertThat(plan.dmOrder()).containsExactlyInAnyOrderElementsOf(tables.stream().map(DeviceTable::name).toList());
        String script = Files.readString(dir.resolve("repro.sh"));
        for (String d : plan.dmOrder()) {
            assertThat(script).contains("dmsetup create '" + d + "'");
        }
        // every leaf the tables reference is made, with a size and the model's latency
        for (ReproLeaf l : plan.leaves()) {
            assertThat(script).contains("leaf_create " + l.key() + " '" + l.ref() + "' " + l.mib() + " ");
            assertThat(l.sectors()).isGreaterThanOrEqualTo(StackTables.MIN_SECTORS);
        }
        // the iologs read back with our own reader and hold each task's bios (those fio can issue)
        long bios = 0;
        for (SyntheticWorkload.TaskPlan t : s.tasks()) {
            bios += t.requests().stream().filter(r -> r.op() != dev.dmreplay.replay.block.Op.WRITE_ZEROES
                    && r.op() != dev.dmreplay.replay.block.Op.SECURE_ERASE
                    && r.op() != dev.dmreplay.replay.block.Op.WRITE_SAME).count();
        }
        long read = 0;
        for (ReproPlan.Job j : plan.jobs()) {
            Path iolog = dir.resolve("workload").resolve(FioJob.fileName(j));
            long n = queues(iolog);
            assertThat(n).as(iolog.toString()).isEqualTo(j.ios());
            read += n;
        }
        assertThat(read).isEqualTo(bios);
        assertThat(Files.readString(dir.resolve("workload.fio"))).contains("read_iolog=${REPRO_DIR}/workload/");
        // the README states the prediction and the strategy's era
        String readme = Files.readString(dir.resolve("README.md"));
        assertThat(readme).contains("Outcome: **" + plan.prediction().outcome().name() + "**")
                .contains(KernelEra.of(st).versions());
    }

    /**
     * The tables as the script itself hands them to {@code dmsetup create}: its {@code table_of} (awk) with every
     * leaf, md array and numbered DM device mapped to a made-up device number and a crypt key filled in, for every
     * shipped scenario. Each device's lines still parse with our parser and no reference the script was to
     * rewrite is left.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarioFiles")
    void theScriptsOwnTableRewriteParses(Path file) throws Exception {
        Scenario s = ScenarioLoader.load(file);
        ReproPlan plan = ScenarioPlans.of(s, strategyOf(s), 1);
        Path dir = tmp.resolve(s.id());
        Reproducer.write(plan, dir);
        Path work = Files.createDirectories(tmp.resolve("work-" + s.id()));
        List<String> refs = new ArrayList<>();
        StringBuilder map = new StringBuilder();
        int minor = 0;
        for (ReproLeaf l : plan.leaves()) {
            refs.add(l.ref());
            map.append(l.ref()).append(" 7:").append(minor++).append('\n');
        }
        for (ReproPlan.Md m : plan.mds()) {
            refs.add(m.ref());
            map.append(m.ref()).append(" 9:").append(100 + minor++).append('\n');
        }
        for (String n : plan.dmNumbers().values()) {
            refs.add(n);
            map.append(n).append(" 254:").append(minor++).append('\n');
        }
        Files.writeString(work.resolve("map"), map);
        String script = Files.readString(dir.resolve("repro.sh"));
        int from = script.indexOf("table_of() {");
        String tableOf = script.substring(from, script.indexOf("\n}\n", from) + 3);
        StringBuilder calls = new StringBuilder(tableOf);
        for (String d : plan.dmOrder()) {
            calls.append("echo '#dev ").append(d).append("'; table_of ").append(ReproScript.quote(d)).append('\n');
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", calls.toString()).redirectErrorStream(true);
        pb.environment().put("WORK", work.toString());
        pb.environment().put("HERE", dir.toString());
        pb.environment().put("CRYPT_KEY", "ab".repeat(32));
        Process q = pb.start();
        q.getOutputStream().close();
        String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(q.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(q.exitValue()).as(out).isZero();
        StringBuilder dump = new StringBuilder();
        String dev = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("#dev ")) {
                dev = line.substring(5);
            } else if (!line.isBlank()) {
                assertThat(dev).as("a table line before any device: " + line).isNotNull();
                dump.append(dev).append(": ").append(line).append('\n');
                for (String w : line.trim().split("\\s+")) {
                    assertThat(refs).as(dev + ": '" + w + "' should have been rewritten").doesNotContain(w);
                }
            }
        }
        List<DeviceTable> tables = DmTableParser.parse("table_of output", dump, null, new ArrayList<>());
        assertThat(tables).extracting(DeviceTable::name).containsExactlyInAnyOrderElementsOf(plan.dmOrder());
    }

    /**
     * S10's zoned disk: a zoned null_blk with the model's zone size and no conventional zone (scsi_debug likewise),
     * the model's unaligned-write count stated, and fio's exit checked against it.
     */
    @Test
    void aZonedLeafIsMadeZonedAndTheUnalignedWritesArePredicted() throws Exception {
        Scenario s = ScenarioLoader.load(scenarios().resolve("S10.yaml"));
        ReproPlan plan = ScenarioPlans.of(s, Strategy.V618, 2);
        assertThat(plan.zoned()).isTrue();
        ReproLeaf sdz = plan.leaves().get(0);
        assertThat(sdz.zoneMib()).isEqualTo(4);
        assertThat(sdz.zoneSizeExact()).isTrue();
        Path dir = tmp.resolve("s10");
        Reproducer.write(plan, dir);
        String script = Files.readString(dir.resolve("repro.sh"));
        assertThat(script).contains("leaf_create 8_0 '8:0' 512 32 1000000 1 0 256 4 ")
                .contains("echo 1 > \"$d/zoned\"; echo \"$5\" > \"$d/zone_size\"; echo 0 > \"$d/zone_nr_conv\"")
                .contains("zbc=managed zone_size_mb=\"$3\" zone_nr_conv=0")
                .contains("PREDICTED_UNALIGNED=0\n")
                .contains("[ \"$rc\" -ne 0 ] && [ \"$PREDICTED_UNALIGNED\" -eq 0 ]");
        assertThat(bashSyntax(dir.resolve("repro.sh"))).isEmpty();
        assertThat(Files.readString(dir.resolve("prediction.json"))).contains("\"unalignedWrites\" : 0");
        assertThat(Files.readString(dir.resolve("README.md"))).contains("The model predicts **0** unaligned write(s)");

        // S9's stack with a zoned member, written: the model fails two writes under V519, the script expects fio to fail
        String s9 = Files.readString(scenarios().resolve("S9.yaml"))
                .replace("latency: 1ms}", "latency: 1ms, zoneSectors: 6144}").replace("op: read", "op: write");
        Path f = tmp.resolve("S9w.yaml");
        Files.writeString(f, s9);
        ReproPlan w = ScenarioPlans.of(ScenarioLoader.load(f), Strategy.V519, 1);
        assertThat(w.prediction().unalignedWrites()).isEqualTo(2);
        ReproLeaf member = w.leaves().get(0);
        assertThat(member.zoneMib()).as("3 MiB rounded up to a power of two").isEqualTo(4);
        assertThat(member.zoneSizeExact()).isFalse();
        Reproducer.write(w, tmp.resolve("s9w"));
        assertThat(Files.readString(tmp.resolve("s9w/repro.sh"))).contains("PREDICTED_UNALIGNED=2\n");
        assertThat(Files.readString(tmp.resolve("s9w/README.md"))).contains("the real zones are 4 MiB");
        // no zoned leaf: neither the variable nor the key
        ReproPlan s1 = ScenarioPlans.of(ScenarioLoader.load(scenarios().resolve("S1.yaml")), Strategy.DF, 1);
        Reproducer.write(s1, tmp.resolve("s1"));
        assertThat(Files.readString(tmp.resolve("s1/repro.sh"))).doesNotContain("PREDICTED_UNALIGNED");
        assertThat(Files.readString(tmp.resolve("s1/prediction.json"))).doesNotContain("unalignedWrites");
    }

    @Test
    void thePredictionIsTheModelsAndExplorationCountsSchedules() throws Exception {
        Scenario s = ScenarioLoader.load(scenarios().resolve("S1.yaml"));
        ReproPlan one = ScenarioPlans.of(s, Strategy.BARE, 1);
        assertThat(one.prediction().outcome()).isEqualTo(ScenarioRunner.run(s, Strategy.BARE, List.of()).outcome());
        ReproPlan many = ScenarioPlans.of(s, Strategy.BARE, 5);
        assertThat(many.prediction().schedules()).isEqualTo(5);
        assertThat(many.prediction().outcomes().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
        assertThat(many.prediction().outcome())
                .isEqualTo(ScenarioRunner.explore(s, Strategy.BARE, List.of(), 5).outcome());
    }

    @Test
    void aCryptKeyNeverReachesAFileAndTheScriptMakesOneAtRunTime() throws Exception {
        Path file = scenarios().resolve("S8.yaml");
        String key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        assertThat(Files.readString(file)).contains(key);
        Scenario s = ScenarioLoader.load(file);
        ReproPlan plan = ScenarioPlans.of(s, Strategy.DF, 1);
        Map<String, String> files = Reproducer.files(plan);
        for (Map.Entry<String, String> f : files.entrySet()) {
            assertThat(f.getValue()).as(f.getKey()).doesNotContain(key);
        }
        assertThat(files.get("repro.sh")).contains("CRYPT_KEY=$(head -c 32 /dev/urandom");
        assertThat(files.get("stack.table")).contains("crypt aes-xts-plain64 " + "0".repeat(key.length()) + " 0 8:0 0");
        assertThat(files.get("README.md")).contains("dm-crypt key");
    }

    @Test
    void theScriptRefusesWithoutRootAndConfirmation() throws Exception {
        Scenario s = ScenarioLoader.load(scenarios().resolve("S1.yaml"));
        Path dir = tmp.resolve("S1");
        Reproducer.write(ScenarioPlans.of(s, Strategy.DF, 1), dir);
        // run as this (non-root or unconfirmed) user: it must stop before touching anything
        ProcessBuilder pb = new ProcessBuilder("bash", dir.resolve("repro.sh").toString(), "run")
                .redirectErrorStream(true);
        pb.environment().remove(ReproScript.CONFIRM_VAR);
        pb.environment().put("WORK", tmp.resolve("work").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("refusing to run");
        assertThat(Files.exists(tmp.resolve("work"))).isFalse();
    }

    @Test
    void unmergedProposalsAreSaidToBeUnmerged() {
        assertThat(KernelEra.of(Strategy.NEIL).unmerged()).isTrue();
        assertThat(KernelEra.of(Strategy.HELP).unmerged()).isTrue();
        assertThat(KernelEra.of(Strategy.RESC).unmerged()).isFalse();
        assertThat(KernelEra.of(Strategy.NEIL).describe()).contains("UNMERGED");
    }

    @Test
    void sameInputsGiveTheSameFiles() throws Exception {
        Scenario s = ScenarioLoader.load(scenarios().resolve("S2.yaml"));
        assertThat(Reproducer.files(ScenarioPlans.of(s, Strategy.OFFL, 3)))
                .isEqualTo(Reproducer.files(ScenarioPlans.of(s, Strategy.OFFL, 3)));
    }

    private static long queues(Path iolog) throws IOException {
        long n = 0;
        try (OpenedTrace t = TraceOpener.open(iolog, ReadOptions.STRICT, null)) {
            BlockEvent e;
            while ((e = t.events().next()) != null) {
                if (e.kind() == Action.QUEUE) {
                    n++;
                }
            }
        }
        return n;
    }

    /** {@code bash -n}'s complaints about a script (empty when it parses). */
    static String bashSyntax(Path script) throws Exception {
        Process p = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
    }
}
