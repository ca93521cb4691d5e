package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.TraceFormatException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code dmreplay} command line. Exit codes: 0 ok, 1 findings (e.g. a deadlock when asked to fail on it),
 * 2 bad input or usage, 3 internal error.
 */
@Command(name = "dmreplay",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Replay block traces through a model of the Linux device-mapper stack and its bio allocations.",
            ""},
        subcommands = {
            CommandLine.HelpCommand.class,
            DemoCommand.class,
            InfoCommand.class,
            IngestCommand.class,
            AnalyzeCommand.class,
            ReplayCommand.class,
            ScenarioCommand.class,
            CompareCommand.class,
            ReportCommand.class,
            BatchCommand.class,
        })
public final class Main implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FINDINGS = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERNAL = 3;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("dmreplay: " + describe(ex));
            if (debug) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return exitCodeOf(ex);
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(ex -> EXIT_BAD_INPUT);
        cl.getCommandSpec().exitCodeOnInvalidInput(EXIT_BAD_INPUT);
        return cl;
    }

    static String describe(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (t instanceof TraceFormatException || t instanceof BadInputException || t instanceof FindingsException) {
            return t.getMessage();
        }
        if (t instanceof java.io.IOException) {
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        return "internal error: " + t + " (run with --debug for details)";
    }

    static int exitCodeOf(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof TraceFormatException || t instanceof BadInputException || t instanceof java.io.IOException) {
            return EXIT_BAD_INPUT;
        }
        if (t instanceof FindingsException) {
            return EXIT_FINDINGS;
        }
        return EXIT_INTERNAL;
    }
}
