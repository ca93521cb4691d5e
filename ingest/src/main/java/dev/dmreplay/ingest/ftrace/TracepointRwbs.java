package dev.dmreplay.ingest.ftrace;

import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.records.RecordException;

/**
 * The RWBS string of the block tracepoints ({@code blk_fill_rwbs()}, block/blk-core.c in 5.x/6.x): an optional
 * {@code F} (REQ_PREFLUSH), the operation ({@code W} write or write-zeroes, {@code R} read, {@code D} discard,
 * {@code DE} secure erase, {@code F} a flush request, {@code N} other), then {@code F} (FUA), {@code A}
 * (readahead), {@code S} (sync), {@code M} (meta). Turned into the category bits blktrace records for the same
 * bio ({@code blk_add_trace_bio()}): a flush request and an empty preflush are FLUSH|WRITE.
 */
final class TracepointRwbs {
    private TracepointRwbs() {
    }

    static int categories(String rwbs, long bytes) throws RecordException {
        int i = 0;
        int bits = 0;
        int n = rwbs.length();
        if (n >= 2 && rwbs.charAt(0) == 'F' && "WRDFN".indexOf(rwbs.charAt(1)) >= 0) {
            bits |= Category.FLUSH;
            i++;
        }
        if (i >= n) {
            throw bad(rwbs);
        }
        switch (rwbs.charAt(i++)) {
            case 'W' -> bits |= Category.WRITE;
            case 'R' -> bits |= Category.READ;
            case 'D' -> {
                bits |= Category.WRITE | Category.DISCARD;
                if (i < n && rwbs.charAt(i) == 'E') {
                    i++; // secure erase: a discard for blktrace
                }
            }
            case 'F' -> bits |= Category.FLUSH | Category.WRITE; // REQ_OP_FLUSH
            case 'N' -> {
                if (bytes == 0 && (bits & Category.FLUSH) != 0) {
                    bits |= Category.WRITE;
                }
            }
            default -> throw bad(rwbs);
        }
        if (i < n && rwbs.charAt(i) == 'F') {
            bits |= Category.FUA;
            i++;
        }
        if (i < n && rwbs.charAt(i) == 'A') {
            bits |= Category.AHEAD;
            i++;
        }
        if (i < n && rwbs.charAt(i) == 'S') {
            bits |= Category.SYNC;
            i++;
        }
        if (i < n && rwbs.charAt(i) == 'M') {
            bits |= Category.META;
            i++;
        }
        if (i != n) {
            throw bad(rwbs);
        }
        return bits;
    }

    private static RecordException bad(String rwbs) {
        return new RecordException("bad RWBS '" + rwbs + "' (expected [F]W|R|D[E]|F|N[F][A][S][M])");
    }
}
