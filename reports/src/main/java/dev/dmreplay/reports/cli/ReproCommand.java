package dev.dmreplay.reports.cli;

import dev.dmreplay.analyze.repro.ReproPlan;
import dev.dmreplay.analyze.repro.Reproducer;
import dev.dmreplay.analyze.repro.RunDirectoryPlans;
import dev.dmreplay.analyze.repro.ScenarioPlans;
import dev.dmreplay.analyze.run.RunDirectory;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.strategy.Strategy;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dmreplay repro <scenario|run-dir> --strategy S -o dir/}: a reproducer for a real kernel. */
@Command(name = "repro",
        header = "Write a reproducer for a real kernel: stack script, fio job and iolog, fault injection, README.",
        mixinStandardHelpOptions = true,
        description = {"Write what a kernel developer needs to try the model's prediction on a disposable VM: a",
            "guarded shell script that builds the stack (dmsetup create on null_blk, loop or scsi_debug devices,",
            "dm-delay for the leaf latencies), a fio job with fio iologs (v3) of the workload, the fault-injection",
            "settings for the memory pressure, a blktests-style test and a README with the predicted outcome and",
            "the kernels it applies to. Nothing is run: the script itself refuses to run without root and",
            "DMREPLAY_REPRO_CONFIRM=disposable-vm."})
public final class ReproCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO|RUN-DIR", description = "A scenario file or a replay run directory.")
    Path input;

    @Option(names = "--strategy", paramLabel = "ID",
            description = "The strategy whose prediction to reproduce (a scenario needs it; a run directory has its own).")
    String strategy;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Directory to write.")
    Path output;

    @Option(names = "--schedules", paramLabel = "N",
            description = "Explore the scenario under N schedules for the prediction (default: the file's own count).")
    Integer schedules;

    @Option(names = "--trace", paramLabel = "TRACE",
            description = "For a run directory: the replayed trace, when its recorded path does not exist here.")
    Path trace;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(input)) {
            throw new NoSuchFileException(input.toString());
        }
        ScheduleArgs.checkCounts(schedules, null);
        Strategy st = strategy == null ? null : OptionValues.parse("--strategy", () -> Strategy.parse(strategy));
        ReproPlan plan;
        if (RunDirectory.isRunDirectory(input)) {
            plan = RunDirectoryPlans.of(input, trace, st);
        } else {
            if (Files.isDirectory(input)) {
                throw OptionException.usage(input + ": give one scenario file (or a replay run directory)");
            }
            if (st == null) {
                throw OptionException.usage("--strategy: a scenario's reproducer needs the strategy to predict for");
            }
            List<Scenario> all = ScenarioLoader.loadAll(input);
            Scenario s = all.get(0);
            plan = ScenarioPlans.of(s, st, schedules != null ? schedules : Math.max(1, s.schedules()));
        }
        Reproducer.write(plan, output);
        var out = spec.commandLine().getOut();
        out.println("reproducer for " + plan.name() + " under " + plan.strategy().name() + " written to " + output);
        out.println("model prediction: " + plan.prediction().describe());
        out.println("read " + output.resolve("README.md") + " before running anything (on a disposable VM only)");
        out.flush();
        return Main.EXIT_OK;
    }
}
