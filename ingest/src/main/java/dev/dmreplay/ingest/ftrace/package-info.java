/**
 * The text of the kernel's block tracepoints (trace_pipe, trace-cmd, perf script) read as the blktrace records
 * the same hooks make: the way many production traces are taken today, with real devices, sectors and remaps.
 */
package dev.dmreplay.ingest.ftrace;
