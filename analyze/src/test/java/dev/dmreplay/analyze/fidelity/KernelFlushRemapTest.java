package dev.dmreplay.analyze.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which top-level flush an empty {@code A} on a lower device belongs to. Every empty flush clone dm sends down has
 * sector 0 on the device above (or a target's offset), so the sector cannot tell two open flushes apart; the task
 * that remapped it can.
 */
class KernelFlushRemapTest {
    private static final int DM0 = new DevNo(253, 0).kernel();
    private static final int SDB = new DevNo(8, 16).kernel();
    private static final int FLUSH_WRITE = Category.FLUSH | Category.WRITE | Category.SYNC;

    private static BlockEvent q(long t, int dev, int pid) {
        return new BlockEvent(t, 1, 0, 0, 1 | Category.QUEUE | FLUSH_WRITE, pid, dev, 0, 0, null);
    }

    private static BlockEvent a(long t, int pid) {
        byte[] pdu = ByteBuffer.allocate(16).putInt(DM0).putInt(SDB).putLong(0).array();
        return new BlockEvent(t, 1, 0, 0, 15 | Category.QUEUE | FLUSH_WRITE, pid, SDB, 0, 0, pdu);
    }

    private static BlockEvent c(long t, int dev) {
        return new BlockEvent(t, 1, 0, 0, 8 | Category.COMPLETE | FLUSH_WRITE, 0, dev, 0, 0, null);
    }

    private static List<TopBio> scan(List<BlockEvent> events) throws Exception {
        KernelSide k = new KernelSide(Set.of(DM0), Map.of(DM0, "dly", SDB, "sdb"), dev -> "delay");
        k.scan(EventSource.of(events));
        assertThat(k.tops).hasSize(2);
        return k.tops;
    }

    /**
     * dm-delay's worker ({@code flush_delayed_bios}) remapped two flushes queued 230 us apart by two tasks, 6 ms
     * later and one after the other: each flush gets one, in the order they were queued.
     */
    @Test
    void flushesAWorkerRemapsLaterGoToTheOpenFlushesInTheirOrder() throws Exception {
        List<TopBio> tops = scan(List.of(q(0, DM0, 11), q(230_000, DM0, 12),
                a(6_000_000, 5), q(6_000_100, SDB, 5), a(6_000_200, 5), q(6_000_300, SDB, 5),
                c(6_200_000, SDB), c(6_200_100, DM0), c(6_300_000, SDB), c(6_300_100, DM0)));
        assertThat(tops.get(0).lower).hasSize(1);
        assertThat(tops.get(1).lower).hasSize(1);
    }

    /**
     * A flush the target maps at once is remapped in the task that queued it, which need not be the one that queued
     * the oldest open flush (the other may still wait in a target, as dm-delay's or the thin pool's worker holds it).
     */
    @Test
    void aFlushRemappedAtOnceGoesToTheFlushItsOwnTaskQueued() throws Exception {
        List<TopBio> tops = scan(List.of(q(0, DM0, 11), q(1_000, DM0, 12), a(2_000, 12), q(2_100, SDB, 12),
                c(200_000, SDB), c(200_100, DM0)));
        assertThat(tops.get(0).lower).isEmpty();
        assertThat(tops.get(1).lower).hasSize(1);
    }
}
