package dev.dmreplay.ingest.bench;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import org.openjdk.jmh.infra.Blackhole;

/** What the ingest benchmarks share: draining a reader, and starting JMH for one benchmark class. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** Reads every event (closing the source) and returns how many there were. */
    static long drain(EventSource src, Blackhole bh) throws IOException {
        long n = 0;
        try (src) {
            for (BlockEvent e = src.next(); e != null; e = src.next()) {
                bh.consume(e);
                n++;
            }
        }
        return n;
    }

    /** {@code org.openjdk.jmh.Main} with the benchmark class as the include pattern, then the user's options. */
    static void runJmh(Class<?> benchmark, String[] args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = benchmark.getName();
        System.arraycopy(args, 0, all, 1, args.length);
        org.openjdk.jmh.Main.main(all);
    }
}
