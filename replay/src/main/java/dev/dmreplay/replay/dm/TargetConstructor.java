package dev.dmreplay.replay.dm;

import dev.dmreplay.ingest.dm.TargetArgs;

/**
 * A modelled target type's constructor ({@code target_type->ctr}): builds the target for one table line from
 * the arguments ingest's parser already typed and checked.
 *
 * @param <A> the {@link TargetArgs} record of the target type
 */
@FunctionalInterface
public interface TargetConstructor<A extends TargetArgs> {
    Target create(TargetContext ctx, long begin, long len, A args);
}
