package dev.dmreplay.replay.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The biosets the block layer and md create ({@code q->bio_split}, {@code mddev->bio_set}) had a rescuer until
 * v4.13 made it opt-in: under RESC (v3.7–v4.10) a split that finds the reserve empty while the task's bio list
 * holds bios punts them to the rescuer before it sleeps; under MODERN it just sleeps. Explored over schedules.
 */
class SplitBiosetRescuerTest {
    /** A 2 MiB read split twice in one md call (at 1 MiB by the queue limit, at 512 KiB by raid0), all reserves 1. */
    private static final String YAML = """
            id: SPLITRESC
            title: a twice-split read with one-element split reserves under hard pressure
            stack:
              leaves:
                - {name: sda, devno: "8:0", latency: 1ms}
              md:
                - {name: md0, devno: "9:0", members: [sda], chunk: 1024, maxSectors: 2048}
              table: |
                X: 0 1048576 linear 9:0 0
            workload:
              mode: timed
              tasks:
                - count: 2
                  bios:
                    - {device: X, op: read, sector: 0, sectors: 4096}
            pressure: hard
            knobs: {bioPoolSize: 1}
            strategies: [RESC, MODERN]
            schedules: 8
            """;

    private static Scenario load(Path dir) throws IOException {
        Path f = dir.resolve("splitresc.yaml");
        Files.writeString(f, YAML);
        return ScenarioLoader.load(f);
    }

    private static long splitPunts(RunResult r) {
        return r.biosets().stream()
                .filter(b -> b.bioset().endsWith("mddev->bio_set") || b.bioset().endsWith("q->bio_split"))
                .mapToLong(Bioset.BiosetStats::punts).sum();
    }

    @Test
    void rescEraSplitBiosetsPuntWhileModernOnesSleep(@TempDir Path dir) throws IOException {
        Scenario s = load(dir);
        for (int i = 0; i < s.schedules(); i++) {
            long seed = s.seed() + i;
            RunResult resc = ScenarioRunner.runOnce(s, Strategy.RESC, List.of(), ScenarioRunner.schedule(seed), seed);
            RunResult modern = ScenarioRunner.runOnce(s, Strategy.MODERN, List.of(), ScenarioRunner.schedule(seed),
                    seed);
            // the split heads are in flight at sda, so an empty reserve refills when they complete: no deadlock
            assertThat(resc.outcome()).as("RESC, schedule %d", i).isEqualTo(Outcome.FINE);
            assertThat(modern.outcome()).as("MODERN, schedule %d", i).isEqualTo(Outcome.FINE);
            assertThat(splitPunts(resc)).as("RESC punts, schedule %d", i).isPositive();
            assertThat(splitPunts(modern)).as("MODERN punts, schedule %d", i).isZero();
        }
    }
}
