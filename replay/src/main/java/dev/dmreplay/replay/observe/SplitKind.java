package dev.dmreplay.replay.observe;

/**
 * How a SPLIT observation made a new bio, and which of the two bios it names where. The {@link #detail} text is
 * what the observation's free-text detail says (unchanged since format version 1).
 */
public enum SplitKind {
    /**
     * {@code __split_and_process_non_flush} cloned one target piece of the original: {@code bio} = the clone,
     * {@code value} = the original it was cloned from.
     */
    DM_PIECE("dm piece"),
    /**
     * G2 (v4.16): the part still to do is resubmitted — {@code bio} = the original, advanced past what was mapped,
     * {@code value} = the {@code bio_clone_bioset} clone that now stands for the mapped part ({@code io->orig_bio}).
     */
    DM_REMAINDER("remainder resubmitted"),
    /**
     * G3 (≈v5.15): the mapped head was split off with {@code bio_split} — {@code bio} = the original (now the
     * remainder, resubmitted), {@code value} = the head.
     */
    DM_SPLIT_HEAD("bio_split head"),
    /**
     * G4 (v6.0+): the original was {@code bio_trim}med to the remainder and resubmitted, no new bio —
     * {@code bio} = the original (now the remainder), {@code value} = the same id.
     */
    DM_TRIM("bio_trim remainder"),
    /** Block layer {@code bio_split}: {@code bio} = the new head, {@code value} = the bio it was split from. */
    BIO_SPLIT("bio_split");

    private final String detail;

    SplitKind(String detail) {
        this.detail = detail;
    }

    /** The free-text detail written with the observation. */
    public String detail() {
        return detail;
    }

    /** True when {@code bio} is the original that goes on (resubmitted) and {@code value} the new bio. */
    public boolean resubmitsOriginal() {
        return this == DM_REMAINDER || this == DM_SPLIT_HEAD || this == DM_TRIM;
    }
}
