package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FidelityCommandTest {

    @Test
    void jsonHasTheIssueShapeAndCountsEveryTopLevelBio() throws Exception {
        CliRun r = CliRun.of("fidelity", "--json", CliRun.traces().resolve("real-striped").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.path("bios").asLong()).isEqualTo(2718);
        assertThat(j.path("matched").asLong()).isEqualTo(2718);
        assertThat(j.path("byTarget").path("striped").path("kernel").asLong()).isEqualTo(2934);
        assertThat(j.path("latency").path("str").path("kernel").path("n").asLong()).isEqualTo(2718);
        assertThat(j.path("dispatches").path("254:0").path("kernel").asLong()).isEqualTo(1391);
        assertThat(j.has("workerIo")).isTrue();
        assertThat(j.path("mismatches").isArray()).isTrue();
        // deterministic: the same inputs print the same bytes
        assertThat(CliRun.of("fidelity", "--json", CliRun.traces().resolve("real-striped").toString()).out())
                .isEqualTo(r.out());
    }

    @Test
    void openLoopLetsEveryBioInAtItsRecordedTimeAndSaysSo() throws Exception {
        String thinSnap = CliRun.traces().resolve("real-thin-snap").toString();
        CliRun open = CliRun.of("fidelity", "--json", "--open-loop", thinSnap);
        assertThat(open.code()).as(open.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(open.out());
        assertThat(j.path("matched").asLong()).isEqualTo(j.path("bios").asLong()).isEqualTo(1405);
        assertThat(j.path("notes").toString()).contains("open loop: every top-level bio entered the model");
        // the default bounds the bios in flight as replay does, and says nothing of an open loop
        JsonNode d = new ObjectMapper().readTree(CliRun.of("fidelity", "--json", thinSnap).out());
        assertThat(d.path("bios").asLong()).isEqualTo(1405);
        assertThat(d.path("notes").toString()).doesNotContain("open loop");
    }

    @Test
    void latencyByKindAndEveryBioAsCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bios.csv");
        CliRun r = CliRun.of("fidelity", "--json", "--bios", csv.toString(),
                CliRun.traces().resolve("real-linear").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        // per kind of top-level bio, on the top device and for the lower bios of those bios
        JsonNode reads = j.path("latencyByOp").path("lin read");
        JsonNode writes = j.path("latencyByOp").path("lin sync write");
        JsonNode flushes = j.path("latencyByOp").path("lin flush");
        assertThat(reads.path("kernel").path("n").asLong() + writes.path("kernel").path("n").asLong()
                + flushes.path("kernel").path("n").asLong() + j.path("latencyByOp").path("lin discard").path("kernel")
                .path("n").asLong()).isEqualTo(2718);
        assertThat(j.path("latencyByOp").path("254:0 read").path("model").path("n").asLong())
                .isEqualTo(reads.path("model").path("n").asLong());
        java.util.List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("queued_ns,device,rwbs,sector,sectors,kind,exact,kernel_q2c_ns,model_q2c_ns,"
                + "kernel_lower,model_lower");
        assertThat(lines).hasSize(1 + 2718);
        String[] first = lines.get(1).split(",", -1);
        assertThat(first[1]).isEqualTo("lin");
        assertThat(first[6]).isEqualTo("true");
        assertThat(Long.parseLong(first[7])).isPositive();
        assertThat(Long.parseLong(first[8])).isPositive();
        assertThat(first[9]).isEqualTo(first[10]).startsWith("254:0 ");
        assertThat(lines.stream().filter(l -> l.contains(",flush,")).count())
                .isEqualTo(flushes.path("kernel").path("n").asLong());
    }

    @Test
    void textNamesTheMatchRateAndTheTopDevice() {
        CliRun r = CliRun.of("fidelity", CliRun.traces().resolve("real-linear").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("exact lower bios (device, sector, size, rwbs): 2718 of 2718 (100.00 %)")
                .contains("  lin ");
    }

    @Test
    void thinMetadataFromTheBundleOrTheOptionAndABadDumpIsOneLine(@TempDir Path dir) throws Exception {
        String bundle = CliRun.traces().resolve("real-thin-snap").toString();
        CliRun r = CliRun.of("fidelity", "--json", bundle);
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.path("workerIo").path("tdata").path("thin-data copy read").path("model").asLong())
                .as("the pool starts from thin-dump-before.xml: sharing breaks as in the kernel").isEqualTo(489);
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, "<superblock time=\"1\" data_block_size=\"128\">\n  <device dev_id=\"0\"/>\n"
                + "</superblock>\n");
        CliRun refused = CliRun.of("fidelity", "--thin-metadata", bad.toString(), bundle);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.errLines()).containsExactly("dmreplay: " + bad + ":2: <device> without attribute"
                + " mapped_blocks: expected mapped_blocks=\"N\"");
    }

    @Test
    void aTraceWithoutItsLowerDevicesIsRefusedInOneLine() {
        CliRun r = CliRun.of("fidelity", CliRun.traces().resolve("no-such-bundle").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
    }
}
