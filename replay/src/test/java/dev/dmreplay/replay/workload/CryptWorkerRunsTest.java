package dev.dmreplay.replay.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.nio.ByteBuffer;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the survey learns of dm-crypt's workers from a crypt device's and its lower device's records. */
class CryptWorkerRunsTest {
    private static final int CRYPT = (253 << 20) | 1;
    private static final int LOWER = 253 << 20;
    private static final int Q = 1;
    private static final int C = 8;
    private static final int A = 15;
    private static final int X = 13;

    private static BlockEvent ev(long t, int dev, int category, int action, long sector) {
        return new BlockEvent(t, 0, sector, 4096, category | action, 1, dev, 0, 0, null);
    }

    /** A remap record onto {@code LOWER} at {@code sector} from the crypt device's {@code from}. */
    private static BlockEvent remap(long t, int category, long sector, long from) {
        // struct blk_io_trace_remap, big-endian as blktrace writes it: device_from, device_to, sector_from
        ByteBuffer pdu = ByteBuffer.allocate(16);
        pdu.putInt(CRYPT).putInt(LOWER).putLong(from);
        return new BlockEvent(t, 0, sector, 4096, category | A, 1, LOWER, 0, 0, pdu.array());
    }

    @Test
    void writesArePairedWithTheirClonesRemapAndReadsWithTheirDecryptionDelay() {
        CryptWorkerRuns r = new CryptWorkerRuns(Set.of(CRYPT));
        assertThat(remap(0, Category.WRITE, 2056, 8).remapFromDevice()).as("test remap record").isEqualTo(CRYPT);
        assertThat(remap(0, Category.WRITE, 2056, 8).remapFromSector()).isEqualTo(8);
        r.accept(ev(100, CRYPT, Category.WRITE, Q, 8));
        r.accept(remap(2_600, Category.WRITE, 2056, 8)); // dmcrypt_write submitted the clone 2.5 us later
        r.accept(ev(3_000, CRYPT, Category.READ, Q, 16));
        r.accept(remap(3_010, Category.READ, 2064, 16)); // crypt_map remaps reads itself
        r.accept(ev(4_000, LOWER, Category.READ, C, 2064));
        r.accept(ev(5_000, CRYPT, Category.READ, C, 16)); // decrypted 1 us after the lower read completed
        assertThat(r.submitted(CRYPT)).containsOnlyKeys(2056L);
        assertThat(r.submitted(CRYPT).get(2056L)).containsExactly(100, 2_600);
        assertThat(r.decryptGaps(CRYPT)).containsOnlyKeys(2064L);
        assertThat(r.decryptGaps(CRYPT).get(2064L)).containsExactly(3_000, 1_000);
    }

    /**
     * A 4 MiB write: {@code crypt_map} cuts it at 1 MiB ({@code dm_accept_partial_bio}), and each remainder is
     * resubmitted with a split record and no {@code Q} (r-crypt4k-thin: the kernel's {@code dmcrypt_write} remapped
     * the pieces 17, 19, 34 and 40 ms after fio's write; without their records the model's remainders went on at
     * once, reached the thin pool before the first piece and took its blocks).
     */
    @Test
    void theRemaindersOfAWriteCryptCutAtOneMebibyteArePairedByTheirSplitRecords() {
        CryptWorkerRuns r = new CryptWorkerRuns(Set.of(CRYPT));
        r.accept(new BlockEvent(0, 0, 0, 4 << 20, Category.WRITE | Q, 1, CRYPT, 0, 0, null));
        for (int i = 1; i < 4; i++) {
            ByteBuffer pdu = ByteBuffer.allocate(8);
            pdu.putLong(2048L * i);
            r.accept(new BlockEvent(300_000L + 100_000L * i, 0, 2048L * i, (4 - i) << 20,
                    Category.WRITE | X, 1, CRYPT, 0, 0, pdu.array()));
        }
        long[] at = {17_049_600, 19_262_310, 33_590_680, 39_534_910};
        for (int i = 0; i < 4; i++) {
            r.accept(remap(at[i], Category.WRITE, 2048L * i, 2048L * i));
        }
        assertThat(r.submitted(CRYPT)).containsOnlyKeys(0L, 2048L, 4096L, 6144L);
        assertThat(r.submitted(CRYPT).get(0L)).containsExactly(0, 17_049_600);
        assertThat(r.submitted(CRYPT).get(4096L)).containsExactly(500_000, 33_590_680);
    }

    @Test
    void aReadSplitBelowTheCryptIsPairedWithTheCompletionOfItsLastFragment() {
        // 128 KiB read over 32 KiB stripes: the striped device below completes it (v6.1) with the sector and size
        // of its last fragment, which ends where the read ends
        CryptWorkerRuns r = new CryptWorkerRuns(Set.of(CRYPT));
        r.accept(new BlockEvent(1_000, 0, 0, 131072, Category.READ | Q, 1, CRYPT, 0, 0, null));
        ByteBuffer pdu = ByteBuffer.allocate(16);
        pdu.putInt(CRYPT).putInt(LOWER).putLong(0);
        r.accept(new BlockEvent(1_010, 0, 0, 131072, Category.READ | A, 1, LOWER, 0, 0, pdu.array()));
        r.accept(new BlockEvent(4_000, 0, 192, 32768, Category.READ | C, 1, LOWER, 0, 0, null));
        r.accept(new BlockEvent(6_500, 0, 0, 131072, Category.READ | C, 1, CRYPT, 0, 0, null));
        assertThat(r.decryptGaps(CRYPT)).containsOnlyKeys(0L);
        assertThat(r.decryptGaps(CRYPT).get(0L)).containsExactly(1_000, 2_500);
    }
}
