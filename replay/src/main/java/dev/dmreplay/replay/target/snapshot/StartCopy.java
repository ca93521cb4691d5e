package dev.dmreplay.replay.target.snapshot;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.kcopyd.KcopydJob;
import dev.dmreplay.replay.kcopyd.Region;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import java.util.List;

/**
 * {@code start_copy()} and {@code start_full_bio()} (drivers/md/dm-snap.c, v4.15–v6.1): hand the chunk to kcopyd,
 * or — for a write covering the whole chunk — submit the write itself with its end_io redirected to a prepared
 * kcopyd callback. Both may sleep in the caller: {@code down(&s->cow_count)} (v5.3+) and the kcopyd job mempool.
 */
final class StartCopy extends Frame {
    private final DmSnapshot s;
    private final PendingException pe;
    private final Bio fullBio;

    /** {@code start_copy()}/{@code start_full_bio()}, v4.15–v6.1: {@code down(&s->cow_count)} (v5.3+ only). */
    private static final int DOWN_COW_COUNT = 0;
    /** {@code start_copy()}/{@code start_full_bio()}, v4.15–v6.1: kcopyd takes a job (job mempool). */
    private static final int HAND_TO_KCOPYD = 1;
    /** {@code start_full_bio()}, v4.15–v6.1: {@code bi_end_io = full_bio_end_io}, {@code generic_make_request}. */
    private static final int SUBMIT_FULL_BIO = 2;
    /** {@code start_full_bio()}, v4.15–v6.1: {@code generic_make_request(bio)} returned. */
    private static final int FULL_BIO_SUBMITTED = 3;

    /** {@code start_copy(pe)} when {@code fullBio} is null, else {@code start_full_bio(pe, fullBio)}. */
    StartCopy(DmSnapshot s, PendingException pe, Bio fullBio) {
        this.s = s;
        this.pe = pe;
        this.fullBio = fullBio;
    }

    @Override
    public Step step(Task t) {
        while (true) {
            switch (pc) {
                case DOWN_COW_COUNT -> {
                    if (fullBio != null) {
                        pe.fullBio = fullBio;
                        pe.fullBioEndIo = fullBio.endIo;
                        s.fullChunkWrites++;
                    }
                    pc = HAND_TO_KCOPYD;
                    if (s.cowCount != null && s.cowCount.down(t) == SCHEDULE) {
                        return SCHEDULE; // woken holding a count
                    }
                }
                case HAND_TO_KCOPYD -> {
                    pc = SUBMIT_FULL_BIO;
                    if (fullBio == null) {
                        long start = pe.oldChunk * s.chunk;
                        long n = Math.min(s.chunk, s.origin.capacity - start);
                        Region src = new Region(s.origin, start, n);
                        Region dst = new Region(s.cow, pe.newChunk * s.chunk, n);
                        if (s.kc.copy(t, src, List.of(dst), s.copyCallback(pe)) == CALL) {
                            return CALL;
                        }
                    } else {
                        pe.fullBioJob = s.kc.callbackJob(s.copyCallback(pe));
                        if (s.kc.prepareCallback(t, pe.fullBioJob) == CALL) {
                            return CALL;
                        }
                    }
                }
                case SUBMIT_FULL_BIO -> {
                    if (fullBio == null) {
                        return RETURN;
                    }
                    KcopydJob job = pe.fullBioJob;
                    // full_bio_end_io(): dm_kcopyd_do_callback(callback_data, 0, bio->bi_status ? 1 : 0)
                    fullBio.endIo = b -> s.kc.doCallback(job, false, b.status != 0 ? 1 : 0);
                    pc = FULL_BIO_SUBMITTED;
                    s.countFullChunkWrite(fullBio);
                    if (Gmr.submit(t, fullBio) == CALL) {
                        return CALL;
                    }
                }
                case FULL_BIO_SUBMITTED -> {
                    return RETURN;
                }
                default -> throw new IllegalStateException("pc " + pc);
            }
        }
    }

    @Override
    public String function() {
        return fullBio == null ? "start_copy(" + s.name + ")" : "start_full_bio(" + s.name + ")";
    }
}
