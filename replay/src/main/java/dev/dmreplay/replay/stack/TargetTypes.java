package dev.dmreplay.replay.stack;

import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.dm.CacheArgs;
import dev.dmreplay.ingest.dm.CryptArgs;
import dev.dmreplay.ingest.dm.DelayArgs;
import dev.dmreplay.ingest.dm.ErrorArgs;
import dev.dmreplay.ingest.dm.LinearArgs;
import dev.dmreplay.ingest.dm.MirrorArgs;
import dev.dmreplay.ingest.dm.RaidArgs;
import dev.dmreplay.ingest.dm.SnapshotArgs;
import dev.dmreplay.ingest.dm.SnapshotOriginArgs;
import dev.dmreplay.ingest.dm.StripedArgs;
import dev.dmreplay.ingest.dm.TargetArgs;
import dev.dmreplay.ingest.dm.ThinArgs;
import dev.dmreplay.ingest.dm.ThinPoolArgs;
import dev.dmreplay.ingest.dm.ZeroArgs;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetConstructor;
import dev.dmreplay.replay.dm.TargetContext;
import dev.dmreplay.replay.block.BlockLayer;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.target.DelayTarget;
import dev.dmreplay.replay.target.ErrorTarget;
import dev.dmreplay.replay.target.LinearTarget;
import dev.dmreplay.replay.target.StripedTarget;
import dev.dmreplay.replay.target.ZeroTarget;
import dev.dmreplay.replay.target.mirror.MirrorTarget;
import dev.dmreplay.replay.target.raid1.RaidTarget;
import dev.dmreplay.replay.target.cache.CacheTarget;
import dev.dmreplay.replay.target.crypt.CryptTarget;
import dev.dmreplay.replay.target.snapshot.SnapshotOriginTarget;
import dev.dmreplay.replay.target.snapshot.SnapshotTarget;
import dev.dmreplay.replay.target.thin.ThinPoolTarget;
import dev.dmreplay.replay.target.thin.ThinTarget;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The registry of modelled target types, keyed by the table's type name (as the kernel's
 * {@code dm_register_target()} keys {@code target_type} by name). Each entry names the {@link TargetArgs} record
 * ingest's {@code TargetParser} produces for that name and the constructor that turns it into a {@link Target}.
 * A new target is one class and one {@link #register} line below.
 */
public final class TargetTypes {
    private static final Map<String, Entry<?>> TYPES = new TreeMap<>();

    static {
        register("linear", LinearArgs.class, LinearTarget::new);
        register("striped", StripedArgs.class, StripedTarget::new);
        register("error", ErrorArgs.class, (c, begin, len, a) -> new ErrorTarget(begin, len, c.knobs().zeroErrorDiscards()));
        register("zero", ZeroArgs.class, (c, begin, len, a) -> new ZeroTarget(begin, len, c.knobs().zeroErrorDiscards()));
        register("delay", DelayArgs.class, DelayTarget::new);
        register("raid", RaidArgs.class, RaidTarget::new);
        register("mirror", MirrorArgs.class, MirrorTarget::new);
        register("crypt", CryptArgs.class, CryptTarget::new);
        register("thin-pool", ThinPoolArgs.class, ThinPoolTarget::new);
        register("thin", ThinArgs.class, ThinTarget::new);
        register("snapshot", SnapshotArgs.class, SnapshotTarget::new);
        register("snapshot-merge", SnapshotArgs.class, SnapshotTarget::new);
        register("snapshot-origin", SnapshotOriginArgs.class, SnapshotOriginTarget::new);
        register("cache", CacheArgs.class, CacheTarget::new);
    }

    private record Entry<A extends TargetArgs>(Class<A> argsType, TargetConstructor<A> ctor) {
        Target create(TargetContext c, long begin, long len, TargetArgs args) {
            return ctor.create(c, begin, len, argsType.cast(args));
        }
    }

    private TargetTypes() {
    }

    private static <A extends TargetArgs> void register(String type, Class<A> argsType, TargetConstructor<A> ctor) {
        if (TYPES.put(type, new Entry<>(argsType, ctor)) != null) {
            throw new IllegalStateException("target type " + type + " registered twice");
        }
    }

    /** The modelled type names, sorted. */
    public static String modelled() {
        return String.join(", ", TYPES.keySet());
    }

    public static boolean isModelled(String type) {
        return TYPES.containsKey(type);
    }

    /**
     * Checks that a line's target type is modelled, before anything is built.
     *
     * @throws TableFormatException naming the file and line and the modelled types
     */
    public static void check(StackSpec.TargetLine line) {
        Entry<?> e = TYPES.get(line.args().type());
        if (e == null) {
            throw new TableFormatException("table line " + line + ": target type '" + line.args().type()
                    + "' is not modelled (modelled: " + modelled() + ")");
        }
        if (!e.argsType().isInstance(line.args())) {
            throw new IllegalStateException("target type " + line.args().type() + " parsed as "
                    + line.args().getClass().getSimpleName() + ", registered for " + e.argsType().getSimpleName());
        }
    }

    /**
     * Runs the constructor of a line's target type.
     *
     * @param devices stack devices by name, {@code major:minor} or path (null when unknown)
     * @throws TableFormatException naming the line for a non-modelled type, an unknown device or a feature of
     *                              the target the model refuses (the constructors' "table line ..." refusals)
     */
    public static Target create(BlockLayer layer, Knobs knobs, String mdName, StackSpec.TargetLine line,
                                Function<String, BlockDevice> devices) {
        check(line);
        TargetContext c = new TargetContext(layer.kernel, mdName, line.toString(), ref -> devices.apply(line.key(ref)),
                layer, knobs);
        try {
            return TYPES.get(line.args().type()).create(c, line.start(), line.length(), line.args());
        } catch (IllegalArgumentException e) {
            // a refusal of the table's, not a fault of the model's: bad input, one line, exit 2
            if (e.getMessage() != null && e.getMessage().startsWith("table line ")) {
                throw new TableFormatException(e.getMessage());
            }
            throw e;
        }
    }
}
