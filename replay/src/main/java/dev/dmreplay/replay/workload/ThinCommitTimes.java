package dev.dmreplay.replay.workload;

import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.replay.target.thin.CommitCpu;
import java.util.Arrays;

/**
 * The CPU time of one thin pool's metadata commits, learnt from the pool's own I/O on its data and metadata
 * devices ({@link CommitCpu}). A 6.1 commit ({@code dm_pool_commit_metadata}, dm-thin-metadata.c) leaves, in this
 * order: an empty flush of the data device (the pre-commit callback), the dirty blocks' writes, an empty flush of
 * the metadata device ({@code dm_tm_pre_commit} → {@code dm_bufio_write_dirty_buffers}), the superblock's write
 * at sector 0 and a last flush ({@code dm_tm_commit}). Each gap between one step's last completion and the next
 * step's first {@code Q} is the worker's CPU time; the medians stand for every commit. A commit whose records come
 * out of that order is skipped from there on. Memory is bounded: at most {@value #MAX_SAMPLES} samples per gap.
 */
final class ThinCommitTimes {
    static final int MAX_SAMPLES = 1 << 12;

    private enum Phase { IDLE, DATA_FLUSH, AWAIT_WRITES, WRITES, FLUSH, AWAIT_SUPERBLOCK, SUPERBLOCK }

    private final int metadata;
    private final int data;
    private final long[][] samples = new long[5][MAX_SAMPLES];
    private final int[] counts = new int[5];
    private Phase phase = Phase.IDLE;
    private long mark;
    private long lastWriteQ;
    /** The Q of the first commit's data-device flush in the trace, or -1. */
    private long firstCommit = -1;

    ThinCommitTimes(int metadata, int data) {
        this.metadata = metadata;
        this.data = data;
    }

    /** A record on the pool's data or metadata device that no remap explains (the pool's own I/O). */
    void ownIo(BlockEvent e) {
        boolean flush = e.sectors() == 0 && (e.action() & Category.FLUSH) != 0;
        boolean write = e.sectors() > 0 && (e.action() & Category.WRITE) != 0;
        Action k = e.kind();
        if (e.device() == data) {
            if (k == Action.QUEUE && flush) {
                phase = Phase.DATA_FLUSH;
                if (firstCommit < 0) {
                    firstCommit = e.time();
                }
            } else if (k == Action.COMPLETE && flush && phase == Phase.DATA_FLUSH) {
                phase = Phase.AWAIT_WRITES;
                mark = e.time();
            }
            return;
        }
        if (e.device() != metadata) {
            return;
        }
        boolean superblock = write && e.sector() == 0;
        switch (phase) {
            case AWAIT_WRITES -> {
                if (k == Action.QUEUE && write && !superblock) {
                    add(0, e.time() - mark);
                    lastWriteQ = e.time();
                    mark = -1;
                    phase = Phase.WRITES;
                }
            }
            case WRITES -> {
                if (k == Action.QUEUE && write && !superblock) {
                    add(1, e.time() - lastWriteQ);
                    lastWriteQ = e.time();
                } else if (k == Action.COMPLETE && write && !superblock) {
                    mark = e.time();
                } else if (k == Action.QUEUE && flush) {
                    if (mark >= 0) {
                        add(2, e.time() - mark);
                    }
                    phase = Phase.FLUSH;
                }
            }
            case FLUSH -> {
                if (k == Action.COMPLETE && flush) {
                    mark = e.time();
                    phase = Phase.AWAIT_SUPERBLOCK;
                }
            }
            case AWAIT_SUPERBLOCK -> {
                if (k == Action.QUEUE && superblock) {
                    add(3, e.time() - mark);
                    phase = Phase.SUPERBLOCK;
                    mark = -1;
                }
            }
            case SUPERBLOCK -> {
                if (k == Action.COMPLETE && superblock) {
                    mark = e.time();
                } else if (k == Action.QUEUE && flush) {
                    if (mark >= 0) {
                        add(4, e.time() - mark);
                    }
                    phase = Phase.IDLE;
                }
            }
            default -> {
            }
        }
    }

    private void add(int gap, long ns) {
        if (ns >= 0 && counts[gap] < MAX_SAMPLES) {
            samples[gap][counts[gap]++] = ns;
        }
    }

    /**
     * When the pool's first commit in the trace began (the Q of its data-device flush, trace time), -1 when the
     * trace has none.
     */
    long firstCommit() {
        return firstCommit;
    }

    /** The median of each gap, {@link CommitCpu#NONE} before any commit was seen whole. */
    CommitCpu cpu() {
        if (counts[4] == 0) {
            return CommitCpu.NONE;
        }
        return new CommitCpu(median(0), median(1), median(2), median(3), median(4));
    }

    private long median(int gap) {
        if (counts[gap] == 0) {
            return 0;
        }
        long[] s = Arrays.copyOf(samples[gap], counts[gap]);
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
