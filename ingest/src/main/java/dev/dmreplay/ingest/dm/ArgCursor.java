package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.io.TraceFormatException;
import java.util.List;

/** Walks a target's argument words, failing with the target type and what was expected. */
final class ArgCursor {
    private final String type;
    private final List<String> args;
    private int pos;

    ArgCursor(String type, List<String> args) {
        this.type = type;
        this.args = args;
    }

    TargetArgException error(String problem) {
        return new TargetArgException(type + ": " + problem);
    }

    boolean hasMore() {
        return pos < args.size();
    }

    int remaining() {
        return args.size() - pos;
    }

    String peek() {
        return pos < args.size() ? args.get(pos) : null;
    }

    String word(String what) {
        if (pos >= args.size()) {
            throw error("missing " + what + " (argument " + (pos + 1) + ")");
        }
        return args.get(pos++);
    }

    long num(String what) {
        String w = word(what);
        long v = Numbers.parseUnsigned(w);
        if (v < 0) {
            throw error(what + " '" + TraceFormatException.shorten(w) + "' is not an unsigned decimal number");
        }
        return v;
    }

    long num(String what, long min, long max) {
        long v = num(what);
        if (v < min || v > max) {
            throw error(what + " " + v + " out of range " + min + ".." + max);
        }
        return v;
    }

    /** A word count that must not exceed the words left. */
    int count(String what) {
        long n = num(what);
        if (n > remaining()) {
            throw error(what + " " + n + " but only " + remaining() + " argument(s) follow");
        }
        return (int) n;
    }

    DevRef dev(String what) {
        String w = word(what);
        try {
            return DevRef.parse(w);
        } catch (IllegalArgumentException e) {
            throw error(what + ": " + e.getMessage());
        }
    }

    /** {@code -} means absent (raid legs). */
    DevRef devOrDash(String what) {
        if ("-".equals(peek())) {
            pos++;
            return null;
        }
        return dev(what);
    }

    List<String> take(int n) {
        List<String> out = List.copyOf(args.subList(pos, pos + n));
        pos += n;
        return out;
    }

    List<String> rest() {
        return take(remaining());
    }

    void end() {
        if (hasMore()) {
            throw error("unexpected extra argument(s) '" + TraceFormatException.shorten(String.join(" ", args.subList(pos,
                    args.size()))) + "' at argument " + (pos + 1));
        }
    }
}
