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
                    case 0 -> {
                        pc = 1;
                        return t.call(new CryptAllocBuffer(io, io.base.sectors, cc.mutexForm()));
                    }
                    case 1 -> {
                        io.clone = t.retBio;
                        cc.initWriteClone(io);
                        pc = 2;
                        return t.consumeCpu(cc.cryptNanos(io.base.sectors));
                    }
                    case 2 -> {
                        pc = 3;
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
                    default -> {
                        return RETURN;
                    }
                }
            }
            case READ_CONVERT -> {
                if (pc == 0) {
                    pc = 1;
                    return t.consumeCpu(cc.cryptNanos(io.base.sectors));
                }
                cc.endBase(io, 0);
                return RETURN;
            }
            default -> {
                // kcryptd_io_read(io, GFP_NOIO) from the kcryptd_io worker
                if (pc == 0) {
                    pc = 1;
                    if (BioAlloc.alloc(t, cc.bs(), Gfp.NOIO, 0) == CALL) {
                        return CALL;
                    }
                }
                if (pc == 1) {
                    pc = 2;
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
