package dev.dmreplay.analyze.latency;

import static dev.dmreplay.analyze.btt.Ev.SDA;
import static dev.dmreplay.analyze.btt.Ev.ev;
import static dev.dmreplay.analyze.btt.Ev.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisFilesTest {

    @Test
    void writesJsonAndCsvFilesAtomicallyAndDeterministically(@TempDir Path dir) throws Exception {
        Analysis a = TraceAnalyzerTest.run(List.of(q(0, SDA, 0, 8), ev('D', 100, SDA, 0, 8, 1),
                ev('C', 1_100, SDA, 0, 8, 0)));
        AnalysisFiles.write(a, dir.resolve("out"), "t.bin");
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("analysis.json", "intervals.csv", "latency-per-second.csv", "queue-depth.csv");
        }
        JsonNode root = new ObjectMapper().readTree(dir.resolve("out/analysis.json").toFile());
        assertThat(root.get("events").asLong()).isEqualTo(3);
        assertThat(root.get("btt_exact").asBoolean()).isTrue();
        assertThat(root.get("queued_never_completed").asLong()).isZero();
        assertThat(root.get("devices").get(0).get("device").asText()).isEqualTo("8,0");
        JsonNode q2c = null;
        for (JsonNode n : root.get("intervals")) {
            if (n.get("interval").asText().equals("Q2C") && n.get("device").asText().equals("ALL")) {
                q2c = n;
            }
        }
        assertThat(q2c).isNotNull();
        assertThat(q2c.get("max_ns").asLong()).isEqualTo(1_100);
        List<String> csv = Files.readAllLines(dir.resolve("out/intervals.csv"));
        assertThat(csv.get(0)).isEqualTo("interval,device,n,min_ns,mean_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns");
        assertThat(csv).contains("D2C,\"8,0\",1,1000,1000.0,1000,1000,1000,1000,1000");
        assertThat(Files.readAllLines(dir.resolve("out/queue-depth.csv")))
                .containsExactly("second,device,avg_depth,max_depth", "0,\"8,0\",1.000,1");
        assertThat(Files.readAllLines(dir.resolve("out/latency-per-second.csv")).get(0))
                .isEqualTo("second,interval,device,n,mean_ns,max_ns");

        byte[] first = Files.readAllBytes(dir.resolve("out/analysis.json"));
        AnalysisFiles.write(a, dir.resolve("out"), "t.bin");
        assertThat(Files.readAllBytes(dir.resolve("out/analysis.json"))).isEqualTo(first);
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files.filter(p -> p.getFileName().toString().contains(".tmp"))).isEmpty();
        }
    }
}
