package dev.dmreplay.ingest.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.ingest.store.ParquetEventWriter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening traces in their various shapes, on the golden blkgen sets of this module's test resources. */
class TraceOpenerTest {

    @TempDir
    Path dir;

    static Path golden(String set) throws URISyntaxException {
        return Path.of(TraceOpenerTest.class.getResource("/golden/" + set + "/trace").toURI());
    }

    static List<BlockEvent> all(OpenedTrace t) throws IOException {
        List<BlockEvent> l = new ArrayList<>();
        for (BlockEvent e; (e = t.events().next()) != null; ) {
            l.add(e);
        }
        return l;
    }

    /** Records blkparse counts in its Events lines: no PROCESS/TIMESTAMP notes, nothing without a category. */
    static long blkparseEvents(List<BlockEvent> events) {
        return events.stream().filter(e -> e.isNotify() ? e.action() == 0x04000002 : (e.action() >>> 16) != 0)
                .count();
    }

    @Test
    void directoryWithTableGivesEventsTopologyAndNames() throws Exception {
        try (OpenedTrace t = TraceOpener.open(golden("small-linear"), ReadOptions.STRICT, null)) {
            assertThat(t.format()).isEqualTo(TraceFormat.BLKTRACE);
            assertThat(t.inputs()).containsExactly("dm-0", "sda", "sdb");
            List<BlockEvent> events = all(t);
            assertThat(blkparseEvents(events)).isEqualTo(328 + 581 + 741);
            assertThat(t.topology()).isNotNull();
            assertThat(t.topology().device("vg0-lv0")).isPresent();
            assertThat(t.deviceName(new DevNo(8, 16))).isEqualTo("sdb");
            assertThat(t.dumpTexts()).containsOnlyKeys("dmsetup_table");
            assertThat(t.readerCounts()).containsEntry("wrong_cpu_records", 0L);
        }
    }

    @Test
    void onePerCpuFileOpensItsSetAndTheDirectoryIsNotABundle() throws Exception {
        try (OpenedTrace t = TraceOpener.open(golden("small-linear").resolve("sda.blktrace.1"), ReadOptions.STRICT,
                null)) {
            assertThat(t.inputs()).containsExactly("sda");
            assertThat(t.topology()).isNull();
            assertThat(blkparseEvents(all(t))).isEqualTo(581);
        }
    }

    @Test
    void tableOverrideReplacesTheBundleTable() throws Exception {
        Path table = Files.writeString(dir.resolve("t.txt"), "other: 0 419428352 striped 2 128 8:0 2048 8:16 2048\n");
        try (OpenedTrace t = TraceOpener.open(golden("small-linear"), ReadOptions.STRICT, table)) {
            assertThat(t.topology().device("other")).isPresent();
            assertThat(t.topology().device("vg0-lv0")).isEmpty();
        }
        assertThatThrownBy(() -> TraceOpener.open(golden("small-linear"), ReadOptions.STRICT, dir.resolve("none")))
                .isInstanceOf(TableFormatException.class).hasMessageContaining("expected a dmsetup table dump");
    }

    @Test
    void parquetStoreCarriesInputsNamesAndTable() throws Exception {
        Path store = dir.resolve("e.parquet");
        List<BlockEvent> events;
        try (OpenedTrace t = TraceOpener.open(golden("small-linear"), ReadOptions.STRICT, null);
             ParquetEventWriter w = ParquetEventWriter.create(store, ParquetEventWriter.Options.DEFAULT,
                     new dev.dmreplay.ingest.store.StoreMetadata(t.description(), t.inputs(), List.of(),
                             new java.util.TreeMap<>(), t.dumpTexts(), 0))) {
            events = all(t);
            events.forEach(e -> {
                try {
                    w.write(e);
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            w.updateMetadata(m -> m.withInputDevices(TraceOpener.inputDevices(t)));
            w.commit();
        }
        try (OpenedTrace t = TraceOpener.open(store, ReadOptions.STRICT, null)) {
            assertThat(t.format()).isEqualTo(TraceFormat.PARQUET);
            assertThat(t.inputs()).containsExactly("dm-0", "sda", "sdb");
            assertThat(TraceOpener.inputDevices(t)).containsExactly("253,0", "8,0", "8,16");
            assertThat(t.deviceName(new DevNo(8, 0))).isEqualTo("sda");
            assertThat(t.topology().device("vg0-lv0")).isPresent();
            assertThat(t.description()).contains("ingested from blktrace per-CPU binary");
            assertThat(all(t)).containsExactlyElementsOf(events);
        }
    }

    @Test
    void foreignParquetIsRejected() throws Exception {
        Path p = Files.write(dir.resolve("x.parquet"), "PAR1 but nothing else".getBytes());
        assertThatThrownBy(() -> TraceOpener.open(p, ReadOptions.STRICT, null))
                .isInstanceOf(TraceFormatException.class).hasMessageStartingWith(p.toString());
    }

    @Test
    void missingPath() {
        Path p = dir.resolve("nope");
        assertThatThrownBy(() -> TraceOpener.open(p, ReadOptions.STRICT, null))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage(p + ": no such file or directory, expected a trace file or a trace bundle directory");
    }

}
