package dev.dmreplay.ingest.place;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.SplitRemainders;
import java.io.IOException;
import java.util.Map;

/**
 * A trace seen through a {@link PlacementPlan}: the application Q records of each placed device, moved onto the
 * mapped device it was placed on (device number, and the sector as the {@link Fit} says), and the process notes;
 * everything else is left out (completions, remaps, the lower devices' records, devices no rule placed), with
 * every left-out Q record counted. Streams: memory is one split-remainder entry per task and device.
 */
public final class PlacedSource implements EventSource {
    /** 4 KiB in sectors: placement keeps an aligned request aligned. */
    private static final long ALIGN = 8;

    private final EventSource in;
    private final Map<Integer, PlacementPlan.Route> routes;
    private final Fit fit;
    private final SplitRemainders remainders = new SplitRemainders();
    private final long[] placed;
    private final long[] moved;
    private final long[] truncated;
    private final Map<Integer, Integer> index = new java.util.HashMap<>();
    private long notPlaced;
    private long splitRemainders;

    public PlacedSource(EventSource in, PlacementPlan plan) {
        this.in = in;
        this.routes = plan.byTraceDevice();
        this.fit = plan.fit();
        int i = 0;
        for (int dev : routes.keySet()) {
            index.put(dev, i++);
        }
        placed = new long[i];
        moved = new long[i];
        truncated = new long[i];
    }

    @Override
    public BlockEvent next() throws IOException {
        BlockEvent e;
        while ((e = in.next()) != null) {
            if (e.isNotify()) {
                return e;
            }
            Action k = e.kind();
            PlacementPlan.Route r = routes.get(e.device());
            if (k == Action.SPLIT && r != null) {
                remainders.split(e);
            }
            if (k != Action.QUEUE) {
                continue;
            }
            if (r == null) {
                notPlaced++;
                continue;
            }
            if (remainders.isRemainder(e)) {
                splitRemainders++;
                continue;
            }
            return place(e, r, index.get(e.device()));
        }
        return null;
    }

    private BlockEvent place(BlockEvent e, PlacementPlan.Route r, int i) {
        placed[i]++;
        long size = r.targetSectors();
        long len = e.sectors();
        long sector = e.sector();
        if (len > size) {
            truncated[i]++;
            len = size;
            sector = 0;
        } else {
            long s = switch (fit) {
                case WRAP -> sector + len <= size ? sector : sector % size;
                case SCALE -> r.extent() <= size ? sector : scaled(sector, size, r.extent());
            };
            if (s + len > size) {
                s = size - len;
            }
            if (s != sector) {
                if (sector % ALIGN == 0) {
                    s -= s % ALIGN;
                }
                moved[i]++;
            }
            sector = s;
        }
        if (sector == e.sector() && len == e.sectors() && r.targetDevice() == e.device()) {
            return e;
        }
        return new BlockEvent(e.time(), e.sequence(), sector, (int) (len << 9), e.action(), e.pid(),
                r.targetDevice(), e.cpu(), e.error(), e.pdu(), e.actionExt());
    }

    /** {@code sector × size / extent}, exact in 128 bits (sectors of a 2^64-byte device would overflow a long). */
    static long scaled(long sector, long size, long extent) {
        return java.math.BigInteger.valueOf(sector).multiply(java.math.BigInteger.valueOf(size))
                .divide(java.math.BigInteger.valueOf(extent)).longValueExact();
    }

    /** What placement did to one route's records so far. */
    public record RouteCounts(PlacementPlan.Route route, long placed, long moved, long truncated) {
    }

    /** Per route, in plan order. */
    public java.util.List<RouteCounts> counts() {
        java.util.List<RouteCounts> out = new java.util.ArrayList<>();
        for (Map.Entry<Integer, PlacementPlan.Route> en : routes.entrySet()) {
            int i = index.get(en.getKey());
            out.add(new RouteCounts(en.getValue(), placed[i], moved[i], truncated[i]));
        }
        return out;
    }

    /** Q records on devices no rule placed (lower devices of a traced stack, devices left out of {@code --map}). */
    public long notPlaced() {
        return notPlaced;
    }

    /** Q records on placed devices that were split remainders queued again (older kernels). */
    public long splitRemainders() {
        return splitRemainders;
    }

    @Override
    public SkipReport skipped() {
        return in.skipped();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
