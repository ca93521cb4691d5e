package dev.dmreplay.replay.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.block.Mempool;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnobsTest {
    @Test
    void presetsFollowTheStrategyTable() {
        assertThat(Strategy.BARE.knobs.gmrOrdering()).isEqualTo(BlockLayer.Ordering.V1_FIFO);
        assertThat(Strategy.BARE.knobs.dmBiosetRescuer()).isFalse();
        assertThat(Strategy.RESC.knobs.dmBiosetRescuer()).isTrue();
        assertThat(Strategy.OFFL.knobs.dmOffload()).isTrue();
        assertThat(Strategy.OFFL.knobs.dmGen()).isEqualTo(Knobs.DmGen.G1_OFFLOAD);
        assertThat(Strategy.NEIL.knobs.offload()).isEqualTo(Knobs.Offload.MD_RESCUED);
        assertThat(Strategy.DF.knobs.dmIoStorage()).isEqualTo(Knobs.DmIoStorage.IO_BS_FRONT_PAD);
        assertThat(Strategy.HELP.knobs.offload()).isEqualTo(Knobs.Offload.PER_DEVICE_HELPER);
        assertThat(Strategy.MDSP.knobs.dmGen()).isEqualTo(Knobs.DmGen.G3_SPLIT_HEAD);
        assertThat(Strategy.V515.knobs).isEqualTo(Strategy.MDSP.knobs);
        assertThat(Strategy.V519.knobs).isEqualTo(Strategy.V515.knobs);
        assertThat(Strategy.V60.differences()).contains("dmGen=G4_TRIM_REMAINDER");
        // the zoned eras: plugging from 6.10, DM's entry split of zone-straddling writes from 6.17
        assertThat(Strategy.V610.knobs.differencesFrom(Strategy.V60.knobs)).containsExactly("zoneWritePlugging=true",
                "zeroErrorDiscards=SUPPORTED");
        // mempool_alloc's first round: only the pre-2012 BARE sleeps before retrying with reclaim
        assertThat(Strategy.BARE.knobs.mempoolAlloc()).isEqualTo(Mempool.FirstRound.SLEEP_FIRST);
        for (Strategy s : Strategy.values()) {
            if (s != Strategy.BARE) {
                assertThat(s.knobs.mempoolAlloc()).as(s.name()).isEqualTo(Mempool.FirstRound.RECLAIM_RETRY);
            }
        }
        // dm-zero and dm-error take discards from 6.4: every preset from V610 on, none before
        assertThat(Strategy.V60.knobs.zeroErrorDiscards()).isEqualTo(Knobs.ZeroErrorDiscards.REFUSED);
        assertThat(Strategy.BVA2.knobs.zeroErrorDiscards()).isEqualTo(Knobs.ZeroErrorDiscards.SUPPORTED);
        assertThat(Strategy.V617.knobs.differencesFrom(Strategy.V610.knobs)).containsExactly("dmZonedSplit=true");
        assertThat(Strategy.V618.knobs.differencesFrom(Strategy.V617.knobs)).containsExactly("splitResubmit=HEAD");
        assertThat(Strategy.V519.knobs.zoneWritePlugging()).isFalse();
        assertThat(Strategy.V60.knobs.zoneWritePlugging()).isFalse();
        assertThat(Strategy.BVA1.knobs.differencesFrom(Strategy.V610.knobs))
                .containsExactly("gmrOrdering=BVA1_OLDER_FIRST");
        assertThat(Strategy.BVA2.knobs.differencesFrom(Strategy.V610.knobs)).containsExactly("gmrOrdering=BVA2_SORTED");
        assertThat(Strategy.MODERN.knobs).isEqualTo(Strategy.V618.knobs);
        assertThat(Strategy.BVA1.title).contains("unmerged proposal");
        assertThat(Strategy.BVA2.title).contains("unmerged proposal");
        assertThat(Strategy.BVA1.unmerged()).isTrue();
        assertThat(Strategy.V618.unmerged()).isFalse();
        assertThat(Strategy.CLAIMS).extracting(Enum::name)
                .containsExactly("BARE", "RESC", "OFFL", "NEIL", "DF", "HELP", "MDSP");
    }

    @Test
    void overridesByNameWithPrefixesAndUnits() {
        Knobs k = Strategy.DF.knobs.withAll(List.of("dmGen=g3", "reservedBioBasedIos=1", "cpuNsPerMap=2us",
                "dmBiosetRescuer=per_bioset", "offloadTrigger=sleep"));
        assertThat(k.dmGen()).isEqualTo(Knobs.DmGen.G3_SPLIT_HEAD);
        assertThat(k.reservedBioBasedIos()).isEqualTo(1);
        assertThat(k.cpuNsPerMap()).isEqualTo(2000);
        assertThat(k.dmBiosetRescuer()).isTrue();
        assertThat(k.offloadTrigger()).isEqualTo(Knobs.OffloadTrigger.SLEEP);
        assertThat(k.asMap()).containsKeys(Knobs.NAMES);
    }

    @Test
    void badOverridesSayWhatIsAccepted() {
        assertThatThrownBy(() -> Strategy.DF.knobs.with("nope", "1")).hasMessageContaining("unknown knob 'nope'")
                .hasMessageContaining("gmrOrdering");
        assertThatThrownBy(() -> Strategy.DF.knobs.with("dmGen", "G9")).hasMessageContaining("G0_ALL_IN_ONE");
        assertThatThrownBy(() -> Strategy.DF.knobs.with("reservedBioBasedIos", "2000")).hasMessageContaining("1..1024");
        assertThatThrownBy(() -> Strategy.DF.knobs.withAll(List.of("dmGen"))).hasMessageContaining("name=value");
        assertThatThrownBy(() -> Strategy.parse("FAST")).hasMessageContaining("BARE");
    }

    @Test
    void ambiguousEnumPrefixesAreRefused() {
        assertThatThrownBy(() -> Strategy.DF.knobs.with("dmIoStorage", "io")).hasMessageContaining("ambiguous")
                .hasMessageContaining("IO_POOL_MEMPOOL").hasMessageContaining("IO_BS_FRONT_PAD");
        assertThat(Strategy.DF.knobs.with("dmIoStorage", "io_bs").dmIoStorage())
                .isEqualTo(Knobs.DmIoStorage.IO_BS_FRONT_PAD);
    }

    @Test
    void presetsAreABasePlusTheirDifferences() {
        assertThat(Strategy.BARE.knobs).isEqualTo(Knobs.BASE);
        assertThat(Strategy.BARE.differences()).isEmpty();
        assertThat(Strategy.RESC.differences()).containsExactly("dmBiosetRescuer=PER_BIOSET",
                "mempoolAlloc=RECLAIM_RETRY");
        // MDSP is the G3 era (~v5.15), so its dm-snapshot locks as from v5.3
        assertThat(Strategy.MDSP.knobs.differencesFrom(Strategy.DF.knobs)).containsExactly("dmGen=G3_SPLIT_HEAD",
                "snapshotLocking=BUCKET");
        for (Strategy s : Strategy.values()) {
            assertThat(Knobs.BASE.withAll(s.differences())).as(s.name()).isEqualTo(s.knobs);
        }
    }

    @Test
    void everyKnobPrintsWhatItParses() {
        for (Knob k : Knob.values()) {
            Knobs round = Strategy.OFFL.knobs.with(k.id, k.print(Strategy.OFFL.knobs));
            assertThat(round).as(k.id).isEqualTo(Strategy.OFFL.knobs);
        }
        assertThatThrownBy(() -> Knob.byName("reservedBioBasedIo")).hasMessageContaining("did you mean 'reservedBioBasedIos'");
        assertThatThrownBy(() -> Strategy.DF.knobs.with("bioPoolSize", "lots")).hasMessageContaining("bioPoolSize")
                .hasMessageContaining("1..1024");
        assertThatThrownBy(() -> Strategy.DF.knobs.with("mdFlushFix", "maybe")).hasMessageContaining("true or false");
    }
}
