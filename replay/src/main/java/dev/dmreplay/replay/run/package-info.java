/**
 * Running the model: {@link dev.dmreplay.replay.run.ReplayRun} (the run loop and the outcome),
 * {@link dev.dmreplay.replay.run.RunResult}, and {@link dev.dmreplay.replay.run.TraceReplay} (a recorded trace and
 * its dmsetup dumps turned into a machine and a workload).
 */
package dev.dmreplay.replay.run;
