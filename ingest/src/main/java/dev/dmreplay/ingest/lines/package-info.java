/**
 * Line-oriented whole-I/O traces: blkreplay loads, DiskSim/MQSim ASCII, fio iologs (v2, v3) and biosnoop output,
 * each with its units stated in {@link dev.dmreplay.ingest.lines.LineTraceFormat}, read as canonical events by
 * {@link dev.dmreplay.ingest.lines.LineTraceSource}; and {@link dev.dmreplay.ingest.lines.FioIologWriter}, which
 * writes the application I/O of any trace as a fio iolog v3.
 */
package dev.dmreplay.ingest.lines;
