package dev.dmreplay.replay.run;

import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.place.PlacedSource;
import dev.dmreplay.ingest.place.SelectionFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What placing a trace onto a chosen stack would do, before any replay ({@code info --table T --map M}): per placed
 * device the requests and how many the fit moves or truncates, the records left out and why, and how many requests
 * the window and the sample keep. Reads the trace through the same {@link PlacedSource} and
 * {@link SelectionFilter} a replay uses, so the figures are the replay's.
 *
 * @param routes        per placed device, in plan order
 * @param notPlaced     Q records on devices no rule placed
 * @param remainders    split remainders queued again on placed devices (not new requests)
 * @param outsideWindow requests outside {@code --window}
 * @param notSampled    requests {@code --sample} leaves out
 * @param kept          requests a replay submits
 * @param notes         what preparing the replay decided (placements, leaf models)
 */
public record PlacementPreview(List<PlacedSource.RouteCounts> routes, long notPlaced, long remainders,
                               long outsideWindow, long notSampled, long kept, List<String> notes) {

    /** Prepares the replay {@code s} describes (which checks the map against the table) and reads the trace once. */
    public static PlacementPreview of(TraceReplay.Setup s) throws IOException {
        if (!s.shaping().places()) {
            throw new IllegalArgumentException("a preview needs a placed trace");
        }
        TraceReplay.Prepared p = TraceReplay.prepare(s);
        p.workload().dropSpill(); // not run: the bios the survey picked are not needed
        ReadOptions ro = s.lenient() ? ReadOptions.LENIENT : ReadOptions.STRICT;
        SelectionFilter filter = new SelectionFilter(s.shaping().selection(s.seed()));
        long outside = 0;
        long unsampled = 0;
        long kept = 0;
        try (PlacedSource src = new PlacedSource(TraceOpener.open(s.trace(), ro, s.table()).events(),
                p.placement())) {
            for (BlockEvent e; (e = src.next()) != null; ) {
                if (e.isNotify()) {
                    continue;
                }
                filter.saw(e.time());
                if (e.kind() != Action.QUEUE) {
                    continue;
                }
                switch (filter.admit(e.time(), e.pid())) {
                    case KEEP -> kept++;
                    case OUTSIDE_WINDOW -> outside++;
                    case NOT_SAMPLED -> unsampled++;
                }
            }
            return new PlacementPreview(src.counts(), src.notPlaced(), src.splitRemainders(), outside, unsampled,
                    kept, new ArrayList<>(p.notes()));
        }
    }
}
