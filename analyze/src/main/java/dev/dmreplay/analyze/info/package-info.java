/**
 * What a recorded trace holds and what looks wrong in it ({@code dmreplay info}), as one typed value,
 * {@link dev.dmreplay.analyze.info.TraceInfo}: {@link dev.dmreplay.analyze.info.TraceInfoCollector} counts records in
 * one pass and bounded memory, {@link dev.dmreplay.analyze.info.TraceInfoReader} adds the bundle's names and DM
 * table, and {@link dev.dmreplay.analyze.info.TraceOverview} reads a trace once for a report: info, btt-compatible
 * analysis and timeline, with one btt engine feeding both latency views. Rendering (text, JSON, HTML) lives in
 * {@code reports.render}.
 */
package dev.dmreplay.analyze.info;
