/**
 * dm-snapshot: the {@code snapshot}, {@code snapshot-origin} and {@code snapshot-merge} targets with their exception
 * stores (drivers/md/dm-snap.c, dm-exception-store.c, dm-snap-persistent.c, dm-snap-transient.c), in the two
 * locking eras of {@link dev.dmreplay.replay.strategy.Knobs.SnapshotLocking}: v4.15 (exclusive snapshot lock,
 * {@code pending_complete} waiting for tracked reads while holding it) and v5.3+ (read lock, per-bucket locks,
 * the wait without locks, {@code cow_count}).
 *
 * <p>Copies go through {@link dev.dmreplay.replay.kcopyd.KcopydClient} (one client and one "kcopyd" worker per
 * snapshot), so chunk reads from the origin, COW writes and metadata writes are real bios of the model. Where
 * each target's {@code map()} may block is listed in {@link dev.dmreplay.replay.target.snapshot.SnapshotMap},
 * {@link dev.dmreplay.replay.target.snapshot.SnapshotOriginTarget} and the merge map.
 */
package dev.dmreplay.replay.target.snapshot;
