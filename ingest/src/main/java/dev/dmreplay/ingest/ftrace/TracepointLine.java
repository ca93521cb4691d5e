package dev.dmreplay.ingest.ftrace;

import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.records.RecordException;

/**
 * The common part of one event line as the kernel's trace buffer ({@code trace_pipe}), {@code trace-cmd report}
 * and {@code perf script} print it: {@code <comm>-<pid> [cpu] [flags] <seconds>: [block:]<event>: <fields>}
 * (ftrace, trace-cmd) or {@code <comm> <pid> [cpu] <seconds>: block:<event>: <fields>} (perf). The event name and
 * its fields are found after the last {@code block_}/{@code block:block_} marker, so a command name with spaces
 * or colons does not confuse it.
 *
 * @param event  the tracepoint name without {@code block_} ({@code rq_issue})
 * @param fields what the tracepoint's {@code TP_printk} printed
 */
record TracepointLine(String comm, int pid, int cpu, long timeNs, String event, String fields) {

    /** The line's parts, or null when it is no block tracepoint event (headers, other events, comments). */
    static TracepointLine parse(String line) throws RecordException {
        int at = line.indexOf(" block:block_");
        int nameStart;
        if (at >= 0) {
            nameStart = at + " block:block_".length();
        } else {
            at = line.indexOf(" block_");
            if (at < 0) {
                return null;
            }
            nameStart = at + " block_".length();
        }
        int colon = line.indexOf(':', nameStart);
        if (colon < 0) {
            return null;
        }
        String event = line.substring(nameStart, colon);
        String fields = line.substring(colon + 1).strip();
        String head = line.substring(0, at).stripTrailing();
        if (!head.endsWith(":")) {
            return null; // "block_" inside a command name, not an event
        }
        head = head.substring(0, head.length() - 1);
        int sp = head.lastIndexOf(' ');
        String seconds = head.substring(sp + 1);
        long ns = seconds(seconds);
        int open = head.lastIndexOf('[', sp);
        int close = open < 0 ? -1 : head.indexOf(']', open);
        if (open < 0 || close < 0) {
            throw new RecordException("no [cpu] before the time " + seconds);
        }
        int cpu = (int) unsigned(head.substring(open + 1, close).strip(), "cpu");
        String task = head.substring(0, open).strip();
        String comm;
        int pid;
        int dash = task.lastIndexOf('-');
        int space = task.lastIndexOf(' ');
        if (space > dash && space >= 0 && isDigits(task.substring(space + 1))) {
            comm = task.substring(0, space).strip(); // perf script: comm pid
            pid = (int) unsigned(task.substring(space + 1), "pid");
        } else if (dash >= 0 && isDigits(task.substring(dash + 1))) {
            comm = task.substring(0, dash); // ftrace: comm-pid
            pid = (int) unsigned(task.substring(dash + 1), "pid");
        } else {
            throw new RecordException("expected 'comm-pid' or 'comm pid' before [" + cpu + "], got '" + task + "'");
        }
        return new TracepointLine(comm, pid, cpu, ns, event, fields);
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    /** An unsigned decimal up to 64 bits (sectors are {@code %llu}); above Long.MAX_VALUE as its bits. */
    static long unsigned(String s, String what) throws RecordException {
        if (!isDigits(s) || s.length() > 20) {
            throw new RecordException(what + " '" + s + "' is not an unsigned integer");
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new RecordException(what + " '" + s + "' is larger than 64 bits");
        }
    }

    /** {@code 1234.567890} seconds (µs in ftrace, ns with trace-cmd -t or perf --ns) as nanoseconds. */
    static long seconds(String s) throws RecordException {
        int dot = s.indexOf('.');
        if (dot <= 0 || !isDigits(s.substring(0, dot)) || !isDigits(s.substring(dot + 1))) {
            throw new RecordException("time '" + s + "' is not seconds.fraction");
        }
        String wholeText = s.substring(0, dot);
        if (wholeText.length() > 10) {
            throw new RecordException("time '" + TraceFormatException.shorten(s) + "' is beyond 64-bit nanoseconds");
        }
        long whole = Long.parseLong(wholeText);
        String frac = s.substring(dot + 1);
        long ns = 0;
        long scale = 100_000_000L;
        for (int i = 0; i < frac.length() && scale > 0; i++, scale /= 10) {
            ns += (frac.charAt(i) - '0') * scale;
        }
        return whole * 1_000_000_000L + ns;
    }
}
