package dev.dmreplay.ingest.blktrace;

import java.nio.file.Path;

/**
 * One file of a blktrace input: {@code <name>.blktrace.<cpu>} (possibly compressed), or a merged
 * {@code blkparse -d} dump, whose records come from every CPU ({@code cpu} is then -1).
 */
public record CpuFile(int cpu, Path path) {
    public boolean merged() {
        return cpu < 0;
    }
}
