package dev.dmreplay.replay.observe;

/** A mempool as observations name it: its name (e.g. {@code md->bs of vg0-lv0}) and kind. */
public record PoolRef(String name, PoolKind kind) {
    public PoolRef {
        if (name == null || kind == null) {
            throw new IllegalArgumentException("a pool needs a name and a kind");
        }
    }
}
