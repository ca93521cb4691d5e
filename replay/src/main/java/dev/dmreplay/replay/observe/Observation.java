package dev.dmreplay.replay.observe;

/**
 * One typed observation. {@code bio} is the model's bio id (0 if none), {@code value} depends on the kind
 * (see {@link ObservationKind}). Strings are names, never formatted reports.
 */
public record Observation(long time, ObservationKind kind, String task, String device, String resource, long bio,
                          long sector, int sectors, long value, String detail) {
}
