/**
 * Jazzer fuzz tests of the replay module's readers (run directories, scenario files). Plain test runs replay the
 * committed inputs under {@code src/test/resources/dev/dmreplay/replay/fuzz} (regression mode); {@code
 * JAZZER_FUZZ=1} with {@code -Dtest=...} fuzzes.
 */
package dev.dmreplay.replay.fuzz;
