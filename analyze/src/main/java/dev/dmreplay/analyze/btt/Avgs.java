package dev.dmreplay.analyze.btt;

import java.util.EnumMap;

/** btt's {@code struct avgs_info}: one {@link AvgInfo} per interval plus the completed block counts. */
public final class Avgs {
    private final EnumMap<Interval, AvgInfo> byInterval = new EnumMap<>(Interval.class);
    final AvgInfo blks = new AvgInfo();

    public Avgs() {
        for (Interval i : Interval.values()) {
            byInterval.put(i, new AvgInfo());
        }
    }

    public AvgInfo get(Interval i) {
        return byInterval.get(i);
    }

    public AvgInfo blks() {
        return blks;
    }
}
