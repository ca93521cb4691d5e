package dev.dmreplay.analyze.pressure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live clones per original (top-level) bio: clones made by DM ({@code dm piece} splits and REMAPs) that have not
 * completed yet. Per original it keeps the high-water mark and the clones made in total; the run keeps the
 * distribution of both over originals and the original with the most clones live at once.
 */
public final class CloneTracker implements BioFamily.Events {
    private final Map<Long, long[]> live = new HashMap<>(); // root -> {live, high, total}
    private final Distribution highWater = new Distribution();
    private final Distribution pieces = new Distribution();
    private long worstRoot;
    private long worst;
    private long liveNow;
    private long liveHigh;

    public CloneTracker(BioFamily family) {
        family.addListener(this);
    }

    @Override
    public void cloneBorn(long root, long clone, long time) {
        long[] s = live.computeIfAbsent(root, r -> new long[3]);
        s[0]++;
        s[2]++;
        s[1] = Math.max(s[1], s[0]);
        liveNow++;
        liveHigh = Math.max(liveHigh, liveNow);
        if (s[1] > worst || (s[1] == worst && root < worstRoot)) {
            worst = s[1];
            worstRoot = root;
        }
    }

    @Override
    public void cloneDied(long root, long clone, long time) {
        long[] s = live.get(root);
        if (s != null && s[0] > 0) {
            s[0]--;
            liveNow--;
        }
    }

    @Override
    public void rootDone(long root, List<Long> members, long time) {
        long[] s = live.remove(root);
        highWater.record(s == null ? 0 : s[1]);
        pieces.record(s == null ? 0 : s[2]);
    }

    /**
     * Distributions are over completed originals (values are clone counts, not nanoseconds);
     * {@code worstOriginal} is the bio id with the highest high-water mark (lowest id on ties, 0 if none).
     */
    public record Report(Distribution.Summary liveHighWater, Distribution.Summary clonesPerOriginal,
                         long worstOriginal, long worstLive, long liveAcrossRunHighWater) {
    }

    public Report report() {
        return new Report(highWater.summary(), pieces.summary(), worstRoot, worst, liveHigh);
    }
}
