package dev.dmreplay.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.analyze.info.TraceInfo;
import dev.dmreplay.analyze.info.TraceInfoCollector;
import dev.dmreplay.ingest.bundle.TraceFormat;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON form of {@link TraceInfo}: blkparse's action letters as keys, nulls where the input cannot tell. */
class TraceInfoJsonTest {
    private static final int SDA = 8 << 20;

    @Test
    void messagesCountUnderMAndNullsStayNull() {
        TraceInfoCollector c = new TraceInfoCollector();
        c.accept(new BlockEvent(5, 0, 0, 0, 0x04000002, 0, SDA, 0, 0, "hi".getBytes()));
        c.accept(new BlockEvent(7, 1, 8, 512, 0x00100001 | Category.READ, 100, SDA, 0, 0, null));
        TraceInfo i = c.result(new TraceInfo.Source("t.bin", TraceFormat.BLKTRACE, "test", List.of("t.bin")),
                d -> null, dev.dmreplay.ingest.io.SkipReport.NONE, null);
        ObjectNode j = TraceInfoJson.tree(i);
        assertThat(j.path("actions").path("m").asLong()).isEqualTo(1);
        assertThat(j.path("actions").path("Q").asLong()).isEqualTo(1);
        assertThat(j.path("format").asText()).isEqualTo("blktrace");
        assertThat(j.path("devices").get(0).path("name").isNull()).isTrue();
        assertThat(j.path("suspicious").path("wrong_cpu_records").isNull()).isTrue();
        assertThat(j.path("suspicious").path("queued_without_completion").isNull()).isTrue();
        assertThat(j.path("notes").get(0).asText()).startsWith("no completion (C) records");
        assertThat(j.has("dm")).isFalse();
        List<String> keys = new java.util.ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("trace", "format", "description", "inputs", "events", "records", "ios",
                "time", "actions", "operations", "application", "bytes_read", "bytes_written", "bytes_discarded",
                "devices", "processes", "remaps", "suspicious", "notes");
    }
}
