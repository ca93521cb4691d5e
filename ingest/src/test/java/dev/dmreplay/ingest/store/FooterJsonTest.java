package dev.dmreplay.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The footer's JSON must be the bytes Jackson wrote before, so stores stay identical. */
class FooterJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void writesWhatJacksonWrites() throws Exception {
        List<String> cases = new ArrayList<>(List.of("", "dm-0", "sda", "a\"b", "back\\slash", "tab\tnew\nline\r",
                "\b\f\u0000\u0001\u001f\u007f", "kworker/u8:2", "zürich ✓ 𝄞", "</script>", "\ud800 alone"));
        Random r = new Random(17);
        for (int i = 0; i < 2000; i++) {
            char[] c = new char[r.nextInt(12)];
            for (int k = 0; k < c.length; k++) {
                int pick = r.nextInt(4);
                c[k] = (char) (pick == 0 ? r.nextInt(0x40) : pick == 1 ? 0x20 + r.nextInt(0x60)
                        : pick == 2 ? r.nextInt(0x800) : r.nextInt(0x10000));
            }
            cases.add(new String(c));
        }
        assertEquals(JACKSON.writeValueAsString(cases), FooterJson.array(cases));
        assertEquals(JACKSON.writeValueAsString(List.of()), FooterJson.array(List.of()));
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < cases.size(); i += 2) {
            m.put(Integer.toUnsignedString(r.nextInt()) + cases.get(i), cases.get(i + 1));
        }
        assertEquals(JACKSON.writeValueAsString(m), FooterJson.object(m));
        assertEquals(JACKSON.writeValueAsString(Map.of()), FooterJson.object(Map.of()));
        assertEquals(JACKSON.writeValueAsString(Arrays.asList("a", null)), FooterJson.array(Arrays.asList("a", null)));
    }
}
