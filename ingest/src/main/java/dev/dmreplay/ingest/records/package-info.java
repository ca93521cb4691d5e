/**
 * Whole-I/O traces (one line or row per application I/O, as CSV traces, blkreplay loads, DiskSim ASCII, fio
 * iologs and biosnoop print them) turned into canonical block events: {@link dev.dmreplay.ingest.records.IoRecord}
 * in canonical units, and {@link dev.dmreplay.ingest.records.IoRecordStream}, which reorders nearly sorted input
 * within a window and emits a Q (and, with a response time, a C) per record.
 */
package dev.dmreplay.ingest.records;
