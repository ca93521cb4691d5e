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

    /**
     * Lenient reading: opening may refuse the input (a {@link TraceFormatException}, e.g. no format recognised),
     * but once open, reading never throws: every bad record is skipped and counted.
     */
    static void drainLenient(Opener opener) throws IOException {
        EventSource s;
        try {
            s = opener.open();
        } catch (TraceFormatException refused) {
            return;
        }
        try (s) {
            for (int i = 0; i < MAX_EVENTS; i++) {
                if (s.next() == null) {
                    break;
                }
            }
        } catch (TraceFormatException e) {
            if (!e.getMessage().contains("no I/O records") && !e.getMessage().contains("reorder window")) {
                throw new AssertionError("lenient reading threw: " + e.getMessage(), e);
            }
        }
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
