package dev.dmreplay.ingest.capture;

import dev.dmreplay.ingest.io.BadInputException;

/** A capture that cannot start here (not root, a tool missing, no such DM device, the bundle exists). */
public final class CaptureRefusedException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public CaptureRefusedException(String problem) {
        super("capture", -1, Unit.NONE, problem, null);
    }
}
