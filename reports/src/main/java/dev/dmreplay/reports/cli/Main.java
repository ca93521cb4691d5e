package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.BadInputException;
import dev.dmreplay.ingest.io.PendingOutputs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.NoSuchFileException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code dmreplay} command line. Exit codes: 0 ok, 1 findings (e.g. a deadlock when asked to fail on it),
 * 2 bad input or usage (one line naming the input and where), 3 internal error ("internal error: ...", with a hint
 * to run with {@code --debug} for the stack trace).
 */
@Command(name = "dmreplay",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Replay block traces through a model of the Linux device-mapper stack and its bio allocations.",
            ""})
public final class Main implements Callable<Integer> {

    /**
     * The sub-commands by name, in the order the usage lists them. They are registered when the command line is
     * built ({@link #commandLine(String[])}), not declared in {@code @Command}: picocli builds a sub-command's model
     * by reflection over its options and annotations (and over its own sub-commands), which for all of them took
     * about a fifth of a second of every run's start-up, before a record was read.
     */
    static final Map<String, Class<?>> COMMANDS = commands(
            CommandLine.HelpCommand.class,
            DemoCommand.class,
            InfoCommand.class,
            IngestCommand.class,
            AnalyzeCommand.class,
            ReplayCommand.class,
            FidelityCommand.class,
            CaptureCommand.class,
            ScenarioCommand.class,
            CompareCommand.class,
            ReportCommand.class,
            BatchCommand.class,
            ReproCommand.class,
            EvaluateCommand.class,
            SynthCommand.class);

    public static final int EXIT_OK = 0;
    public static final int EXIT_FINDINGS = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERNAL = 3;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean debug;

    @Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "No progress bars on stderr (they are drawn only when stderr is a terminal anyway).")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No command given: the usage on stderr and exit 2, as for any command line that is not a command. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_BAD_INPUT;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(commandLine(args), args, out, err);
    }

    /** Runs {@code cl} (the CLI, possibly with sub-commands added by a test) with the error policy of the CLI. */
    static int run(CommandLine cl, String[] args, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("dmreplay: " + oneLine(describe(ex)));
            if (debug) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return exitCodeOf(ex);
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError oom) {
            // picocli's handler sees exceptions only: an Error would leave with a stack trace and exit 1 ("findings")
            err.println("dmreplay: " + outOfMemory(oom));
            code = EXIT_INTERNAL;
        } catch (Error e) {
            // e.g. a native library that cannot be unpacked under a file-size limit (ExceptionInInitializerError)
            err.println("dmreplay: " + oneLine(describe(e)));
            if (debug) {
                e.printStackTrace(err);
            }
            code = exitCodeOf(e);
        }
        out.flush();
        err.flush();
        return code;
    }

    /** The command line with every sub-command. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args}: when they start with a sub-command's name (other than {@code help}),
     * with that sub-command only, which is all picocli will look at; otherwise (no command, an option first, a
     * misspelt command, {@code help}) with all of them, so that usage, suggestions and help are as they always were.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> only = args.length > 0 && !args[0].equals("help") ? COMMANDS.get(args[0]) : null;
        if (only != null) {
            cl.addSubcommand(args[0], instance(only));
        } else {
            COMMANDS.forEach((name, c) -> cl.addSubcommand(name, instance(c)));
        }
        cl.setExitCodeExceptionMapper(ex -> EXIT_BAD_INPUT);
        cl.getCommandSpec().exitCodeOnInvalidInput(EXIT_BAD_INPUT);
        return cl;
    }

    private static Map<String, Class<?>> commands(Class<?>... classes) {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            m.put(c.getAnnotation(Command.class).name(), c);
        }
        return Collections.unmodifiableMap(m);
    }

    private static Object instance(Class<?> c) {
        try {
            java.lang.reflect.Constructor<?> k = c.getDeclaredConstructor();
            k.setAccessible(true);
            return k.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make sub-command " + c.getName(), e);
        }
    }

    /**
     * Runs sub-command {@code command} with {@code args} in this process (batch and demo replay this way); what it
     * prints is dropped. Exceptions pass through as thrown, so the caller can tell bad input from an internal error.
     */
    static int invoke(Callable<Integer> command, String... args) throws Exception {
        CommandLine cl = new CommandLine(command);
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        cl.setOut(none);
        cl.setErr(none);
        cl.parseArgs(args);
        return command.call();
    }

    /**
     * The one line for running out of heap: what ran out, the heap's size, and what bounds it (outputs are atomic,
     * so nothing half-written is left; the temporary files go with the JVM's exit).
     */
    static String outOfMemory(OutOfMemoryError oom) {
        long max = Runtime.getRuntime().maxMemory();
        return "out of memory (" + (oom.getMessage() == null ? "Java heap" : oom.getMessage()) + ", heap limit "
                + (max == Long.MAX_VALUE ? "none" : (max >> 20) + " MiB") + "): give the JVM more with"
                + " DMREPLAY_JAVA_OPTS=-Xmx<size>, or bound what the command keeps (replay and analyze --max-in-flight)";
    }

    /**
     * What is printed of an error line, whatever produced it: control characters (binary junk quoted from an input,
     * a library's line breaks) escaped as {@code \\xNN}, and a Parquet library's object names
     * ({@code LocalInputFile@1a2b3c}) replaced by "the file": the line names the file itself.
     */
    static String oneLine(String line) {
        String s = line.replaceAll("[\\w.$]*InputFile@\\p{XDigit}+", "the file");
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }

    /** The one line printed for {@code ex} (after "dmreplay: "). */
    static String describe(Throwable ex) {
        if (ex instanceof StepException s) {
            return s.step() + ": " + describe(s.getCause());
        }
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        String noRoom = PendingOutputs.noRoom(t);
        if (noRoom != null) {
            return PendingOutputs.describe(noRoom);
        }
        if (t instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (t instanceof BadInputException || t instanceof CommandLine.ParameterException
                || t instanceof FindingsException) {
            return t.getMessage();
        }
        if (t instanceof IOException) {
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        return "internal error: " + t + " (run with --debug for details)";
    }

    /**
     * The exit code for {@code ex}: 2 for bad input ({@link BadInputException}, an unusable command line, a file
     * that cannot be read or written), 1 for findings, 3 for anything else, an internal error (a bug: any other
     * exception, {@link IllegalArgumentException} included).
     */
    static int exitCodeOf(Throwable ex) {
        if (ex instanceof StepException s) {
            return exitCodeOf(s.getCause());
        }
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof BadInputException || t instanceof CommandLine.ParameterException || t instanceof IOException
                || PendingOutputs.noRoom(t) != null) {
            return EXIT_BAD_INPUT;
        }
        if (t instanceof FindingsException) {
            return EXIT_FINDINGS;
        }
        return EXIT_INTERNAL;
    }
}
