package dev.dmreplay.replay.target.cache;

import dev.dmreplay.ingest.dm.CacheArgs;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioAlloc;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.dm.DmEndio;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetContext;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import java.util.List;

/**
 * The cache target ({@code cache_ctr}, {@code cache_create}, {@code cache_map}, {@code cache_end_io} of
 * drivers/md/dm-cache-target.c v6.1): {@code cache <metadata dev> <cache dev> <origin dev> <block size>
 * <#features> [writeback|writethrough|passthrough|metadata2|no_discard_passdown] <policy> <#policy args> [key
 * value]}. As {@code cache_create} sets them: {@code max_io_len} = the block size (bios never cross a cache
 * block), two flush bios ({@code num_flush_bios = 2}: the first goes to the origin, the second to the cache, both
 * after the next commit), one discard bio. The map path runs {@code map_bio} in the submitting task (never sleeps:
 * its allocations are {@code GFP_NOWAIT}, a write-through write's origin clone aside); {@code cache_end_io} drops
 * the bio's shared lock and ends its io-tracker accounting. The state and the workers are in {@link Cache}.
 */
public final class CacheTarget extends Target {
    private final Cache cache;

    public CacheTarget(TargetContext c, long begin, long len, CacheArgs a) {
        super(begin, len);
        BlockDevice origin = c.device(a.origin());
        BlockDevice cacheDev = c.device(a.cache());
        if (len > origin.capacity) {
            throw new IllegalArgumentException("table line " + c.line() + ": Device size larger than cached device");
        }
        if (a.blockSectors() > cacheDev.capacity) {
            throw new IllegalArgumentException("table line " + c.line()
                    + ": Data block size is larger than the cache device");
        }
        this.cache = newCache(c, a);
        maxIoLen = a.blockSectors();
        numFlushBios = 2;
        numDiscardBios = 1;
    }

    private static Cache newCache(TargetContext c, CacheArgs a) {
        try {
            Cache cache = new Cache(c.kernel(), c.mdName(), c.device(a.metadata()), c.device(a.cache()),
                    c.device(a.origin()), a.blockSectors(), a.features(), a.policy(), a.policyArgs());
            long phase = c.knobs().targets().cacheWakerPhaseNs();
            if (phase > 0) {
                cache.wakerFirstTickAfter(phase);
            }
            return cache;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("table line " + c.line() + ": " + e.getMessage(), e);
        }
    }

    public Cache cache() {
        return cache;
    }

    @Override
    public String type() {
        return "cache";
    }

    @Override
    public List<BlockDevice> devices() {
        return List.of(cache.metaDev, cache.cacheDev, cache.originDev);
    }

    @Override
    public boolean issuesOwnIo() {
        return true;
    }

    @Override
    public List<Mempool> mempools() {
        return cache.mempools();
    }

    @Override
    public DmMapio map(Task t, TargetIo tio) {
        Cache.PerBio pb = new Cache.PerBio(tio.targetBioNr);
        tio.perBioData = pb;
        Bio bio = tio.clone;
        return switch (cache.map(t, bio, pb)) {
            case REMAPPED -> DmMapio.REMAPPED;
            case SUBMITTED -> {
                if (cache.commitNeeded) {
                    cache.scheduleCommit();
                }
                yield DmMapio.SUBMITTED;
            }
            case WRITETHROUGH -> {
                t.call(new WritethroughMap(tio, pb));
                yield DmMapio.CALLED;
            }
        };
    }

    @Override
    public DmEndio endIo(TargetIo tio) {
        Cache.PerBio pb = tio.perBio(Cache.PerBio.class);
        if (pb != null) {
            cache.tickBioCompleted(pb);
            cache.dropShared(pb);
            cache.accountedComplete(pb);
        }
        return DmEndio.DONE;
    }

    /** The write-through half of {@code map_bio}: the origin clone from the cache's bioset ({@code GFP_NOIO}). */
    private final class WritethroughMap extends Frame {
        /** remap_to_origin_and_cache(), v6.1: {@code bio_alloc_clone(..., GFP_NOIO, &cache->bs)}. */
        private static final int ALLOC_ORIGIN_CLONE = 0;
        /** remap_to_origin_and_cache(), v6.1: {@code bio_chain(origin_bio, bio)}, {@code submit_bio(origin_bio)}. */
        private static final int ORIGIN_CLONE_ALLOCATED = 1;
        /** remap_to_origin_and_cache(), v6.1: {@code submit_bio} returned; {@code remap_to_cache}, map_bio's end. */
        private static final int ORIGIN_CLONE_SUBMITTED = 2;

        private final TargetIo tio;
        private final Cache.PerBio pb;

        WritethroughMap(TargetIo tio, Cache.PerBio pb) {
            this.tio = tio;
            this.pb = pb;
        }

        @Override
        public Step step(Task t) {
            if (pc == ALLOC_ORIGIN_CLONE) {
                pc = ORIGIN_CLONE_ALLOCATED;
                if (BioAlloc.alloc(t, cache.writethroughBs, Gfp.NOIO, 0) == CALL) {
                    return CALL;
                }
            }
            if (pc == ORIGIN_CLONE_ALLOCATED) {
                pc = ORIGIN_CLONE_SUBMITTED;
                Bio clone = t.retBio;
                cache.writethroughClone(t, tio.clone, clone);
                if (Gmr.submit(t, clone) == CALL) {
                    return CALL;
                }
            }
            Cache.Mapped m = cache.finishMap(t, tio.clone, pb);
            if (m == Cache.Mapped.SUBMITTED) {
                cache.scheduleCommit();
            }
            tio.mapio = m == Cache.Mapped.REMAPPED ? DmMapio.REMAPPED : DmMapio.SUBMITTED;
            return RETURN;
        }

        @Override
        public String function() {
            return "remap_to_origin_and_cache";
        }
    }
}
