package dev.dmreplay.ingest.blktrace;

import dev.dmreplay.ingest.model.DevNo;
import java.util.List;

/**
 * One input as blkparse's {@code -i} sees it: a name ({@code sda}, {@code dm-0}; blkparse prints it in the
 * summary titles) with its per-CPU files in CPU order, and the device number of the first record read from it
 * ({@code -1} before any was read).
 */
public record BlktraceInput(String name, List<CpuFile> files, int device) {
    public BlktraceInput {
        files = List.copyOf(files);
    }

    /** True for a merged {@code blkparse -d} dump read as one file. */
    public boolean merged() {
        return files.size() == 1 && files.get(0).merged();
    }

    /** The device seen, or null before the first record. */
    public DevNo dev() {
        return device < 0 ? null : DevNo.ofKernel(device);
    }
}
