package dev.dmreplay.replay.observe;

import dev.dmreplay.replay.block.Bio;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The request flags of a bio the observations keep ({@code REQ_PREFLUSH}, {@code REQ_FUA}, {@code REQ_RAHEAD},
 * {@code REQ_SYNC}, {@code REQ_META}, {@code REQ_NOMERGE} of include/linux/blk_types.h v6.1). blktrace's rwbs
 * shows all but NOMERGE; the {@code flags} column of the Parquet file (format version 3) has them all.
 */
public enum BioFlag {
    PREFLUSH(Bio.PREFLUSH), FUA(Bio.FUA), RAHEAD(Bio.RAHEAD), SYNC(Bio.SYNC), META(Bio.META), NOMERGE(Bio.NOMERGE);

    private final int bit;

    BioFlag(int bit) {
        this.bit = bit;
    }

    /** Every combination, made once: an observation per bio event must not allocate a set. */
    private static final List<Set<BioFlag>> SETS;

    static {
        List<Set<BioFlag>> l = new ArrayList<>();
        for (int word = 0; word < 1 << values().length; word++) {
            EnumSet<BioFlag> s = EnumSet.noneOf(BioFlag.class);
            for (BioFlag f : values()) {
                if ((word & (1 << f.ordinal())) != 0) {
                    s.add(f);
                }
            }
            l.add(Collections.unmodifiableSet(s));
        }
        SETS = List.copyOf(l);
    }

    /** The flags set in a bio's {@code flags} word (an unmodifiable set). */
    public static Set<BioFlag> of(int bioFlags) {
        int word = 0;
        for (BioFlag f : values()) {
            if ((bioFlags & f.bit) != 0) {
                word |= 1 << f.ordinal();
            }
        }
        return SETS.get(word);
    }
}
