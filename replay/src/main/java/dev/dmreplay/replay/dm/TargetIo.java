package dev.dmreplay.replay.dm;

import dev.dmreplay.replay.block.Bio;

/**
 * {@code struct dm_target_io}: the front pad of a DM clone (the clone is {@link #clone}); {@code inside_dm_io}
 * for the tio embedded in {@code dm_io} (v4.16, 64f52b0e3148).
 */
public final class TargetIo {
    public DmIo io;
    public final Target ti;
    public final int targetBioNr;
    public final Bio clone;
    public final boolean insideDmIo;
    /** {@code *len_ptr}: the sectors this piece covers (shrunk by dm_accept_partial_bio). */
    public long len;
    /** The {@code DM_MAPIO_*} a map that returned {@link DmMapio#CALLED} leaves here before its frame returns. */
    public DmMapio mapio;
    /** Per-bio data for the target ({@code dm_per_bio_data}); null until the target sets it. */
    public PerBioData perBioData;
    TargetIo prevLive;
    TargetIo nextLive;

    TargetIo(DmIo io, Target ti, int targetBioNr, Bio clone, boolean insideDmIo) {
        this.io = io;
        this.ti = ti;
        this.targetBioNr = targetBioNr;
        this.clone = clone;
        this.insideDmIo = insideDmIo;
        clone.owner = this;
    }

    /**
     * The target's per-bio data as its own type, or null when it set none. A value of another type is a bug in the
     * target (each target reads only what it wrote), so it fails loudly rather than being taken for absent.
     */
    public <T extends PerBioData> T perBio(Class<T> type) {
        if (perBioData == null) {
            return null;
        }
        if (!type.isInstance(perBioData)) {
            throw new IllegalStateException(ti.type() + " per-bio data is a " + perBioData.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(perBioData);
    }

    /** {@code dm_accept_partial_bio(bio, n_sectors)}: the clone covers only the first n sectors. */
    public void acceptPartial(int sectors) {
        if (sectors <= 0 || sectors > clone.sectors) {
            throw new IllegalArgumentException("dm_accept_partial_bio(" + sectors + ") of " + clone);
        }
        len -= clone.sectors - sectors;
        clone.sectors = sectors;
    }

    public MappedDevice md() {
        return io.md;
    }
}
