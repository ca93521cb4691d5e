package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmreplay replay} on the real dm-cache capture: every bio completes, the summary shows the cache's
 * migration copies and metadata commits next to the kernel's, the model's {@code dmsetup status} fields and the
 * cache's pools, and two runs with the same seed write the same summary and observations.
 */
class CacheReplayCommandTest {
    @Test
    void replaysTheRealCacheTraceDeterministicallyWithItsOwnIoAndPools(@TempDir Path dir) throws Exception {
        Path bundle = CliRun.traces().resolve("real-cache");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        String out = null;
        for (Path o : new Path[] {a, b}) {
            ReplayCommandTest.Result r = ReplayCommandTest.run("replay", bundle.toString(), "--strategy", "MODERN",
                    "--seed", "7", "-o", o.toString());
            assertThat(r.code()).as(r.err()).isZero();
            out = r.out();
        }
        assertThat(out).contains("bios completed 2908 of 2908").contains("outcome FINE")
                .containsPattern("corig +R +worker +128 +128 +COPY_READ")
                .containsPattern("cfast +R +worker +256 +256 +COPY_READ")
                .containsPattern("cmeta +W +worker +50 +\\d+ +METADATA_WRITE")
                .contains("cached: 0 524288 cache 128 256/1024 2000 0 ")
                .contains("migration_pool of cached").contains("prison v2 cell_pool of cached");
        assertThat(Files.readString(a.resolve("summary.json"))).isEqualTo(Files.readString(b.resolve("summary.json")));
        assertThat(Files.readAllBytes(a.resolve("observations.parquet")))
                .isEqualTo(Files.readAllBytes(b.resolve("observations.parquet")));
    }
}
