package dev.dmreplay.replay.target;

import dev.dmreplay.ingest.dm.StripeLeg;
import dev.dmreplay.ingest.dm.StripedArgs;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.dm.TargetContext;
import dev.dmreplay.replay.sim.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * dm-stripe (drivers/md/dm-stripe.c v4.16): {@code max_io_len = chunk_size}, {@code num_*_bios = stripes}.
 * {@code stripe_map_sector} for data, {@code stripe_map_range} (per-stripe projection) for
 * discard/secure-erase/write-same/write-zeroes, one flush clone per stripe ({@code target_bio_nr} picks the
 * stripe). Chunk sizes need not be powers of two (sector_div path).
 */
public final class StripedTarget extends Target {
    private final BlockDevice[] devs;
    private final long[] physicalStart;
    private final long chunkSize;
    private final int stripes;

    /** {@code stripe_ctr}: {@code <#stripes> <chunk_sectors> (<dev> <offset>)...}. */
    public StripedTarget(TargetContext c, long begin, long len, StripedArgs a) {
        this(begin, len, a.chunkSectors(), a.legs().stream().map(l -> c.device(l.dev())).toList(),
                a.legs().stream().map(StripeLeg::offset).toList());
    }

    public StripedTarget(long begin, long len, long chunkSize, List<BlockDevice> devs, List<Long> starts) {
        super(begin, len);
        if (devs.isEmpty() || devs.size() != starts.size()) {
            throw new IllegalArgumentException("striped target needs one start per device");
        }
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("striped chunk size must be > 0");
        }
        this.stripes = devs.size();
        if (len % stripes != 0 || (len / stripes) % chunkSize != 0) {
            // stripe_ctr: "Target length not divisible by number of stripes" / "... by chunk size"
            throw new IllegalArgumentException("striped target length " + len + " not divisible by " + stripes
                    + " stripes of chunk " + chunkSize);
        }
        this.devs = devs.toArray(new BlockDevice[0]);
        this.physicalStart = starts.stream().mapToLong(Long::longValue).toArray();
        this.chunkSize = chunkSize;
        maxIoLen = chunkSize;
        numFlushBios = stripes;
        numDiscardBios = stripes;
        numSecureEraseBios = stripes;
        numWriteSameBios = stripes;
        numWriteZeroesBios = stripes;
    }

    @Override
    public String type() {
        return "striped";
    }

    @Override
    public List<BlockDevice> devices() {
        List<BlockDevice> l = new ArrayList<>();
        for (BlockDevice d : devs) {
            if (!l.contains(d)) {
                l.add(d);
            }
        }
        return l;
    }

    public int stripes() {
        return stripes;
    }

    /** {@code stripe_map_sector}: returns stripe index in the high bits is awkward; use two outputs. */
    public long mapSector(long sector, int[] stripeOut) {
        long x = offset(sector);
        long chunkOffset = x % chunkSize;
        long chunk = x / chunkSize;
        stripeOut[0] = (int) (chunk % stripes);
        chunk = chunk / stripes;
        return chunk * chunkSize + chunkOffset;
    }

    /** {@code stripe_map_range_sector}. */
    private long mapRangeSector(long sector, int target) {
        int[] s = new int[1];
        long result = mapSector(sector, s);
        if (s[0] == target) {
            return result;
        }
        result -= result % chunkSize;
        if (target < s[0]) {
            result += chunkSize;
        }
        return result;
    }

    @Override
    public DmMapio map(Task t, TargetIo tio) {
        Bio bio = tio.clone;
        if (bio.has(Bio.PREFLUSH)) {
            bio.dev = devs[tio.targetBioNr];
            return DmMapio.REMAPPED;
        }
        if (bio.op.abnormal()) {
            int target = tio.targetBioNr;
            long b = mapRangeSector(bio.sector, target);
            long e = mapRangeSector(bio.end(), target);
            if (b < e) {
                bio.dev = devs[target];
                bio.sector = b + physicalStart[target];
                bio.sectors = (int) (e - b);
                return DmMapio.REMAPPED;
            }
            BioOps.endio(bio);
            return DmMapio.SUBMITTED;
        }
        int[] s = new int[1];
        long r = mapSector(bio.sector, s);
        bio.sector = r + physicalStart[s[0]];
        bio.dev = devs[s[0]];
        return DmMapio.REMAPPED;
    }
}
