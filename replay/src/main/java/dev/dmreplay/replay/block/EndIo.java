package dev.dmreplay.replay.block;

/** A {@code bi_end_io} callback. Runs in completion context: it must never sleep. */
@FunctionalInterface
public interface EndIo {
    void endIo(Bio bio);
}
