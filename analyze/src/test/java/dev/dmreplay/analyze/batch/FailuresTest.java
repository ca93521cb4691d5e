package dev.dmreplay.analyze.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.io.TraceFormatException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** A batch row's error says bad input apart from a bug, so the batch's exit code (2 or 3) can too. */
class FailuresTest {

    @Test
    void badInputKeepsItsMessageAndIsNotInternal() {
        String e = Failures.describe(TraceFormatException.atLine("t.txt", 3, "bad RWBS 'X'"));
        assertThat(e).isEqualTo("t.txt:3: bad RWBS 'X'");
        assertThat(Failures.isInternal(e)).isFalse();
        assertThat(Failures.describe(OptionException.of("--pressure", "unknown pressure 'x'")))
                .isEqualTo("--pressure: unknown pressure 'x'");
        assertThat(Failures.describe(new UncheckedIOException(new NoSuchFileException("/nope"))))
                .isEqualTo("/nope: no such file");
    }

    @Test
    void anIllegalArgumentExceptionFromModelCodeIsAnInternalError() {
        String e = Failures.describe(new IllegalArgumentException("latency must be >= 0\n  at line 2"));
        assertThat(e).isEqualTo("internal error: java.lang.IllegalArgumentException: latency must be >= 0 at line 2");
        assertThat(Failures.isInternal(e)).isTrue();
    }
}
