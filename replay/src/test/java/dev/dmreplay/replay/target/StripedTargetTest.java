package dev.dmreplay.replay.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.LeafDevice;
import dev.dmreplay.replay.block.ServiceModel;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.sim.Kernel;
import java.util.List;
import org.junit.jupiter.api.Test;

class StripedTargetTest {
    private final Kernel k = new Kernel(1, MemoryPressure.none());
    private final BlockLayer layer = new BlockLayer(k, BlockLayer.Ordering.V2_LOWER_FIRST);

    private BlockDevice leaf(String n) {
        return new LeafDevice(layer, n, 0, 1 << 30, new ServiceModel.Parametric(1, 0, 1), 0);
    }

    @Test
    void stripeMapSectorFollowsChunkThenStripeDivision() {
        // 3 stripes, chunk 8, target begins at 96
        StripedTarget t = new StripedTarget(96, 3 * 8 * 10, 8, List.of(leaf("a"), leaf("b"), leaf("c")),
                List.of(0L, 0L, 0L));
        int[] s = new int[1];
        // offset 0 → chunk 0 → stripe 0, result 0
        assertThat(t.mapSector(96, s)).isZero();
        assertThat(s[0]).isZero();
        // offset 13 → chunk 1 (offset 5) → stripe 1, chunk 0 → 5
        assertThat(t.mapSector(96 + 13, s)).isEqualTo(5);
        assertThat(s[0]).isEqualTo(1);
        // offset 8*7+3 = 59 → chunk 7 → stripe 1, chunk 2 → 2*8+3 = 19
        assertThat(t.mapSector(96 + 59, s)).isEqualTo(19);
        assertThat(s[0]).isEqualTo(1);
        assertThat(t.maxIoLenAt(96 + 13)).isEqualTo(3);
        assertThat(t.numFlushBios()).isEqualTo(3);
    }

    @Test
    void nonPowerOfTwoChunksWorkAndBadGeometryIsRejected() {
        StripedTarget t = new StripedTarget(0, 2 * 12 * 4, 12, List.of(leaf("a"), leaf("b")), List.of(0L, 100L));
        int[] s = new int[1];
        assertThat(t.mapSector(30, s)).isEqualTo(18); // chunk 2 (off 6) → stripe 0, chunk 1 → 12+6
        assertThat(s[0]).isZero();
        assertThatThrownBy(() -> new StripedTarget(0, 100, 8, List.of(leaf("a"), leaf("b")), List.of(0L, 0L)))
                .hasMessageContaining("not divisible");
    }
}
