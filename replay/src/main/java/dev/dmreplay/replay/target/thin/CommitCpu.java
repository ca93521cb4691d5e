package dev.dmreplay.replay.target.thin;

/**
 * The pool worker's CPU time between the I/O of one metadata commit ({@code commit()} →
 * {@code dm_pool_commit_metadata} → {@code __commit_transaction}, dm-thin.c and dm-thin-metadata.c v6.1), in ns:
 * {@code beforeWrites} from the data device's flush completing to the first dirty block's write
 * ({@code __write_changed_details}, {@code dm_sm_commit}, dm-bufio's write list), {@code perWrite} between two dirty
 * blocks' writes ({@code __flush_write_list} submits one buffer at a time under a plug), {@code beforeFlush} from
 * the last write's completion to the metadata flush ({@code dm_bufio_write_dirty_buffers} waits for every write,
 * then {@code dm_bufio_issue_flush}), {@code beforeSuperblock} from that flush to the superblock's write
 * ({@code save_sm_roots}, {@code superblock_lock}, {@code __copy_sm_root}, {@code dm_tm_commit}) and
 * {@code beforeSecondFlush} from the superblock's completion to the last flush. {@link #NONE} when nothing was
 * learnt (the commit's I/O follows back to back).
 */
public record CommitCpu(long beforeWrites, long perWrite, long beforeFlush, long beforeSuperblock,
                        long beforeSecondFlush) {
    public static final CommitCpu NONE = new CommitCpu(0, 0, 0, 0, 0);

    public CommitCpu {
        if (beforeWrites < 0 || perWrite < 0 || beforeFlush < 0 || beforeSuperblock < 0 || beforeSecondFlush < 0) {
            throw new IllegalArgumentException("CPU times must not be negative");
        }
    }
}
