package dev.dmreplay.replay.target.crypt;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.target.WorkerTakes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The {@code dmcrypt_write/<dev>} kthread (drivers/md/dm-crypt.c v6.1, {@code dmcrypt_write} and
 * {@code kcryptd_crypt_write_io_submit}): encrypted writes are inserted into {@code cc->write_tree}, an rb-tree
 * keyed by sector, and the thread takes the whole tree at once and submits it in ascending sector order
 * ({@code submit_bio_noacct} from its own context, between {@code blk_start_plug} and {@code blk_finish_plug}, so
 * that adjacent clones merge into requests: the model plugs when the block layer does, in trace replays). Writes of equal
 * sector keep their insertion order, as the kernel's insertion to the right of equal keys does.
 */
final class DmcryptWrite {
    private final Task thread;
    private TreeMap<Long, List<CryptIo>> tree = new TreeMap<>();
    private long submitted;
    private int largestBatch;

    private final Kernel kernel;
    private final BlockLayer layer;
    private WorkerTakes takes;
    private long held;

    DmcryptWrite(Kernel kernel, BlockLayer layer, String devName) {
        this.kernel = kernel;
        this.layer = layer;
        this.thread = kernel.newTask("dmcrypt_write/" + devName, Task.Kind.KTHREAD);
    }

    Task task() {
        return thread;
    }

    /**
     * Inserts an encrypted write and wakes the thread if it sleeps. In a trace replay the write reaches the tree no
     * earlier than the traced kernel submitted its clone ({@link #takes}): the kernel's kcryptd and
     * {@code dmcrypt_write} ran later than the model's, which encrypts at once.
     */
    void queue(CryptIo io) {
        long now = kernel.sim.now();
        long at = takes == null ? now : takes.takenAt(io.sector, now);
        if (at > now) {
            held++;
            kernel.sim.at(at, () -> insert(io));
            return;
        }
        insert(io);
    }

    private void insert(CryptIo io) {
        io.inWriteTree = true;
        tree.computeIfAbsent(io.sector, k -> new ArrayList<>(1)).add(io);
        if (thread.depth() == 0) {
            thread.start(new Loop());
        }
    }

    /** Trace replays: when the kernel submitted each write's clone (by lower sector); null: at once. */
    void takes(WorkerTakes schedule) {
        this.takes = schedule;
        thread.issuesOnTracedTimes(schedule != null);
    }

    /** Writes that waited for the kernel's submission time. */
    long held() {
        return held;
    }

    long submitted() {
        return submitted;
    }

    int largestBatch() {
        return largestBatch;
    }

    /** One wake-up of the thread: pop whole trees until none is left, then sleep again. */
    private final class Loop extends Frame {
        private List<CryptIo> batch;
        private int i;
        private boolean plugged;

        @Override
        public Step step(Task t) {
            while (true) {
                if (batch == null || i == batch.size()) {
                    if (plugged) {
                        // blk_finish_plug() after the batch: its merged requests go to the driver
                        layer.finishPlug(t);
                        plugged = false;
                    }
                    if (tree.isEmpty()) {
                        return RETURN;
                    }
                    if (layer.plugging()) {
                        // v6.1 submits each sorted batch under blk_start_plug(), so adjacent clones (the pieces
                        // of a large write cut at a stripe chunk, sequential 4 KiB writes) merge into requests
                        layer.startPlug(t);
                        plugged = true;
                    }
                    TreeMap<Long, List<CryptIo>> taken = tree;
                    tree = new TreeMap<>();
                    batch = new ArrayList<>();
                    for (List<CryptIo> l : taken.values()) {
                        batch.addAll(l);
                    }
                    largestBatch = Math.max(largestBatch, batch.size());
                    i = 0;
                }
                CryptIo io = batch.get(i++);
                io.inWriteTree = false;
                submitted++;
                Bio clone = io.clone;
                io.cc.noteRemap(t, io, clone);
                if (Gmr.submit(t, clone) == CALL) {
                    return CALL;
                }
            }
        }

        @Override
        public String function() {
            return "dmcrypt_write";
        }
    }
}
