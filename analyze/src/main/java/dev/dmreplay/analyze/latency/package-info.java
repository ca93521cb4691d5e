/**
 * Latency analysis of a recorded trace beyond btt: percentiles of every interval, what the trace cannot
 * give and why, per-layer attribution in DM stacks, and queue depth over time.
 */
package dev.dmreplay.analyze.latency;
