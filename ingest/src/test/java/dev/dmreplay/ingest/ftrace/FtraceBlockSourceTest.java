package dev.dmreplay.ingest.ftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.ingest.records.ApplicationIo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FtraceBlockSourceTest {

    static List<BlockEvent> read(FtraceBlockSource s) throws IOException {
        List<BlockEvent> out = new ArrayList<>();
        try (s) {
            for (BlockEvent e = s.next(); e != null; e = s.next()) {
                if (!e.isNotify()) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    static FtraceBlockSource res(String name) {
        return new FtraceBlockSource(name, FtraceBlockSourceTest.class.getResourceAsStream("/lines/" + name),
                ReadOptions.STRICT);
    }

    @Test
    void tracePipeOfADmWriteBecomesTheBlktraceRecordsOfTheSameHooks() throws IOException {
        FtraceBlockSource s = res("sample-trace-pipe.txt");
        List<BlockEvent> es = read(s);
        assertThat(es).extracting(e -> e.kind().letters())
                .containsExactly("Q", "A", "Q", "G", "I", "D", "C", "C", "X");
        BlockEvent remap = es.get(1);
        assertThat(remap.dev()).isEqualTo(new DevNo(8, 0));
        assertThat(remap.sector()).isEqualTo(4096);
        assertThat(remap.remapFromDevice()).isEqualTo(new DevNo(253, 0).kernel());
        assertThat(remap.remapToDevice()).isEqualTo(new DevNo(8, 0).kernel());
        assertThat(remap.remapFromSector()).isEqualTo(2048);
        assertThat(es.get(0).time()).isEqualTo(10452_123456000L);
        assertThat(es.get(0).pid()).isEqualTo(1234);
        assertThat(es.get(0).cpu()).isEqualTo(1);
        assertThat(es.get(4).bytes()).isEqualTo(8192);
        assertThat(es.get(5).pid()).isEqualTo(77);
        assertThat(es.get(6).kind()).isEqualTo(Action.COMPLETE);
        assertThat(es.get(6).rwbs()).isEqualTo("W");
        assertThat(es.get(8).pduU64()).isEqualTo(164);
        assertThat(es).extracting(BlockEvent::sequence).containsExactly(1, 1, 2, 3, 4, 5, 6, 2, 7);
        assertThat(s.ignored()).containsEntry("plug", 1L);
        // the remapped Q is the same I/O again: one application I/O
        ApplicationIo app = new ApplicationIo();
        assertThat(es.stream().filter(app::isApplicationQueue).count()).isEqualTo(1);
    }

    @Test
    void perfScriptWithSpacesInCommandsErrorsAndFlushes() throws IOException {
        List<BlockEvent> es = read(res("sample-perf-script.txt"));
        assertThat(es).hasSize(4);
        assertThat(es.get(0).pid()).isEqualTo(4242);
        assertThat(es.get(0).rwbs()).isEqualTo("RS");
        assertThat(es.get(2).error()).isEqualTo(65531); // -EIO as the u16 blktrace stores
        assertThat(es.get(3).rwbs()).isEqualTo("FWS");
        assertThat(es.get(3).bytes()).isZero();
        assertThat(es.get(1).time() - es.get(0).time()).isEqualTo(1000);
    }

    @Test
    void eachTaskIsNamedOnceByAProcessNoteBeforeItsFirstEvent() throws IOException {
        List<BlockEvent> notes = new ArrayList<>();
        try (FtraceBlockSource s = res("sample-perf-script.txt")) {
            for (BlockEvent e = s.next(); e != null; e = s.next()) {
                if (e.kind() == Action.NOTIFY_PROCESS) {
                    notes.add(e);
                }
            }
        }
        assertThat(notes).extracting(BlockEvent::pid, BlockEvent::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(4242, "Web Content"),
                org.assertj.core.groups.Tuple.tuple(0, "swapper"),
                org.assertj.core.groups.Tuple.tuple(321, "jbd2/sda1"));
    }

    @Test
    void badFieldsNameFileAndLine() throws IOException {
        String t = "fio-1 [000] ..... 1.000001: block_bio_queue: 8,0 W 2048 - 16 [fio]\n";
        FtraceBlockSource s = new FtraceBlockSource("t.txt",
                new ByteArrayInputStream(t.getBytes(StandardCharsets.UTF_8)), ReadOptions.STRICT);
        assertThatThrownBy(() -> read(s)).isInstanceOf(TraceFormatException.class)
                .hasMessage("t.txt:1: block tracepoint text: expected '+', got '-'");
        FtraceBlockSource lenient = new FtraceBlockSource("t.txt",
                new ByteArrayInputStream((t + "fio-1 [000] ..... 1.000002: block_bio_queue: 8,0 XW 1 + 1 [fio]\n")
                        .getBytes(StandardCharsets.UTF_8)), ReadOptions.LENIENT);
        assertThat(read(lenient)).isEmpty();
        assertThat(lenient.skipped().count()).isEqualTo(2);
        assertThat(lenient.skipped().first().get(1)).isEqualTo("t.txt:2: block tracepoint text: bad RWBS 'XW'"
                + " (expected [F]W|R|D[E]|F|N[F][A][S][M])");
    }
}
