package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command line of {@code dmreplay capture}; the capture itself is tested with fake tools in ingest. */
class CaptureCommandTest {
    @Test
    void wantsEitherSecondsOrACommand() {
        CliRun none = CliRun.of("capture", "vol", "-o", "b");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("give -t SECONDS or a command after --");
        CliRun both = CliRun.of("capture", "vol", "-o", "b", "-t", "5", "--", "sleep", "1");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        CliRun negative = CliRun.of("capture", "vol", "-o", "b", "-t", "-3");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).contains("--seconds");
    }
}
