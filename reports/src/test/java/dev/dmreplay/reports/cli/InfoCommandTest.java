package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfoCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode infoJson(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("info", "--json"));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void oracleSmallBundleAsBlkparseAndTheGeneratorCountIt() throws Exception {
        Path bundle = CliRun.traces().resolve("oracle-small");
        JsonNode r = infoJson(bundle.toString());
        // blkparse: Events lines 2022 + 3393 + 3125, 2156 Q lines
        assertThat(r.path("events").asLong()).isEqualTo(8540);
        assertThat(r.path("ios").asLong()).isEqualTo(2156);
        assertThat(r.path("format").asText()).isEqualTo("blktrace");
        assertThat(r.path("inputs").toString()).isEqualTo("[\"dm-0\",\"sda\",\"sdb\"]");
        // generator manifest: 1004 application bios and their bytes by operation
        JsonNode app = r.path("application");
        assertThat(app.path("read").path("ios").asLong()).isEqualTo(622);
        assertThat(app.path("write").path("ios").asLong()).isEqualTo(366);
        assertThat(app.path("flush").path("ios").asLong()).isEqualTo(11);
        assertThat(app.path("discard").path("ios").asLong()).isEqualTo(5);
        assertThat(r.path("bytes_read").asLong()).isEqualTo(23146496);
        assertThat(r.path("bytes_written").asLong()).isEqualTo(10735616);
        assertThat(r.path("bytes_discarded").asLong()).isEqualTo(16908288);

        JsonNode devices = r.path("devices");
        assertThat(devices).hasSize(3);
        assertThat(devices.get(0).path("dev").asText()).isEqualTo("8,0");
        assertThat(devices.get(0).path("major").asInt()).isEqualTo(8);
        assertThat(devices.get(0).path("name").asText()).isEqualTo("sda");
        assertThat(devices.get(2).path("dev").asText()).isEqualTo("253,0");
        assertThat(devices.get(2).path("minor").asInt()).isZero();
        assertThat(devices.get(2).path("name").asText()).isEqualTo("vg0-lv0");

        JsonNode dm = r.path("dm").path("vg0-lv0");
        assertThat(dm.path("dev").asText()).isEqualTo("253,0");
        assertThat(dm.path("targets").get(0).path("type").asText()).isEqualTo("striped");
        assertThat(dm.path("targets").get(0).path("devices").toString()).isEqualTo("[\"8:0\",\"8:16\"]");
        assertThat(dm.path("maps_onto").toString()).isEqualTo("[\"sda (8:0)\",\"sdb (8:16)\"]");

        JsonNode remaps = r.path("remaps");
        assertThat(remaps).hasSize(2);
        assertThat(remaps.get(0).path("from").asText()).isEqualTo("253,0");
        assertThat(remaps.get(0).path("to").asText()).isEqualTo("8,0");
        assertThat(remaps.get(0).path("count").asLong()).isEqualTo(454);
        assertThat(remaps.get(1).path("count").asLong()).isEqualTo(423);

        assertThat(r.path("actions").path("Q").asLong()).isEqualTo(2156);
        assertThat(r.path("actions").path("A").asLong()).isEqualTo(877);
        assertThat(r.path("actions").path("drv_data").asLong()).isEqualTo(2);
        JsonNode fio = null;
        for (JsonNode p : r.path("processes")) {
            if (p.path("pid").asLong() == 1000) {
                fio = p;
            }
        }
        assertThat(fio).isNotNull();
        assertThat(fio.path("comm").asText()).isEqualTo("fio");
        assertThat(fio.path("events").asLong()).isPositive();

        JsonNode sus = r.path("suspicious");
        assertThat(sus.path("wrong_cpu_records").asLong()).isZero();
        assertThat(sus.path("out_of_order_timestamps").asLong()).isZero();
        assertThat(sus.path("queued_without_completion").asLong()).isZero();
        assertThat(sus.path("unknown_actions").asLong()).isZero();
        assertThat(r.path("time").path("duration_ns").asLong()).isPositive();
    }

    @Test
    void keyOrderAndContentAreDeterministic() {
        String bundle = CliRun.traces().resolve("oracle-small").toString();
        CliRun a = CliRun.of("info", "--json", bundle);
        CliRun b = CliRun.of("info", "--json", bundle);
        assertThat(a.out()).isEqualTo(b.out());
        assertThat(a.out()).startsWith("{\n  \"trace\" : ");
        assertThat(a.out().indexOf("\"events\"")).isLessThan(a.out().indexOf("\"ios\""));
        assertThat(a.out().indexOf("\"ios\"")).isLessThan(a.out().indexOf("\"devices\""));
    }

    @Test
    void gzippedBundleWithManifest() throws Exception {
        JsonNode r = infoJson(CliRun.traces().resolve("linear-small").toString());
        // blkparse on the gunzipped set: Events 637 + 1251 + 1413, 827 Q lines
        assertThat(r.path("events").asLong()).isEqualTo(3301);
        assertThat(r.path("ios").asLong()).isEqualTo(827);
        assertThat(r.path("description").asText()).contains("two-segment linear table");
        JsonNode dm = r.path("dm").path("vg0-lv0");
        assertThat(dm.path("targets")).hasSize(2);
        assertThat(dm.path("dev").asText()).isEqualTo("253,0");
        assertThat(r.path("remaps").get(0).path("count").asLong()).isEqualTo(139);
        assertThat(r.path("remaps").get(1).path("count").asLong()).isEqualTo(185);
        assertThat(r.path("devices").get(2).path("name").asText()).isEqualTo("vg0-lv0");
    }

    @Test
    void textReportNamesTheEssentials() {
        CliRun r = CliRun.of("info", CliRun.traces().resolve("oracle-small").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("events:       8540")
                .contains("253,0     vg0-lv0")
                .contains("253,0 (vg0-lv0) -> 8,0 (sda): 454")
                .contains("vg0-lv0 (253,0) onto sda (8:0), sdb (8:16)")
                .contains("    1000 fio");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void recordOnTheWrongCpuIsSkippedAndReported(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] b = java.nio.file.Files.readAllBytes(CliRun.traces().resolve("oracle-small/sda.blktrace.0"));
        JsonNode clean = infoJson(CliRun.traces().resolve("oracle-small/sda.blktrace.0").toString());
        // the 10th record's cpu field (offset 40 of the little-endian header) says CPU 1 in the CPU 0 file
        int off = 0;
        for (int i = 0; i < 9; i++) {
            off += 48 + ((b[off + 46] & 0xff) | (b[off + 47] & 0xff) << 8);
        }
        b[off + 40] = 1;
        Path copy = java.nio.file.Files.write(dir.resolve("sda.blktrace.0"), b);
        java.nio.file.Files.copy(CliRun.traces().resolve("oracle-small/sda.blktrace.1"), dir.resolve("sda.blktrace.1"));
        JsonNode r = infoJson(copy.toString());
        assertThat(r.path("suspicious").path("wrong_cpu_records").asLong()).isEqualTo(1);
        assertThat(r.path("records").asLong()).isEqualTo(clean.path("records").asLong() - 1);
        CliRun text = CliRun.of("info", copy.toString());
        assertThat(text.out()).contains("wrong cpu records                        1");
    }

    @Test
    void bareTableGetsItsNumberFromTheRemaps(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path src = CliRun.traces().resolve("oracle-small");
        try (var files = java.nio.file.Files.list(src)) {
            for (Path f : files.filter(f -> f.getFileName().toString().contains(".blktrace.")).toList()) {
                java.nio.file.Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        java.nio.file.Files.copy(src.resolve("dmsetup-table.txt"), dir.resolve("dmsetup-table.txt"));
        JsonNode r = infoJson(dir.toString());
        JsonNode dm = r.path("dm").path("vg0-lv0");
        assertThat(dm.path("dev").asText()).isEqualTo("253,0");
        assertThat(dm.path("dev_inferred_from_remaps").asBoolean()).isTrue();
        assertThat(r.path("devices").get(2).path("name").asText()).isEqualTo("vg0-lv0");
        // with the numbers from the dumps nothing is guessed
        JsonNode full = infoJson(src.toString());
        assertThat(full.path("dm").path("vg0-lv0").has("dev_inferred_from_remaps")).isFalse();
    }

    @Test
    void tableOptionOverridesTheBundleTable(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path table = java.nio.file.Files.writeString(dir.resolve("other.txt"),
                "fast: 0 419428352 striped 2 128 8:0 2048 8:16 2048\n");
        JsonNode r = infoJson(CliRun.traces().resolve("oracle-small").toString(), "--table", table.toString());
        assertThat(r.path("dm").has("fast")).isTrue();
        assertThat(r.path("dm").has("vg0-lv0")).isFalse();
    }
}
