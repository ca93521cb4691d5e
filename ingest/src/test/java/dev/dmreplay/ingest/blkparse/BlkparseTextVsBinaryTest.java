package dev.dmreplay.ingest.blkparse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The text reader against the binary reader: for the golden sets (blkgen traces and what the real blkparse
 * 1.2.0 printed for them, see {@code golden/README.md}), every event read back from {@code default.txt} equals
 * the binary record blkparse printed it from, field by field. What text cannot carry is excluded and said so:
 * absolute time (text is relative: a constant offset), the size of X (not printed), the size of PC completions
 * (not printed) and the pid of messages (blkparse 1.2.0 prints 0). The raw action word, category bits
 * included, is rebuilt exactly.
 */
class BlkparseTextVsBinaryTest {

    private static Path golden(String set) throws URISyntaxException {
        return Path.of(BlkparseTextVsBinaryTest.class.getResource("/golden/" + set).toURI());
    }

    private static List<BlockEvent> printed(EventSource s, Map<Integer, String> names) throws IOException {
        List<BlockEvent> out = new ArrayList<>();
        try (s) {
            for (BlockEvent e = s.next(); e != null; e = s.next()) {
                Action a = e.kind();
                if (a == Action.NOTIFY_PROCESS) {
                    continue;
                }
                boolean dropped = a == Action.NOTIFY_TIMESTAMP || a == Action.DRV_DATA
                        || (a == Action.NOTIFY_MESSAGE && (e.action() & Action.TN_CGROUP) != 0);
                if (!dropped) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "small", "small-linear"})
    void textEventsEqualTheBinaryRecordsBlkparsePrinted(String set) throws Exception {
        Path dir = golden(set);
        List<Path> inputs = new ArrayList<>();
        for (String dev : List.of("dm-0", "sda", "sdb")) {
            if (Files.exists(dir.resolve("trace/" + dev + ".blktrace.0"))) {
                inputs.add(dir.resolve("trace/" + dev));
            }
        }
        BlktraceSource bin = BlktraceSource.open(inputs, ReadOptions.STRICT);
        List<BlockEvent> b = printed(bin, new HashMap<>());
        Map<Integer, String> textNames = new HashMap<>();
        List<BlockEvent> t = new ArrayList<>();
        Map<Integer, String> binaryNames = new HashMap<>();
        for (BlockEvent e : b) {
            binaryNames.putIfAbsent(e.device(), null);
        }
        try (BlkparseTextSource text = BlkparseTextSource.open(dir.resolve("default.txt"), ReadOptions.STRICT)) {
            for (BlockEvent e = text.next(); e != null; e = text.next()) {
                if (e.kind() == Action.NOTIFY_PROCESS) {
                    textNames.put(e.pid(), e.text());
                    continue;
                }
                t.add(e);
                if (e.kind() != Action.REMAP && e.kind() != Action.COMPLETE && e.kind() != Action.REQUEUE
                        && !e.isNotify()) {
                    // the name the text shows for this event's pid is the one the binary reader knows then
                    assertThat(textNames.get(e.pid())).as("comm of " + e).isNotNull();
                }
            }
            // every traced device gets its input's name back from the summary block
            List<String> inputNames = inputs.stream().map(p -> p.getFileName().toString()).toList();
            assertThat(text.deviceNames().values()).containsExactlyInAnyOrderElementsOf(inputNames);
            assertThat(text.deviceNames().keySet()).allMatch(d -> binaryNames.containsKey(d.kernel()));
        }
        assertThat(t).hasSameSizeAs(b);
        long offset = b.get(0).time() - t.get(0).time();
        for (int i = 0; i < b.size(); i++) {
            BlockEvent x = b.get(i);
            BlockEvent y = t.get(i);
            String ctx = set + " event " + i + ": binary " + x + " text " + y;
            assertThat(y.time() + offset).as(ctx).isEqualTo(x.time());
            assertThat(y.device()).as(ctx).isEqualTo(x.device());
            assertThat(y.cpu()).as(ctx).isEqualTo(x.cpu());
            assertThat(y.sequence()).as(ctx).isEqualTo(x.sequence());
            assertThat(y.kind()).as(ctx).isEqualTo(x.kind());
            assertThat(y.rwbs()).as(ctx).isEqualTo(x.rwbs());
            if (x.kind() == Action.NOTIFY_MESSAGE) {
                assertThat(y.text()).as(ctx).isEqualTo(x.text());
                continue;
            }
            assertThat(y.pid()).as(ctx).isEqualTo(x.pid());
            assertThat(y.error()).as(ctx).isEqualTo(x.error());
            assertThat(y.action()).as(ctx).isEqualTo(x.action());
            boolean sizeNotPrinted = x.kind() == Action.SPLIT
                    || (x.isPc() && (x.kind() == Action.COMPLETE || x.kind() == Action.REQUEUE));
            if (!sizeNotPrinted) {
                assertThat(y.bytes()).as(ctx).isEqualTo(x.bytes());
            }
            if (!x.isPc()) {
                assertThat(y.sector()).as(ctx).isEqualTo(x.sector());
            }
            assertThat(y.pdu()).as(ctx).isEqualTo(x.pdu());
        }
    }
}
