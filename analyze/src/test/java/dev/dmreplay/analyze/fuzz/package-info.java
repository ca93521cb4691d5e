/**
 * Jazzer fuzz tests of the analyze module's readers: the run directory as a whole ({@link
 * dev.dmreplay.analyze.run.RunDirectory}: its observation file and summary, their identity check and the analysis
 * of what they hold). Plain test runs replay the committed inputs under {@code src/test/resources/dev/dmreplay/
 * analyze/fuzz} (regression mode); {@code JAZZER_FUZZ=1} with {@code -Dtest=...} fuzzes, as {@code .ci/fuzz} does.
 */
package dev.dmreplay.analyze.fuzz;
