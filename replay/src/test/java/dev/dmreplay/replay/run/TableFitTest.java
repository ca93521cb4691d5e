package dev.dmreplay.replay.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check of a trace's remap records against the table it is replayed with. */
class TableFitTest {
    private static final int TOP = (253 << 20) | 3;
    private static final int LEG0 = 254 << 20;
    private static final int LEG1 = (254 << 20) | 16;
    private static final int A = 15;

    /** 3 stripes of 32 KiB over 254:0, 254:16, 254:32, as a second capture's table had them. */
    private static TableFit striped3() {
        DmTopology topo = DmTopology.parse("t.txt", "str3: 0 786432 striped 3 64 254:0 0 254:16 0 254:32 0\n");
        return new TableFit(topo, Map.of(TOP, "str3"), "t.txt");
    }

    /** A remap record of {@code sectors} onto {@code to} at {@code sector} from the top device's {@code from}. */
    private static BlockEvent remap(int category, int to, long sector, int sectors, long from) {
        ByteBuffer pdu = ByteBuffer.allocate(16);
        pdu.putInt(TOP).putInt(to).putLong(from);
        return new BlockEvent(0, 0, sector, sectors * 512, category | A, 1, to, 0, 0, pdu.array());
    }

    @Test
    void aDiscardOverSeveralChunksNamesTheOriginalStartOnEveryLeg() {
        TableFit fit = striped3();
        // a 128 KiB trim at sector 40960 (chunks 640..643): stripe 1 has chunks 640 and 643, stripe 0 chunk 642,
        // and the remap record of each leg's clone gives the trim's own start as its upper sector
        fit.accept(remap(Category.DISCARD | Category.WRITE, LEG0, 13696, 64, 40960));
        fit.accept(remap(Category.DISCARD | Category.WRITE, LEG1, 13632, 128, 40960));
        assertThat(fit.warnings()).isEmpty();
    }

    @Test
    void aWriteSentElsewhereThanTheStripeIsAMisfit() {
        TableFit fit = striped3();
        fit.accept(remap(Category.WRITE, LEG1, 13632, 8, 40960));
        assertThat(fit.warnings()).isEmpty();
        fit.accept(remap(Category.WRITE, LEG0, 13696, 8, 40960));
        assertThat(fit.warnings()).singleElement().asString()
                .contains("table line 1 of t.txt", "sector 40960 was sent to 254:0 sector 13696",
                        "where this line maps it to 254:16 sector 13632");
    }
}
