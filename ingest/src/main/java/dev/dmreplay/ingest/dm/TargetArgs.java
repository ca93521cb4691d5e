package dev.dmreplay.ingest.dm;

import java.util.List;

/**
 * The parsed arguments of one table segment's target, one record per target type (the fields follow the
 * target's constructor, {@code drivers/md/dm-*.c *_ctr}, Linux 6.x). Unknown targets are kept as
 * {@link GenericTargetArgs}.
 */
public sealed interface TargetArgs permits LinearArgs, StripedArgs, ErrorArgs, ZeroArgs, SnapshotOriginArgs,
        SnapshotArgs, ThinPoolArgs, ThinArgs, CacheArgs, WritecacheArgs, CryptArgs, MirrorArgs, RaidArgs,
        DelayArgs, FlakeyArgs, MultipathArgs, EraArgs, IntegrityArgs, VerityArgs, GenericTargetArgs {

    /** The target type name as in the table ({@code linear}, {@code thin-pool}, ...). */
    String type();

    /** Every device the target opens ({@code dm_get_device}), in argument order. */
    List<DevRef> devices();

    /**
     * The parameter string as the kernel prints it in {@code dmsetup table} (without start, length and type).
     * Secrets (crypt keys, integrity hash/crypt keys) are replaced by zeros of the same length, as dmsetup does
     * without {@code --showkeys}; keyring references are printed as they are.
     */
    String params();

    /** {@code type params}, what follows start and length on a table line. */
    default String render() {
        String p = params();
        return p.isEmpty() ? type() : type() + " " + p;
    }
}
