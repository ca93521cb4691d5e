package dev.dmreplay.replay.target.crypt;

import dev.dmreplay.replay.block.PoolElement;
import dev.dmreplay.replay.block.Servicer;
import java.util.List;

/**
 * One page of an encrypted write's buffer, taken from {@code cc->page_pool} in {@code crypt_alloc_buffer} and
 * given back in {@code crypt_free_buffer_pages} when the write completes (drivers/md/dm-crypt.c v6.1). For
 * wait-for chains a page waits for whatever its write waits for: the task still filling the buffer, or the
 * encrypted clone on its way down.
 */
final class CryptPage extends PoolElement implements Servicer {
    private final CryptIo io;

    CryptPage(CryptIo io) {
        this.io = io;
    }

    @Override
    public String label() {
        return "one of the " + io.pages.size() + " pages taken so far for the " + io.pagesNeeded
                + "-page crypt buffer of bio #" + io.base.id;
    }

    @Override
    public String serviceName() {
        return label();
    }

    @Override
    public List<Object> waitsFor() {
        return io.waitsFor();
    }
}
