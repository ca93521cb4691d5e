/**
 * Analysis of a replay run directory: reads its observations through
 * {@code dev.dmreplay.replay.observe.ObservationReader} and its summary, combines pool pressure, latency of
 * top-level bios, stalls and rescue activity into a {@link dev.dmreplay.analyze.run.RunReport}, and renders it as
 * text, JSON and CSV.
 */
package dev.dmreplay.analyze.run;
