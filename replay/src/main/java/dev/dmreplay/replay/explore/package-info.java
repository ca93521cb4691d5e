/**
 * Schedule exploration: running one scenario cell or replay under many interleavings instead of the one
 * lock-step interleaving, because a FINE from one schedule only means "not observed". {@link
 * dev.dmreplay.replay.explore.RandomSchedule} perturbs same-time event order, CPU time at yield points, arrival
 * times and preemption, all derived from a seed; {@link dev.dmreplay.replay.explore.FlipSchedule} is the
 * systematic, preemption-bounded search (in the spirit of CHESS's iterative context bounding); {@link
 * dev.dmreplay.replay.explore.Explorer} runs either and summarises the cell (worst outcome, counts, witness).
 */
package dev.dmreplay.replay.explore;
