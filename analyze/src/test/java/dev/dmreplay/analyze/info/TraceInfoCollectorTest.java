package dev.dmreplay.analyze.info;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.bundle.TraceFormat;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceInfoCollectorTest {
    static final int DM0 = 253 << 20;
    static final int SDA = 8 << 20;
    static final int Q = 0x00100001;
    static final int A = 0x0010000f;
    static final int X = 0x0000000d;
    static final int C = 0x00800008;
    static final int D = 0x00400007;

    static BlockEvent ev(long t, int action, int dev, int cpu, long sector, int bytes, byte[] pdu) {
        return new BlockEvent(t, 1, sector, bytes, action, 100, dev, cpu, 0, pdu);
    }

    static byte[] remap(int from, int to, long fromSector) {
        return ByteBuffer.allocate(16).putInt(from).putInt(to).putLong(fromSector).array();
    }

    static TraceInfo report(BlockEvent... events) {
        TraceInfoCollector c = new TraceInfoCollector();
        for (BlockEvent e : events) {
            c.accept(e);
        }
        return c.result(new TraceInfo.Source("t", TraceFormat.BLKTRACE, "test", List.of()),
                d -> d.major() == 253 ? "vg0-lv0" : null, SkipReport.NONE, null);
    }

    @Test
    void remappedAndSplitBiosAreNotApplicationIo() {
        int r = Category.READ;
        TraceInfo j = report(
                ev(1, Q | r, DM0, 0, 0, 8192, null),                                     // app bio, 16 sectors
                ev(2, X | r, DM0, 0, 0, 4096, ByteBuffer.allocate(8).putLong(8).array()), // split at sector 8
                ev(3, A | r, SDA, 0, 2048, 4096, remap(DM0, SDA, 0)),
                ev(4, Q | r, SDA, 0, 2048, 4096, null),                                  // remapped front
                ev(5, Q | r, DM0, 0, 8, 4096, null),                                     // resubmitted rest
                ev(6, Q | r, SDA, 0, 9000, 4096, null),                                  // direct disk I/O
                ev(7, C | r, SDA, 0, 2048, 4096, null),
                ev(8, C | r, SDA, 0, 9000, 4096, null),
                ev(9, C | r, DM0, 0, 0, 4096, null),
                ev(10, C | r, DM0, 0, 8, 4096, null));
        assertThat(j.ios()).isEqualTo(4);
        assertThat(j.application().get(IoOp.READ).ios()).isEqualTo(2);
        assertThat(j.bytesRead()).isEqualTo(8192 + 4096);
        assertThat(j.remaps().get(0).fromName()).isEqualTo("vg0-lv0");
        assertThat(j.remaps().get(0).toName()).isNull();
        assertThat(j.suspicious().queuedWithoutCompletion()).isZero();
        assertThat(j.suspicious().eventsAfterLastCompletion()).isZero();
    }

    @Test
    void suspiciousThings() {
        int w = Category.WRITE;
        TraceInfo j = report(
                ev(10, Q | w, SDA, 0, 100, 4096, null),
                ev(20, D | w, SDA, 0, 100, 4096, null),
                ev(15, Q | w, SDA, 0, 300, 4096, null),  // earlier than its CPU's previous event
                ev(16, Q | w, SDA, 1, 500, 4096, null),  // other CPU: not out of order
                ev(30, C | w, SDA, 0, 100, 4096, null),
                ev(40, 0x00100010 | w, SDA, 0, 0, 0, null), // ABORT: blkparse says "Bad fs action"
                ev(41, 0x00100015 | w, SDA, 0, 0, 0, null), // no such action
                ev(42, Q | w, SDA, 1, 700, 4096, null));
        TraceInfo.Suspicious s = j.suspicious();
        assertThat(s.outOfOrderTimestamps()).isEqualTo(1);
        assertThat(s.queuedWithoutCompletion()).isEqualTo(3);
        assertThat(s.eventsAfterLastCompletion()).isEqualTo(3);
        assertThat(s.unknownActions()).isEqualTo(2);
        assertThat(j.events()).isEqualTo(8);
    }

    @Test
    void notesAndMessagesCountLikeBlkparse() {
        byte[] comm = Arrays.copyOf("fio".getBytes(StandardCharsets.US_ASCII), 16);
        TraceInfo j = report(
                new BlockEvent(0, 0, 0, 0, 0x04000001, 0, SDA, 0, 0, new byte[8]),       // TIMESTAMP
                new BlockEvent(0, 0, 0, 0, 0x04000000, 100, SDA, 0, 0, comm),            // PROCESS
                new BlockEvent(5, 0, 0, 0, 0x04000002, 0, SDA, 0, 0, "hi".getBytes()),   // MESSAGE: counted
                new BlockEvent(6, 0, 0, 0, 0x04000102, 0, SDA, 0, 0, new byte[10]),      // cgroup MESSAGE: dropped
                ev(7, Q | Category.READ, SDA, 0, 8, 512, null),
                ev(8, 0x00000001, SDA, 0, 8, 512, null));                                 // no category bit
        assertThat(j.events()).isEqualTo(2);
        assertThat(j.records()).isEqualTo(6);
        assertThat(j.processes().get(0).comm()).isEqualTo("fio");
        assertThat(j.processes().get(0).events()).isEqualTo(1);
        assertThat(j.suspicious().cgroupMessagesDroppedByBlkparse()).isEqualTo(1);
        assertThat(j.actions().get(Action.NOTIFY_MESSAGE)).isEqualTo(1);
        assertThat(j.ios()).isEqualTo(1);
        assertThat(j.suspicious().recordsWithoutCategory()).isEqualTo(1);
    }
}
