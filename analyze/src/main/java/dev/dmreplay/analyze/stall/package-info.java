/**
 * Stalls and deadlocks of a replay run: wait episodes from the observations, waits longer than a
 * threshold, what released them, and the deadlock chains the model reported.
 */
package dev.dmreplay.analyze.stall;
