package dev.dmreplay.replay.block;

/** {@code REQ_OP_*} values the model distinguishes. */
public enum Op {
    READ, WRITE, DISCARD, SECURE_ERASE, WRITE_SAME, WRITE_ZEROES;

    /** Ops DM treats as "abnormal" (sent with {@code __send_changing_extent_only} / duplicate bios). */
    public boolean abnormal() {
        return this == DISCARD || this == SECURE_ERASE || this == WRITE_SAME || this == WRITE_ZEROES;
    }

    public boolean isWrite() {
        return this != READ;
    }
}
