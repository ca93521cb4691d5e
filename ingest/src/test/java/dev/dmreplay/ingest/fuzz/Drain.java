package dev.dmreplay.ingest.fuzz;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.TraceFormatException;
import java.io.IOException;

/** Shared by the fuzz tests: reads a source to its end; only {@link TraceFormatException} may escape. */
final class Drain {
    /** Upper bound on events read per input, so a pathological input cannot make one run take forever. */
    static final int MAX_EVENTS = 1 << 20;

    private Drain() {
    }

    interface Opener {
        EventSource open() throws IOException;
    }

    /** Opens, drains and closes; a {@link TraceFormatException} anywhere is the expected rejection. */
    static void drain(Opener opener) throws IOException {
        try (EventSource s = opener.open()) {
            for (int i = 0; i < MAX_EVENTS && s.next() != null; i++) {
                // just read
            }
        } catch (TraceFormatException expected) {
            // bad input, rejected the documented way
        }
    }
}
