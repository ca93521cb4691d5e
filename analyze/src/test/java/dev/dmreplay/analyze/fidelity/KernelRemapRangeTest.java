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
 * A target remaps a bio or a piece of it, never more than the bio: an {@code A} larger than the open bio at its
 * upper sector belongs to another bio queued there without a remap of its own. On a 6.1 trace of a thin volume with
 * an external origin, kcopyd read a whole 128-sector block of the origin (a Q without A on the origin's linear
 * device, then the linear's A to the disk) while the volume's 16-sector read of the same sector of the origin was
 * open; the block's read was taken for a lower bio of the volume's read.
 */
class KernelRemapRangeTest {
    private static final int THIN = new DevNo(253, 3).kernel();
    private static final int ORIGIN = new DevNo(253, 4).kernel();
    private static final int DISK = new DevNo(254, 16).kernel();
    private static final int READ = Category.READ;

    private static BlockEvent q(long t, int dev, long sector, int sectors) {
        return new BlockEvent(t, 1, sector, sectors << 9, 1 | Category.QUEUE | READ, 7, dev, 0, 0, null);
    }

    private static BlockEvent a(long t, int from, long fromSector, int to, long sector, int sectors) {
        byte[] pdu = ByteBuffer.allocate(16).putInt(from).putInt(to).putLong(fromSector).array();
        return new BlockEvent(t, 1, sector, sectors << 9, 15 | Category.QUEUE | READ, 7, to, 0, 0, pdu);
    }

    private static BlockEvent c(long t, int dev, long sector, int sectors) {
        return new BlockEvent(t, 1, sector, sectors << 9, 8 | Category.COMPLETE | READ, 0, dev, 0, 0, null);
    }

    @Test
    void aRemapLargerThanTheOpenBioAtItsSectorIsAnotherBios() throws Exception {
        KernelSide k = new KernelSide(Set.of(THIN), Map.of(THIN, "thin0", ORIGIN, "eorig", DISK, "vdb"),
                dev -> dev.equals("thin0") ? "thin" : "linear");
        k.scan(EventSource.of(List.of(
                q(0, THIN, 33024, 16),
                a(1_000, THIN, 33024, ORIGIN, 33024, 16), q(1_100, ORIGIN, 33024, 16),
                // kcopyd's read of the whole block, queued on the origin without a remap
                q(2_000, ORIGIN, 33024, 128),
                a(2_100, ORIGIN, 33024, DISK, 33024, 128), q(2_200, DISK, 33024, 128),
                a(3_000, ORIGIN, 33024, DISK, 33024, 16), q(3_100, DISK, 33024, 16),
                c(100_000, DISK, 33024, 128), c(110_000, DISK, 33024, 16), c(110_100, ORIGIN, 33024, 16),
                c(110_200, THIN, 33024, 16))));
        assertThat(k.tops).hasSize(1);
        assertThat(k.tops.get(0).lower).extracting(b -> b.device() + " " + b.sector() + "+" + b.sectors())
                .containsExactlyInAnyOrder("eorig 33024+16", "vdb 33024+16");
        assertThat(k.workerIo.get("eorig")).containsValue(1L);
        assertThat(k.workerIo.get("vdb")).containsValue(1L);
    }
}
