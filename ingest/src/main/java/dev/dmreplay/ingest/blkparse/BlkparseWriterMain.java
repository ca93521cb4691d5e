package dev.dmreplay.ingest.blkparse;

import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.io.AtomicOutput;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.BadInputException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stand-alone blkparse equivalent for benchmarks and checks without the CLI:
 * {@code java -cp ... dev.dmreplay.ingest.blkparse.BlkparseWriterMain [-o FILE] [--lenient] INPUT...}. Writes
 * blkparse 1.2.0 default text to FILE ({@code /dev/null} is written directly) or stdout.
 */
public final class BlkparseWriterMain {
    private BlkparseWriterMain() {
    }

    public static void main(String[] args) throws IOException {
        Path output = null;
        boolean lenient = false;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-o" -> output = Path.of(args[++i]);
                case "--lenient" -> lenient = true;
                default -> inputs.add(Path.of(args[i]));
            }
        }
        if (inputs.isEmpty()) {
            System.err.println("usage: BlkparseWriterMain [-o FILE] [--lenient] INPUT...");
            System.exit(1);
        }
        BlkparseWriter.Options opts = new BlkparseWriter.Options(false, true, System.err);
        try (BlktraceSource src = BlktraceSource.open(inputs, lenient ? ReadOptions.LENIENT : ReadOptions.STRICT)) {
            BlkparseWriter w;
            if (output == null) {
                w = BlkparseWriter.render(src, System.out, opts);
            } else if (output.toString().equals("/dev/null")) {
                try (OutputStream os = new FileOutputStream("/dev/null")) {
                    w = BlkparseWriter.render(src, os, opts);
                }
            } else {
                try (AtomicOutput ao = AtomicOutput.create(output)) {
                    w = BlkparseWriter.render(src, ao.stream(), opts);
                    ao.commit();
                }
            }
            if (w.sawDriverData()) {
                // blkparse prints this on stdout, outside the -o file; keep stdout for the text here
                (output == null ? System.err : System.out).println("\ndiscarded traces containing low-level device driver specific data"
                        + " (only available in binary output)");
            }
            if (src.cpuMismatches() > 0) {
                System.err.println(src.cpuMismatches() + " records skipped: cpu field disagrees with the file");
            }
        } catch (BadInputException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
