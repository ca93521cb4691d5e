package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code info} on real 6.1 traces (traces/real-*, captured under qemu, see their READMEs): the striped device
 * splits bios at chunk boundaries; on v6.1 the remainder is never queued again and the split bio completes with
 * the sector and size of its last fragment.
 */
class RealTraceInfoTest {

    @Test
    void splitBiosOfAStripedDeviceArePairedAndCountedAsApplicationIo() throws Exception {
        JsonNode r = InfoCommandTest.infoJson(CliRun.traces().resolve("real-striped").toString());
        // 2718 Q records on the dm device (str, 253:0): every one was submitted by fio
        JsonNode str = null;
        for (JsonNode d : r.path("devices")) {
            if (d.path("dev").asText().equals("253,0")) {
                str = d;
            }
        }
        assertThat(str).isNotNull();
        assertThat(str.path("ios").asLong()).isEqualTo(2718);
        JsonNode app = r.path("application");
        long total = 0;
        for (String op : new String[] {"read", "write", "flush", "discard", "other"}) {
            total += app.path(op).path("ios").asLong();
        }
        // an X leaves no remainder Q on v6.1: a later bio at a split sector is application I/O all the same
        assertThat(total).isEqualTo(2718);
        // Q WS 24424 + 400 completes as C WS 24768 + 56 (the last fragment): still completed
        assertThat(r.path("suspicious").path("queued_without_completion").asLong()).isZero();
    }
}
