package dev.dmreplay.replay.observe;

/** Receives observations in simulation order. */
@FunctionalInterface
public interface ObservationListener {
    void on(Observation o);

    /** Called once when the run ends. */
    default void finish() {
    }
}
