package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * dm-crypt keys and keyring references never leave the input: a real crypt bundle whose table was dumped with
 * {@code --showkeys} (and the same with a keyring reference), and a scenario whose table carries a key, go
 * through every command that can reach a crypt table (info, info --json, ingest to Parquet, ingest of the store
 * back to blkparse text, replay of the bundle and of the store, analyze of the run, compare, report, scenario,
 * batch) and through the error paths that quote table lines; no output file, stdout or stderr contains the key,
 * a recognisable part of it, or the keyring description.
 */
class CryptKeyRedactionTest {
    private static final String KEY = "c0ffee5eed".repeat(12) + "abcdef01";
    private static final String KEYRING = ":64:logon:cryptsetup:secret-desc-4711";
    private static final String[] NEEDLES = {KEY, KEY.substring(0, 16), KEY.substring(60, 80), "c0ffee5eed",
        "secret-desc-4711"};

    @TempDir
    Path tmp;

    private Path bundle(String key) throws IOException {
        Path src = CliRun.traces().resolve("crypt-linear");
        Path b = tmp.resolve("bundle");
        Files.createDirectories(b);
        try (Stream<Path> s = Files.list(src)) {
            for (Path f : s.toList()) {
                Files.copy(f, b.resolve(f.getFileName()));
            }
        }
        String table = Files.readString(src.resolve("dmsetup-table.txt")).replaceAll(" 0{128} ", " " + key + " ");
        assertThat(table).contains(key);
        Files.writeString(b.resolve("dmsetup-table.txt"), table);
        return b;
    }

    private final List<CliRun> runs = new ArrayList<>();

    private CliRun run(String... args) {
        CliRun r = CliRun.of(args);
        runs.add(r);
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hex", "keyring"})
    void noOutputOfAnyCommandCarriesTheKey(String form) throws Exception {
        Path b = bundle(form.equals("hex") ? KEY : KEYRING);
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        assertThat(run("info", b.toString()).code()).isZero();
        assertThat(run("info", "--json", b.toString()).code()).isZero();
        Path store = out.resolve("events.parquet");
        assertThat(run("ingest", b.toString(), "-o", store.toString()).code()).isZero();
        assertThat(run("ingest", store.toString(), "--format", "blkparse", "-o", out.resolve("bp.txt").toString())
                .code()).isZero();
        Path run1 = out.resolve("run1");
        CliRun rep = run("replay", b.toString(), "--strategy", "MODERN", "-o", run1.toString());
        assertThat(rep.code()).as(rep.err()).isZero();
        Path run2 = out.resolve("run2");
        assertThat(run("replay", store.toString(), "--strategy", "DF", "-o", run2.toString())
                .code()).isIn(0, 1);
        assertThat(run("analyze", run1.toString(), "-o", out.resolve("an").toString()).code()).isZero();
        assertThat(run("compare", run1.toString(), run2.toString(), "--json").code()).isZero();
        assertThat(run("report", b.toString(), run1.toString(), "-o", out.resolve("report.html").toString()).code())
                .isZero();
        Path batchIn = tmp.resolve("batch-in");
        Files.createDirectories(batchIn);
        Files.move(b, batchIn.resolve("crypt"));
        run("batch", batchIn.toString(), "-o", out.resolve("batch").toString(), "--strategy", "DF");
        assertNoKey(out);
        assertNoKey(tmp);
    }

    @Test
    void scenarioTablesAndErrorMessagesDoNotCarryTheKey() throws Exception {
        String s8 = Files.readString(CliRun.traces().resolve("scenarios/S8-fixed.yaml"));
        String withKey = s8.replaceAll("crypt aes-xts-plain64 [0-9a-f]+ ", "crypt aes-xts-plain64 " + KEY + " ");
        assertThat(withKey).contains(KEY);
        Path sc = tmp.resolve("in/S8k.yaml");
        Files.createDirectories(sc.getParent());
        Files.writeString(sc, withKey);
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        assertThat(run("scenario", sc.toString(), "--json", "--strategy", "DF,BARE").code()).isZero();
        assertThat(run("report", sc.toString(), "-o", out.resolve("sc.html").toString()).code()).isZero();
        // error paths that quote table lines: unknown lower device, a garbled line, a bad option
        Path bad1 = tmp.resolve("in/bad1.yaml");
        Files.writeString(bad1, withKey.replace(" 0 8:0 0\n", " 0 9:9 0\n"));
        Path bad2 = tmp.resolve("in/bad2.yaml");
        Files.writeString(bad2, withKey.replace("X: 0 4194304 crypt", "X: 0 x4194304 crypt"));
        Path bad3 = tmp.resolve("in/bad3.yaml");
        Files.writeString(bad3, withKey.replace(" 0 8:0 0\n", " 0 8:0 0 1\n"));
        for (Path bad : List.of(bad1, bad2, bad3)) {
            CliRun r = run("scenario", bad.toString());
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(bad.getFileName().toString());
        }
        assertNoKey(out);
    }

    private void assertNoKey(Path dir) throws IOException {
        for (CliRun r : runs) {
            for (String n : NEEDLES) {
                assertThat(r.out()).doesNotContain(n);
                assertThat(r.err()).doesNotContain(n);
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.equals("dmsetup-table.txt") || name.endsWith(".yaml")) {
                    continue; // the inputs themselves
                }
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String n : NEEDLES) {
                    assertThat(text).as(f + " contains " + n).doesNotContain(n);
                }
            }
        }
    }
}
