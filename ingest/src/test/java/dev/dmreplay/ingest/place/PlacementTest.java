package dev.dmreplay.ingest.place;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placement of traced devices onto a chosen table: the map, the fit, the selection. */
class PlacementTest {
    private static final int HM1 = new DevNo(240, 49).kernel();
    private static final int HM0 = new DevNo(240, 48).kernel();
    private static final int SDA = new DevNo(8, 0).kernel();
    private static final Map<Integer, String> NAMES = Map.of(HM1, "hm_1", HM0, "hm_0");
    private static final PlacementPlan.Target DATA = new PlacementPlan.Target("vg-data", new DevNo(253, 4096),
            1000, true);
    private static final PlacementPlan.Target LOG = new PlacementPlan.Target("vg-log", new DevNo(253, 4097), 64,
            true);

    private static BlockEvent q(long t, int dev, long sector, int sectors, int pid) {
        return new BlockEvent(t, 0, sector, sectors << 9, Action.QUEUE.code() | Category.QUEUE | Category.WRITE, pid,
                dev, 0, 0, null);
    }

    private static BlockEvent remap(long t, int to, int from) {
        byte[] pdu = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putInt(from).putInt(0).putLong(0).array();
        return new BlockEvent(t, 0, 0, 4096, Action.REMAP.code() | Category.QUEUE | Category.WRITE, 1, to, 0, 0, pdu);
    }

    private static BlockEvent split(long t, int dev, long remainder, int pid) {
        byte[] pdu = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(remainder).array();
        return new BlockEvent(t, 0, 0, 4096, Action.SPLIT.code() | Category.QUEUE | Category.WRITE, pid, dev, 0, 0,
                pdu);
    }

    private static PlacementSurvey survey(List<BlockEvent> events) throws IOException {
        return PlacementSurvey.scan(EventSource.of(events));
    }

    private static List<BlockEvent> drain(EventSource s) throws IOException {
        List<BlockEvent> out = new ArrayList<>();
        for (BlockEvent e; (e = s.next()) != null; ) {
            out.add(e);
        }
        return out;
    }

    @Test
    void mapRulesParseAndBadRulesNameTheExpectedForm() {
        DeviceMap m = DeviceMap.parse("hm_1=vg-data, 8:16=vg-log,*=vg-data");
        assertThat(m.rules()).extracting(DeviceMap.Rule::toString)
                .containsExactly("hm_1=vg-data", "8:16=vg-log", "*=vg-data");
        assertThatThrownBy(() -> DeviceMap.parse("hm_1"))
                .isInstanceOf(OptionException.class).hasMessageContaining("expected TRACE_DEVICE=DM_NAME");
        assertThatThrownBy(() -> DeviceMap.parse("=vg")).isInstanceOf(OptionException.class);
        assertThatThrownBy(() -> DeviceMap.parse(" , ")).isInstanceOf(OptionException.class);
    }

    @Test
    void windowsParseEitherSideOptional() {
        java.util.function.ToLongFunction<String> secs = s -> Long.parseLong(s.replace("s", "")) * 1_000_000_000L;
        assertThat(TimeWindow.parse("10s..20s", secs)).isEqualTo(new TimeWindow(10_000_000_000L, 20_000_000_000L));
        assertThat(TimeWindow.parse("..5s", secs).fromNs()).isZero();
        assertThat(TimeWindow.parse("5s..", secs).toNs()).isEqualTo(Long.MAX_VALUE);
        assertThat(TimeWindow.parse("5s..", secs).contains(4_999_999_999L)).isFalse();
        assertThat(TimeWindow.parse("5s..", secs).contains(5_000_000_000L)).isTrue();
        assertThatThrownBy(() -> TimeWindow.parse("20s..10s", secs)).hasMessageContaining("end must come after");
        assertThatThrownBy(() -> TimeWindow.parse("10s", secs)).hasMessageContaining("expected FROM..TO");
    }

    @Test
    void samplingIsDeterministicAndKeepsTheAskedShare() {
        Sampling s = Sampling.parse("10%");
        assertThat(s).isEqualTo(new Sampling(0.1, Sampling.Unit.IO));
        int kept = 0;
        for (long n = 0; n < 100_000; n++) {
            boolean k = s.keeps(7, n, 1);
            assertThat(s.keeps(7, n, 1)).isEqualTo(k);
            kept += k ? 1 : 0;
        }
        assertThat(kept).isBetween(9_500, 10_500);
        Sampling bySubmitter = Sampling.parse("0.5:submitter");
        for (int pid = 1; pid < 50; pid++) {
            boolean first = bySubmitter.keeps(3, 0, pid);
            for (long n = 1; n < 20; n++) {
                assertThat(bySubmitter.keeps(3, n, pid)).as("pid %d", pid).isEqualTo(first);
            }
        }
        assertThat(Sampling.parse("1").keeps(1, 5, 5)).isTrue();
        assertThatThrownBy(() -> Sampling.parse("1.5")).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> Sampling.parse("0.1:disk")).hasMessageContaining("expected io or submitter");
    }

    @Test
    void wrapKeepsInRangeIoAndFoldsTheRestAlignedIntoTheDevice() throws IOException {
        List<BlockEvent> ev = List.of(q(1, HM1, 16, 8, 1), q(2, HM1, 1600, 8, 1), q(3, HM1, 997, 4, 1),
                q(4, HM1, 5000, 2000, 1));
        PlacementPlan plan = PlacementPlan.resolve(DeviceMap.parse("hm_1=vg-data"), Fit.WRAP, survey(ev),
                NAMES::get, List.of(DATA, LOG));
        List<BlockEvent> out = drain(new PlacedSource(EventSource.of(ev), plan));
        assertThat(out).extracting(BlockEvent::device).containsOnly(DATA.number().kernel());
        assertThat(out.get(0).sector()).isEqualTo(16);
        assertThat(out.get(1).sector()).isEqualTo(600); // 1600 mod 1000, still 4 KiB aligned
        assertThat(out.get(2).sector()).isEqualTo(996); // ends at 1001 > 1000: moved back inside
        assertThat(out.get(3).sector()).isZero();
        assertThat(out.get(3).sectors()).isEqualTo(1000); // longer than the device: truncated to it
        for (BlockEvent e : out) {
            assertThat(e.sector() + e.sectors()).isLessThanOrEqualTo(1000);
        }
    }

    @Test
    void scaleSpreadsTheTracedExtentOverTheDevice() throws IOException {
        List<BlockEvent> ev = List.of(q(1, HM1, 0, 8, 1), q(2, HM1, 5000, 8, 1), q(3, HM1, 9992, 8, 1));
        PlacementPlan plan = PlacementPlan.resolve(DeviceMap.parse("*=vg-data"), Fit.SCALE, survey(ev), NAMES::get,
                List.of(DATA, LOG));
        PlacedSource src = new PlacedSource(EventSource.of(ev), plan);
        List<BlockEvent> out = drain(src);
        assertThat(out).extracting(BlockEvent::sector).containsExactly(0L, 496L, 992L);
        assertThat(src.counts().get(0).moved()).isEqualTo(2);
        assertThat(PlacedSource.scaled(Long.MAX_VALUE / 2, 1L << 40, Long.MAX_VALUE)).isEqualTo((1L << 39) - 1); // exact: no overflow, floor of 2^39 × (1 − 1/MAX)
    }

    @Test
    void everyLeftOutQueueRecordIsCountedWithItsReason() throws IOException {
        List<BlockEvent> ev = List.of(q(1, HM1, 0, 8, 1), split(2, HM1, 8, 1), q(3, HM1, 8, 8, 1),
                q(4, HM0, 0, 8, 2), remap(5, SDA, HM1), q(6, SDA, 0, 8, 1));
        PlacementSurvey sv = survey(ev);
        assertThat(sv.isApplicationDevice(SDA)).as("below a remap").isFalse();
        PlacementPlan plan = PlacementPlan.resolve(DeviceMap.parse("hm_1=vg-log"), Fit.WRAP, sv, NAMES::get,
                List.of(DATA, LOG));
        assertThat(plan.ignored()).containsExactly("8,0", "hm_0");
        PlacedSource src = new PlacedSource(EventSource.of(ev), plan);
        assertThat(drain(src)).hasSize(1);
        assertThat(src.splitRemainders()).isEqualTo(1);
        assertThat(src.notPlaced()).isEqualTo(2);
    }

    @Test
    void aMapThatDoesNotFitTheTraceOrTheTableIsRefusedNamingWhatExists() throws IOException {
        PlacementSurvey sv = survey(List.of(q(1, HM1, 0, 8, 1), q(2, HM0, 0, 8, 1)));
        assertThatThrownBy(() -> PlacementPlan.resolve(DeviceMap.DEFAULT, Fit.WRAP, sv, NAMES::get,
                List.of(DATA, LOG))).hasMessageContaining("2 top-level devices (vg-data, vg-log)");
        assertThatThrownBy(() -> PlacementPlan.resolve(DeviceMap.parse("sdz=vg-data"), Fit.WRAP, sv, NAMES::get,
                List.of(DATA))).hasMessageContaining("the trace has hm_0, hm_1");
        assertThatThrownBy(() -> PlacementPlan.resolve(DeviceMap.parse("hm_1=vg-x"), Fit.WRAP, sv, NAMES::get,
                List.of(DATA))).hasMessageContaining("no mapped device 'vg-x' (it has vg-data)");
        PlacementPlan byNumber = PlacementPlan.resolve(DeviceMap.parse("240:48=vg-log,*=vg-data"), Fit.WRAP, sv,
                NAMES::get, List.of(DATA, LOG));
        assertThat(byNumber.routes()).extracting(PlacementPlan.Route::target).containsExactly("vg-log", "vg-data");
        PlacementPlan byDefault = PlacementPlan.resolve(DeviceMap.DEFAULT, Fit.WRAP, sv, NAMES::get,
                List.of(DATA, new PlacementPlan.Target("lower", new DevNo(253, 9), 10, false)));
        assertThat(byDefault.targets()).containsOnlyKeys(DATA.number().kernel());
    }
}
