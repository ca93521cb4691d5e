package dev.dmreplay.ingest.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void devNoUsesKernelEncoding() {
        DevNo d = DevNo.ofKernel((253 << 20) | 3);
        assertThat(d).isEqualTo(new DevNo(253, 3));
        assertThat(d.kernel()).isEqualTo((253 << 20) | 3);
        assertThat(d.toString()).isEqualTo("253,3");
        assertThat(d.colon()).isEqualTo("253:3");
        assertThat(d.isRemapper()).isTrue();
        assertThat(DevNo.parse("8:16")).isEqualTo(new DevNo(8, 16));
        assertThat(DevNo.parse("8,16")).isEqualTo(new DevNo(8, 16));
        assertThatThrownBy(() -> DevNo.parse("816")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void actionDecodesCompositeConstants() {
        assertThat(Action.of(0x00100001)).isEqualTo(Action.QUEUE);
        assertThat(Action.of(0x014a0007)).isEqualTo(Action.ISSUE);
        assertThat(Action.of(0x0010000b).letters()).isEqualTo("UT");
        assertThat(Action.of(0x04000000)).isEqualTo(Action.NOTIFY_PROCESS);
        assertThat(Action.of(0x04000102)).isEqualTo(Action.NOTIFY_MESSAGE);
        assertThat(Action.of(0x00100013)).isEqualTo(Action.UNKNOWN);
        assertThat(Action.ofLetters("UT")).isEqualTo(Action.UNPLUG_TIMER);
        assertThat(Action.ofLetters("m")).isEqualTo(Action.NOTIFY_MESSAGE);
    }

    @Test
    void rwbsFollowsFillRwbsOrder() {
        int w = Category.WRITE;
        assertThat(Category.rwbs(w | Category.SYNC, 4096)).isEqualTo("WS");
        assertThat(Category.rwbs(Category.FLUSH | w | Category.SYNC, 0)).isEqualTo("FWS");
        assertThat(Category.rwbs(Category.FLUSH | Category.READ, 0)).isEqualTo("FN");
        assertThat(Category.rwbs(Category.FLUSH | w | Category.FUA | Category.SYNC, 4096)).isEqualTo("FWFS");
        assertThat(Category.rwbs(Category.READ | Category.AHEAD, 4096)).isEqualTo("RA");
        assertThat(Category.rwbs(Category.DISCARD | w | Category.SYNC, 4096)).isEqualTo("DS");
        assertThat(Category.rwbs(Category.READ, 0)).isEqualTo("N");
    }

    @Test
    void remapPayloadIsBigEndian() {
        byte[] pdu = java.nio.ByteBuffer.allocate(16).putInt((253 << 20)).putInt(8 << 20).putLong(338564704L).array();
        BlockEvent e = new BlockEvent(1, 1, 169284448L, 16384, 0x0010000f | Category.READ, 7, 8 << 20, 0, 0, pdu);
        assertThat(e.kind()).isEqualTo(Action.REMAP);
        assertThat(DevNo.ofKernel(e.remapFromDevice())).isEqualTo(new DevNo(253, 0));
        assertThat(e.remapFromSector()).isEqualTo(338564704L);
        assertThat(e).isEqualTo(new BlockEvent(1, 1, 169284448L, 16384, 0x0010000f | Category.READ, 7, 8 << 20, 0, 0,
                pdu.clone()));
    }
}
