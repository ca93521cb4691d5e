/**
 * Deadlock detection: {@link dev.dmreplay.replay.detect.WaitForChains} walks from blocked tasks through
 * what they wait on to who holds it, and reports cycles as wait-for chains; {@link dev.dmreplay.replay.detect.Outcome}
 * classifies a run.
 */
package dev.dmreplay.replay.detect;
