package dev.dmreplay.ingest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The footer's JSON must be the bytes Jackson wrote before, so stores stay identical, and must read back what
 * Jackson reads, refusing damage rather than reading it differently.
 */
class FooterJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() { };

    @Test
    void writesWhatJacksonWrites() throws Exception {
        List<String> cases = randomStrings();
        assertEquals(JACKSON.writeValueAsString(cases), FooterJson.array(cases));
        assertEquals(JACKSON.writeValueAsString(List.of()), FooterJson.array(List.of()));
        Map<String, String> m = randomMap(cases);
        assertEquals(JACKSON.writeValueAsString(m), FooterJson.object(m));
        assertEquals(JACKSON.writeValueAsString(Map.of()), FooterJson.object(Map.of()));
        assertEquals(JACKSON.writeValueAsString(Arrays.asList("a", null)), FooterJson.array(Arrays.asList("a", null)));
    }

    @Test
    void readsWhatItWritesAndWhatJacksonReads() throws Exception {
        List<String> cases = randomStrings();
        assertEquals(cases, FooterJson.parseArray(FooterJson.array(cases)));
        Map<String, String> m = randomMap(cases);
        assertEquals(m, FooterJson.parseObject(FooterJson.object(m)));
        assertEquals(List.of(), FooterJson.parseArray(" [ ] "));
        assertEquals(Map.of(), FooterJson.parseObject("{}"));
        String spaced = " [ \"a\\u0041\\/\\n\" ,\n\t\"\\ud834\\uDD1E\" ] ";
        assertEquals(JACKSON.readValue(spaced, LIST), FooterJson.parseArray(spaced));
        String object = "{ \"1\" : \"a\", \"2\":\"b\" , \"1\":\"c\"}";
        assertEquals(JACKSON.readValue(object, MAP), FooterJson.parseObject(object));
    }

    @Test
    void refusesDamageOrReadsWhatJacksonReads() throws Exception {
        Random r = new Random(7);
        String[] texts = {FooterJson.array(List.of("dm-0", "sda", "s\"d\\b")),
            FooterJson.object(Map.of("4211", "fio", "17", "kworker/0:1H"))};
        int refused = 0;
        for (int round = 0; round < 20_000; round++) {
            String base = texts[round % 2];
            char[] c = base.toCharArray();
            for (int k = 1 + r.nextInt(2); k > 0; k--) {
                c[r.nextInt(c.length)] = "[]{}\":,\\ nu0x\u0001".charAt(r.nextInt(14));
            }
            String damaged = new String(c);
            Object mine;
            try {
                mine = round % 2 == 0 ? FooterJson.parseArray(damaged) : FooterJson.parseObject(damaged);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().matches(".* at column \\d+"), e.getMessage());
                refused++;
                continue;
            }
            Object theirs = round % 2 == 0 ? JACKSON.readValue(damaged, LIST) : JACKSON.readValue(damaged, MAP);
            assertEquals(theirs, mine, damaged);
        }
        assertTrue(refused > 1000, refused + " refused");
    }

    @Test
    void saysWhereItWentWrong() {
        assertEquals("expected ']' at column 6", assertThrows(IllegalArgumentException.class,
                () -> FooterJson.parseArray("[\"a\" 1]")).getMessage());
        assertEquals("unexpected text after the value at column 3", assertThrows(IllegalArgumentException.class,
                () -> FooterJson.parseArray("[]x")).getMessage());
        assertEquals("expected '\"' at column 2", assertThrows(IllegalArgumentException.class,
                () -> FooterJson.parseArray("[1]")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> FooterJson.parseObject("{\"1\":\"a\",}"));
        assertThrows(IllegalArgumentException.class, () -> FooterJson.parseArray("[\"a\\x\"]"));
        assertThrows(IllegalArgumentException.class, () -> FooterJson.parseArray("[\"\\u12\"]"));
        assertThrows(IllegalArgumentException.class, () -> FooterJson.parseArray("[\"tab\there\"]"));
        assertThrows(IllegalArgumentException.class, () -> FooterJson.parseArray("[\"open"));
    }

    private static Map<String, String> randomMap(List<String> cases) {
        Random r = new Random(3);
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < cases.size(); i += 2) {
            m.put(Integer.toUnsignedString(r.nextInt()) + cases.get(i), cases.get(i + 1));
        }
        return m;
    }

    private static List<String> randomStrings() {
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
        return cases;
    }
}
