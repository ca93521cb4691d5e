package dev.dmreplay.ingest.dm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private static final String KEY = "00112233445566778899aabbccddeeff" + "0123456789abcdef0123456789abcdef";

    @Test
    void aShowkeysDumpIsMaskedBeforeAnythingIsParsed() {
        String dump = "lo: 0 100 linear 8:0 0\ncr: 0 100 crypt aes-xts-plain64 " + KEY + " 0 253:0 0 1 allow_discards\n"
                + "kr:  0  50  crypt  aes-xts-plain64  :32:logon:cryptsetup:abc-def  0  8:16  8\n";
        String red = Secrets.redactTable(dump);
        assertThat(red).doesNotContain(KEY).doesNotContain("cryptsetup:abc")
                .contains("crypt aes-xts-plain64 " + "0".repeat(64) + " 0 253:0 0")
                .contains("crypt  aes-xts-plain64  :32:logon:" + "0".repeat(18) + "  0  8:16  8");
        assertThat(red.length()).isEqualTo(dump.length());
        CryptArgs c = (CryptArgs) DmTableParser.parse("t", dump, null, new ArrayList<>()).get(1).segments().get(0)
                .target();
        assertThat(c.key()).isEqualTo("0".repeat(64));
    }

    @Test
    void errorsQuotingABadLineQuoteItMasked() {
        assertThatThrownBy(() -> DmTableParser.parse("t", "0 x100 crypt aes " + KEY + " 0 8:0 0\n", "cr",
                new ArrayList<>())).hasMessageNotContaining(KEY).hasMessageNotContaining("0011223344");
        assertThatThrownBy(() -> DmTableParser.parse("t", "crypt aes " + KEY + "\n", null, new ArrayList<>()))
                .hasMessageNotContaining("0011223344");
    }
}
