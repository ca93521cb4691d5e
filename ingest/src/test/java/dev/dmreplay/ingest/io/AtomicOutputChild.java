package dev.dmreplay.ingest.io;

import java.nio.file.Path;

/** A process that starts writing an atomic output and waits to be killed (for {@link AtomicOutputSignalTest}). */
public final class AtomicOutputChild {
    private AtomicOutputChild() {
    }

    public static void main(String[] args) throws Exception {
        AtomicOutput out = AtomicOutput.create(Path.of(args[0]));
        out.stream().write(new byte[1 << 20]);
        out.stream().flush();
        System.out.println("writing");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
