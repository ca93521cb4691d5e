package dev.dmreplay.ingest.thin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.bundle.BundleLayout;
import dev.dmreplay.ingest.io.BadInputException;
import dev.dmreplay.ingest.io.TableFormatException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThinDumpReaderTest {
    private static final Path BUNDLE = Path.of("../traces/real-thin-snap");

    private static ThinDump parse(String xml) {
        return ThinDumpReader.read("dump.xml", new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static TableFormatException failure(String xml) {
        try {
            parse(xml);
        } catch (TableFormatException e) {
            return e;
        }
        throw new AssertionError("accepted: " + xml);
    }

    @Test
    void readsTheRealSnapshotBundlesDumpBeforeTheTrace() throws Exception {
        ThinDump d = ThinDumpReader.read(BUNDLE.resolve("thin-dump-before.xml"));
        assertThat(d.superblock()).isEqualTo(new ThinSuperblock("", 1, 0, 0, 2, 128, 0));
        assertThat(d.devices()).extracting(ThinDeviceDump::devId).containsExactly(0L, 1L);
        ThinDeviceDump origin = d.device(0).orElseThrow();
        assertThat(origin.snapTime()).isEqualTo(1);
        assertThat(origin.creationTime()).isZero();
        assertThat(origin.runs()).containsExactly(new ThinMappingRun(0, 0, 768, 0));
        ThinDeviceDump snap = d.device(1).orElseThrow();
        assertThat(snap.creationTime()).isEqualTo(1);
        assertThat(snap.runs()).containsExactly(new ThinMappingRun(0, 0, 768, 0));
        assertThat(d.dataBlocksSpanned()).isEqualTo(768);
    }

    @Test
    void readsSingleAndRangeMappingsOfTheDumpAfterTheTrace() throws Exception {
        ThinDump d = ThinDumpReader.read(BUNDLE.resolve("thin-dump-after.xml"));
        ThinDeviceDump origin = d.device(0).orElseThrow();
        assertThat(origin.mappedBlocks()).isEqualTo(736);
        assertThat(origin.runs().subList(0, 3)).containsExactly(new ThinMappingRun(0, 0, 3, 0),
                new ThinMappingRun(3, 788, 1, 1), new ThinMappingRun(4, 4, 7, 0));
        assertThat(origin.runs().stream().mapToLong(ThinMappingRun::length).sum()).isEqualTo(736);
    }

    @Test
    void aBundleFindsItsDumpBesideTheTable() throws Exception {
        assertThat(BundleLayout.scan(BUNDLE).dumps().thinBefore()).isEqualTo(BUNDLE.resolve("thin-dump-before.xml"));
        assertThat(BundleLayout.scan(Path.of("../traces/thin")).dumps().thinBefore()).isNull();
    }

    @Test
    void badInputNamesFileLineAndWhatWasExpected() {
        TableFormatException e = failure("""
                <superblock uuid="" time="1" transaction="0" data_block_size="128">
                  <device dev_id="0" mapped_blocks="2" transaction="0" creation_time="0" snap_time="0">
                    <range_mapping origin_begin="0" data_begin="x7" length="2" time="0"/>
                  </device>
                </superblock>
                """);
        assertThat(e.getMessage()).isEqualTo("dump.xml:3: attribute data_begin of <range_mapping>: expected an"
                + " unsigned decimal number, got 'x7'");
        assertThat(e.unit()).isEqualTo(BadInputException.Unit.LINE);
        assertThat(e.position()).isEqualTo(3);

        assertThat(failure("""
                <superblock time="0" data_block_size="128">
                  <device dev_id="0" mapped_blocks="1" creation_time="0">
                """).getMessage()).isEqualTo("dump.xml:2: <device> without attribute snap_time: expected"
                + " snap_time=\"N\"");
        assertThat(failure("""
                <superblock time="0" data_block_size="128">
                  <device dev_id="4" mapped_blocks="1" creation_time="0" snap_time="0">
                    <single_mapping origin_block="5" data_block="9" time="0"/>
                    <def name="x"/>
                  </device>
                </superblock>
                """).getMessage()).isEqualTo("dump.xml:4: unexpected <def> in <device>: expected <range_mapping> or"
                + " <single_mapping>");
        assertThat(failure("""
                <superblock time="0" data_block_size="128">
                  <device dev_id="4" mapped_blocks="3" creation_time="0" snap_time="0">
                    <range_mapping origin_begin="0" data_begin="0" length="2" time="0"/>
                    <single_mapping origin_block="1" data_block="9" time="0"/>
                  </device>
                </superblock>
                """).getMessage()).startsWith("dump.xml:4: mapping of virtual block 1 overlaps or precedes");
        assertThat(failure("""
                <superblock time="0" data_block_size="128">
                  <device dev_id="4" mapped_blocks="3" creation_time="0" snap_time="0">
                  </device>
                </superblock>
                """).getMessage()).isEqualTo("dump.xml:2: device 4 has mapped_blocks=3 but its mappings cover 0"
                + " blocks: expected a full dump (not --skip-mappings)");
        assertThat(failure("""
                <superblock time="0" data_block_size="128">
                  <device dev_id="4" mapped_blocks="0" creation_time="0" snap_time="0"/>
                  <device dev_id="4" mapped_blocks="0" creation_time="0" snap_time="0"/>
                </superblock>
                """).getMessage()).isEqualTo("dump.xml:3: device dev_id=4 appears twice: expected each thin device"
                + " id once");
        assertThat(failure("<pool/>").getMessage()).isEqualTo("dump.xml:1: expected <superblock> as the root"
                + " element, got <pool>");
        assertThat(failure("<superblock time=\"0\" data_block_size=\"0\"/>").getMessage())
                .contains("expected a block size in sectors greater than 0");
    }

    @Test
    void malformedXmlIsOneLineWithItsLine() {
        TableFormatException e = failure("""
                <superblock time="0" data_block_size="128">
                  <device dev_id="0" mapped_blocks="0" creation_time="0" snap_time="0">
                </superblock>
                """);
        assertThat(e.getMessage()).startsWith("dump.xml:3: not well-formed XML (").doesNotContain("\n")
                .endsWith("): expected thin_dump's XML output");
        assertThat(failure("").getMessage()).startsWith("dump.xml").doesNotContain("\n");
    }

    @Test
    void externalEntitiesAreNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "42");
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE superblock [<!ENTITY x SYSTEM "%s">]>
                <superblock time="&x;" data_block_size="128"/>
                """.formatted(secret.toUri());
        TableFormatException e = failure(xxe);
        assertThat(e.getMessage()).startsWith("dump.xml:").doesNotContain("42").doesNotContain("\n");
        for (String s : List.of(xxe, "<!DOCTYPE superblock SYSTEM \"" + secret.toUri() + "\">\n<superblock time=\"0\""
                + " data_block_size=\"128\"/>")) {
            assertThatThrownBy(() -> parse(s)).isInstanceOf(TableFormatException.class);
        }
    }
}
