package dev.dmreplay.analyze.latency;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives the completion of a split bio the range of the bio that was queued, so that it pairs with its {@code Q}.
 *
 * <p>From v5.19 ({@code dm_split_and_process_bio}, drivers/md/dm.c; v6.1 followed) dm maps the first piece of a
 * bio that crosses a target boundary, trims the original to the remainder ({@code bio_trim}, traced as
 * {@code X}) and resubmits it; the remainder carries {@code BIO_TRACE_COMPLETION} already, so it is never
 * queued again, and when the whole bio ends {@code trace_block_bio_complete} reports the original bio as it is
 * then: the sector and size of its last fragment. btt pairs records by sector and size, so such a bio has no
 * Q2C. This filter, on devices that traced a split, rewrites a completion that matches no queued bio exactly
 * but ends where a queued bio ends (and starts inside it) to that bio's sector and size. {@code analyze --btt}
 * does not use it: its output stays btt's.
 */
public final class SplitCompletionPairing implements EventSource {
    /** Queued bios remembered per device at most (the oldest are forgotten). */
    private static final int MAX_OPEN = 1 << 16;

    private record Open(long start, long end) {
    }

    private final EventSource source;
    private final Map<Integer, List<Open>> open = new HashMap<>();
    private final Set<Integer> splitting = new HashSet<>();
    private long paired;

    public SplitCompletionPairing(EventSource source) {
        this.source = source;
    }

    /** Completions rewritten to the range of their queued bio. */
    public long paired() {
        return paired;
    }

    @Override
    public BlockEvent next() throws IOException {
        BlockEvent e = source.next();
        if (e == null || e.isNotify() || e.isPc()) {
            return e;
        }
        Action k = e.kind();
        if (k == Action.QUEUE && e.sectors() > 0) {
            List<Open> l = open.computeIfAbsent(e.device(), d -> new ArrayList<>());
            l.add(new Open(e.sector(), e.sector() + e.sectors()));
            if (l.size() > MAX_OPEN) {
                l.remove(0);
            }
        } else if (k == Action.SPLIT) {
            splitting.add(e.device());
        } else if (k == Action.COMPLETE && e.sectors() > 0) {
            return complete(e);
        }
        return e;
    }

    private BlockEvent complete(BlockEvent e) {
        List<Open> l = open.get(e.device());
        if (l == null) {
            return e;
        }
        long start = e.sector();
        long end = start + e.sectors();
        boolean exact = false;
        for (Iterator<Open> it = l.iterator(); it.hasNext(); ) {
            Open o = it.next();
            if (o.start() >= start && o.end() <= end) { // the bio itself, or one merged into this request
                exact |= o.start() == start && o.end() == end;
                it.remove();
            }
        }
        if (exact || !splitting.contains(e.device())) {
            return e;
        }
        for (Iterator<Open> it = l.iterator(); it.hasNext(); ) {
            Open o = it.next();
            if (o.end() == end && o.start() < start) {
                it.remove();
                paired++;
                return new BlockEvent(e.time(), e.sequence(), o.start(), (int) ((o.end() - o.start()) * 512),
                        e.action(), e.pid(), e.device(), e.cpu(), e.error(), e.pdu(), e.actionExt());
            }
        }
        return e;
    }

    @Override
    public SkipReport skipped() {
        return source.skipped();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
