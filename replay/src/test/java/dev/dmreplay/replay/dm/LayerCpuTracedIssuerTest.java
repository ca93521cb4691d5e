package dev.dmreplay.replay.dm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.TraceServiceModel;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Task;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A layer's map-path CPU time per bio: the bio's own recorded time in the context of a task that issues on the
 * traced kernel's times ({@code dmcrypt_write} in a trace replay), a draw from the layer's samples elsewhere. On the
 * captured crypt-over-thin stack thin's map time in {@code dmcrypt_write} was 33 us at the median but 719 us at
 * p99 (the thread preempted by kcryptd); a draw from that tail for a bio whose own was 12 us held the thread's next
 * writes back past the kernel's submission of them.
 */
class LayerCpuTracedIssuerTest {
    private static final long US = 1_000L;

    private static Bio write(long sector) {
        Bio b = new Bio(1);
        b.op = Op.WRITE;
        b.sector = sector;
        b.sectors = 8;
        return b;
    }

    @Test
    void aTaskOnTracedTimesTakesEachBiosOwnTimeOthersDraw() {
        TraceServiceModel.Builder samples = new TraceServiceModel.Builder();
        samples.add(Op.WRITE, 76280, 8, 12 * US);           // the bio's own map time
        for (int i = 0; i < 50; i++) {
            samples.add(Op.WRITE, 8, 700 * US);              // the tail every other draw comes from
        }
        Kernel k = new Kernel(1, MemoryPressure.none());
        Task fio = k.newTask("fio/519", Task.Kind.USER);
        Task writer = k.newTask("dmcrypt_write/crypt", Task.Kind.KTHREAD);
        writer.issuesOnTracedTimes(true);
        LayerCpu cpu = new LayerCpu(samples.build(1), null, new SplittableRandom(1));

        // another task draws, and leaves the recorded time to the bio it belongs to
        assertThat(cpu.mapNanos(write(76280), fio)).isIn(12 * US, 700 * US);
        long drawsOfFio = 0;
        for (int i = 0; i < 20; i++) {
            drawsOfFio += cpu.mapNanos(write(76280), fio) == 700 * US ? 1 : 0;
        }
        assertThat(drawsOfFio).isGreaterThan(15);
        assertThat(cpu.mapNanos(write(76280), writer)).isEqualTo(12 * US);
        // a bio without a recorded time draws in either context
        assertThat(cpu.mapNanos(write(99999), writer)).isEqualTo(700 * US);
    }

    /**
     * dm-crypt's map path in the submitter's context: the trace times reads only (a read's clone is remapped and
     * submitted in {@code crypt_map}; a write is queued to kcryptd and remapped later by {@code dmcrypt_write}). A
     * write drew from the reads' samples, up to 250 us on the write-back cache over crypt, and fio's next write
     * reached the cache 29 us after the kernel's, after the completion that makes the next bio smq's tick bio.
     * With {@code ownOpsOnly} a write costs nothing there; reads keep their samples.
     */
    @Test
    void aMapPathTimedOnReadsOnlyCostsAWriteNothing() {
        TraceServiceModel.Builder reads = new TraceServiceModel.Builder();
        for (int i = 0; i < 50; i++) {
            reads.add(Op.READ, 8, 250 * US);
        }
        Kernel k = new Kernel(1, MemoryPressure.none());
        Task fio = k.newTask("fio/3462", Task.Kind.USER);
        Bio read = write(64);
        read.op = Op.READ;
        assertThat(new LayerCpu(reads.build(1), null, new SplittableRandom(1)).mapNanos(write(64), fio))
                .as("borrowed from the reads").isEqualTo(250 * US);
        LayerCpu crypt = new LayerCpu(reads.build(1).ownOpsOnly(), null, new SplittableRandom(1));
        assertThat(crypt.mapNanos(write(64), fio)).isZero();
        assertThat(crypt.mapNanos(read, fio)).isEqualTo(250 * US);
    }
}
