/**
 * Evaluating an ordering ({@code dmreplay evaluate}): the scenario matrix and replays of recorded traces under a
 * chosen set of rescue strategies, each cell explored over several schedules, with the figures that tell the
 * strategies apart (outcome distribution, the lowest mempool reserve, sleeps in mempool_alloc) and the rows where
 * they differ.
 */
package dev.dmreplay.analyze.evaluate;
