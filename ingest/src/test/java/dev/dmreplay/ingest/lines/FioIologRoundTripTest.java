package dev.dmreplay.ingest.lines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.ingest.records.ApplicationIo;
import dev.dmreplay.ingest.records.IoRecordStream;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The iolog export of a real-shaped DM trace reads back through our own iolog reader as the same I/Os. */
class FioIologRoundTripTest {

    /** One application I/O as the iolog keeps it: file, operation, byte offset, length, µs since the first. */
    record Io(String file, String op, long offset, long length, long us) {
    }

    static Path golden(String set) throws Exception {
        return Path.of(FioIologRoundTripTest.class.getResource("/golden/" + set + "/trace").toURI());
    }

    static String op(BlockEvent e) {
        if ((e.action() & Category.DISCARD) != 0) {
            return "trim";
        }
        if ((e.action() & Category.FLUSH) != 0 && e.bytes() == 0) {
            return "sync";
        }
        return e.isWrite() ? "write" : "read";
    }

    @Test
    void exportedIologReadsBackAsTheTracesApplicationIo() throws Exception {
        Path trace = golden("small-linear");
        List<Io> expected = new ArrayList<>();
        Map<DevNo, String> fileOf = new HashMap<>();
        try (OpenedTrace t = TraceOpener.open(trace, ReadOptions.STRICT, null)) {
            ApplicationIo app = new ApplicationIo();
            long t0 = -1;
            for (BlockEvent e; (e = t.events().next()) != null; ) {
                if (app.isApplicationQueue(e)) {
                    t0 = t0 < 0 ? e.time() : t0;
                    String file = fileOf.computeIfAbsent(e.dev(), d -> "/dev/x" + fileOf.size());
                    String op = op(e);
                    expected.add(new Io(file, op, op.equals("sync") ? 0 : e.sector() << 9,
                            op.equals("sync") ? 0 : e.bytes(), (e.time() - t0) / 1000));
                }
            }
        }
        assertThat(expected).hasSizeGreaterThan(100);

        StringWriter iolog = new StringWriter();
        FioIologWriter.Result r;
        try (OpenedTrace t = TraceOpener.open(trace, ReadOptions.STRICT, null)) {
            r = FioIologWriter.write(t.events(), iolog, fileOf::get);
        }
        assertThat(r.ios()).isEqualTo(expected.size());
        assertThat(iolog.toString()).startsWith("fio version 3 iolog\n");

        List<Io> back = new ArrayList<>();
        try (LineTraceSource s = new LineTraceSource("x.iolog",
                new ByteArrayInputStream(iolog.toString().getBytes(StandardCharsets.UTF_8)), null,
                IoRecordStream.DEFAULT_WINDOW_NS, ReadOptions.STRICT)) {
            List<BlockEvent> qs = new ArrayList<>();
            for (BlockEvent e; (e = s.next()) != null; ) {
                qs.add(e);
            }
            for (BlockEvent e : qs) {
                String op = op(e);
                back.add(new Io(s.deviceNames().get(e.dev()), op, e.sector() << 9, e.bytes(), e.time() / 1000));
            }
        }
        // the reader orders by time (ties in file order), as the export wrote them
        assertThat(back).containsExactlyElementsOf(expected);
    }

    @Test
    void remappedAndSplitCopiesAreNotApplicationIoButALaterQAtTheSameSectorIs() {
        ApplicationIo app = new ApplicationIo();
        int dm = new DevNo(253, 0).kernel();
        int sda = new DevNo(8, 0).kernel();
        int q = 1 | Category.QUEUE | Category.WRITE;
        int a = 15 | Category.QUEUE | Category.WRITE;
        byte[] remap = java.nio.ByteBuffer.allocate(16).putInt(dm).putInt(sda).putLong(0).array();
        assertThat(app.isApplicationQueue(new BlockEvent(0, 1, 0, 4096, q, 1, dm, 0, 0, null))).isTrue();
        assertThat(app.isApplicationQueue(new BlockEvent(10, 1, 2048, 4096, a, 1, sda, 0, 0, remap))).isFalse();
        assertThat(app.isApplicationQueue(new BlockEvent(20, 2, 2048, 4096, q, 1, sda, 0, 0, null))).isFalse();
        // the same sector two seconds later, no remap before it: the application's own I/O to the disk
        assertThat(app.isApplicationQueue(new BlockEvent(2_000_000_020L, 3, 2048, 4096, q, 1, sda, 0, 0, null)))
                .isTrue();
        // a remap whose Q never came expires: a Q at its sector 2 s later is the application's
        assertThat(app.isApplicationQueue(new BlockEvent(3_000_000_000L, 2, 4096, 4096, a, 1, sda, 0, 0, remap)))
                .isFalse();
        assertThat(app.isApplicationQueue(new BlockEvent(5_000_000_000L, 4, 4096, 4096, q, 1, sda, 0, 0, null)))
                .isTrue();
    }
}
