package dev.dmreplay.replay.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.ImplausibleAllocation;
import dev.dmreplay.ingest.io.RunDirectoryException;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioLoader;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.strategy.Strategy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged observation file is refused with one {@link RunDirectoryException}, never decoded into an
 * {@link OutOfMemoryError}: the footer's column chunk extents are checked against the file before a row group is
 * read, and pages are verified against their CRC-32 before they are decompressed (the CI fuzzer found a footer
 * whose chunk sizes made parquet-mr fill the heap).
 */
class ObservationDamageTest {
    @TempDir
    static Path dir;
    private static byte[] good;

    @BeforeAll
    static void write() throws Exception {
        Scenario s1 = ScenarioLoader.load(Path.of("../traces/scenarios/S1.yaml"));
        Path f = dir.resolve("good.parquet");
        try (ParquetObservationWriter w = new ParquetObservationWriter(f)) {
            ScenarioRunner.runOnce(s1, Strategy.MODERN, List.of(), ScenarioRunner.schedule(s1.seed()), s1.seed(), w);
        }
        good = Files.readAllBytes(f);
    }

    private static long readAll(byte[] bytes, String name) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        long n = 0;
        try (ObservationReader r = ObservationReader.open(f)) {
            while (r.next() != null) {
                n++;
            }
        }
        return n;
    }

    private static int footerLength() {
        return ByteBuffer.wrap(good, good.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /**
     * Every third byte of the footer overwritten with a 5-byte varint of about 2^31 (the shape of a damaged Thrift
     * size or offset): each file is read whole or refused in one line, none runs out of memory, and among the
     * refusals is the damage the CI fuzzer found, a column chunk said to extend past the end of the file.
     */
    @Test
    void aLargeNumberAnywhereInTheFooterIsReadOrRefused() throws Exception {
        assertThat(readAll(good, "ok.parquet")).isPositive();
        byte[] varint = {(byte) 0xf9, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
        int start = good.length - 8 - footerLength();
        int tried = 0;
        int refused = 0;
        String extent = null;
        for (int pos = start; pos < good.length - 8; pos += 3) {
            byte[] bad = good.clone();
            System.arraycopy(varint, 0, bad, pos, Math.min(varint.length, good.length - 8 - pos));
            tried++;
            try {
                readAll(bad, "bad.parquet");
            } catch (RunDirectoryException e) {
                assertThat(e.getMessage()).doesNotContain("\n");
                refused++;
                if (extent == null && e.getMessage().contains("a damaged footer")) {
                    extent = e.getMessage();
                }
            }
        }
        assertThat(refused).as("most footer damage is caught").isGreaterThan(tried / 2);
        assertThat(extent).isNotNull().contains("row group 0, column '").contains("bytes at offset");
    }

    @Test
    void aFlippedByteInAPageIsRefusedByItsChecksum() throws Exception {
        byte[] bad = good.clone();
        bad[good.length / 3] ^= 0x40; // inside the first row group's data, far from the footer
        assertThatThrownBy(() -> readAll(bad, "flipped.parquet"))
                .isInstanceOf(RunDirectoryException.class)
                .hasMessageContaining("corrupt Parquet data after row");
    }

    @Test
    void oneRequestBeyondTheVmLimitIsADamagedLength() {
        assertThat(ImplausibleAllocation.fromDamagedLength(
                new OutOfMemoryError("Requested array size exceeds VM limit"))).isTrue();
        // this test JVM's live set is far below three quarters of its heap: a failed request was implausible
        assertThat(ImplausibleAllocation.fromDamagedLength(new OutOfMemoryError("Java heap space"))).isTrue();
    }
}
