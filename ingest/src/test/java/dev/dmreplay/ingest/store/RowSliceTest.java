package dev.dmreplay.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.BlockEvent;
import org.junit.jupiter.api.Test;

class RowSliceTest {

    @Test
    void aRowBecomesAnEventAndItsPayloadLeavesTheSlice() {
        RowSlice s = new RowSlice(2);
        byte[] pdu = {1, 2, 3};
        s.time[1] = 10;
        s.sequence[1] = -1;
        s.sector[1] = -2L;
        s.bytes[1] = 4096;
        s.action[1] = 0x00100001;
        s.pid[1] = 7;
        s.device[1] = 8 << 20;
        s.cpu[1] = 3;
        s.error[1] = 65531;
        s.pdu[1] = pdu;
        s.ext[1] = 5;
        assertThat(s.event(1)).isEqualTo(new BlockEvent(10, -1, -2L, 4096, 0x00100001, 7, 8 << 20, 3, 65531, pdu, 5));
        // a recycled slice must not keep payloads alive
        assertThat(s.pdu[1]).isNull();
        assertThat(s.capacity()).isEqualTo(2);
    }
}
