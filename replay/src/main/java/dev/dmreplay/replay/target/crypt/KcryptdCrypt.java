package dev.dmreplay.replay.target.crypt;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioAlloc;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;

/**
 * The work functions of dm-crypt (drivers/md/dm-crypt.c v6.1): {@code kcryptd_crypt} for a write
 * ({@code kcryptd_crypt_write_convert}: {@code crypt_alloc_buffer}, encrypt, then
 * {@code kcryptd_crypt_write_io_submit} to the {@code dmcrypt_write} thread, or straight down with
 * {@code submit_from_crypt_cpus}), {@code kcryptd_crypt} for a read that came back
 * ({@code kcryptd_crypt_read_convert}: decrypt, then end the base bio), and {@code kcryptd_io_read_work} for a
 * read whose clone could not be allocated with {@code GFP_NOWAIT} in {@code crypt_map}. Encryption is CPU time
 * only ({@code cryptPsPerByte}); synchronous ciphers (aesni) are assumed, so {@code crypt_convert} never waits
 * for an asynchronous completion.
 */
final class KcryptdCrypt extends Frame {
    enum Kind { WRITE_CONVERT, READ_CONVERT, IO_READ }

    /** kcryptd_crypt_write_convert(), v6.1: {@code clone = crypt_alloc_buffer(io, size)}. */
    private static final int WRITE_ALLOC_BUFFER = 0;
    /** kcryptd_crypt_write_convert(), v6.1: {@code ctx->bio_out = clone}; {@code crypt_convert} (CPU time). */
    private static final int WRITE_CRYPT_CONVERT = 1;
    /** kcryptd_crypt_write_io_submit(), v6.1: to the {@code dmcrypt_write} thread, or submitted here. */
    private static final int WRITE_IO_SUBMIT = 2;
    /** kcryptd_crypt_write_io_submit(), v6.1: {@code submit_bio_noacct(clone)} returned. */
    private static final int WRITE_SUBMITTED = 3;
    /** kcryptd_crypt_read_convert(), v6.1: {@code crypt_convert} (CPU time). */
    private static final int READ_CRYPT_CONVERT = 0;
    /** kcryptd_crypt_read_done(), v6.1: decrypted; {@code crypt_dec_pending} ends the base bio. */
    private static final int READ_CONVERTED = 1;
    /** kcryptd_io_read(io, GFP_NOIO), v6.1: {@code bio_alloc_clone(..., &cc->bs)} in the kcryptd_io worker. */
    private static final int IO_READ_ALLOC_CLONE = 0;
    /** kcryptd_io_read(), v6.1: the clone arrived; {@code crypt_endio}, {@code dm_submit_bio_remap}. */
    private static final int IO_READ_CLONE_ALLOCATED = 1;
    /** kcryptd_io_read(), v6.1: {@code dm_submit_bio_remap(io->base_bio, clone)} returned. */
    private static final int IO_READ_SUBMITTED = 2;

    private final CryptIo io;
    private final Kind kind;

    KcryptdCrypt(CryptIo io, Kind kind) {
        this.io = io;
        this.kind = kind;
    }

    @Override
    public Step step(Task t) {
        CryptTarget cc = io.cc;
        io.work = null;
        switch (kind) {
            case WRITE_CONVERT -> {
                switch (pc) {
                    case WRITE_ALLOC_BUFFER -> {
                        pc = WRITE_CRYPT_CONVERT;
                        return t.call(new CryptAllocBuffer(io, io.base.sectors, cc.mutexForm()));
                    }
                    case WRITE_CRYPT_CONVERT -> {
                        io.clone = t.retBio;
                        cc.initWriteClone(io);
                        pc = WRITE_IO_SUBMIT;
                        return t.consumeCpu(cc.cryptNanos(io.base.sectors));
                    }
                    case WRITE_IO_SUBMIT -> {
                        pc = WRITE_SUBMITTED;
                        if (cc.submitFromCryptCpus()) {
                            cc.noteRemap(t, io, io.clone);
                            if (Gmr.submit(t, io.clone) == CALL) {
                                return CALL;
                            }
                        } else {
                            io.clone.at = io;
                            cc.writer().queue(io);
                        }
                        return RETURN;
                    }
                    default -> { // WRITE_SUBMITTED
                        return RETURN;
                    }
                }
            }
            case READ_CONVERT -> {
                if (pc == READ_CRYPT_CONVERT) {
                    pc = READ_CONVERTED;
                    return t.consumeCpu(cc.cryptNanos(io.base.sectors));
                }
                cc.endBase(io, 0);
                return RETURN;
            }
            default -> {
                // kcryptd_io_read(io, GFP_NOIO) from the kcryptd_io worker
                if (pc == IO_READ_ALLOC_CLONE) {
                    pc = IO_READ_CLONE_ALLOCATED;
                    if (BioAlloc.alloc(t, cc.bs(), Gfp.NOIO, 0) == CALL) {
                        return CALL;
                    }
                }
                if (pc == IO_READ_CLONE_ALLOCATED) {
                    pc = IO_READ_SUBMITTED;
                    Bio clone = t.retBio;
                    cc.initReadClone(io, clone);
                    cc.noteRemap(t, io, clone);
                    if (Gmr.submit(t, clone) == CALL) {
                        return CALL;
                    }
                }
                return RETURN;
            }
        }
    }

    @Override
    public String function() {
        return switch (kind) {
            case WRITE_CONVERT -> "kcryptd_crypt_write_convert";
            case READ_CONVERT -> "kcryptd_crypt_read_convert";
            default -> "kcryptd_io_read_work";
        };
    }
}
