package dev.dmreplay.ingest.lines;

import dev.dmreplay.ingest.records.IoRecord;
import dev.dmreplay.ingest.records.RecordException;

/** Parses one line of a line-oriented whole-I/O trace; a parser may keep state across lines (headers, waits). */
interface LineParser {
    /** The I/O on this line, or null for a line that carries none (comment, header, file open/close). */
    IoRecord parse(String line) throws RecordException;
}
