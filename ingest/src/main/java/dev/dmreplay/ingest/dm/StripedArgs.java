package dev.dmreplay.ingest.dm;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code striped <#stripes> <chunk_sectors> (<dev> <offset>){#stripes}} ({@code stripe_ctr}, dm-stripe.c,
 * Linux 6.x: any non-zero chunk size, power of two or not).
 */
public record StripedArgs(long chunkSectors, List<StripeLeg> legs) implements TargetArgs, SectorMapper {

    public StripedArgs {
        legs = List.copyOf(legs);
        if (chunkSectors <= 0 || legs.isEmpty()) {
            throw new IllegalArgumentException("striped needs a positive chunk size and at least one stripe");
        }
    }

    public int stripes() {
        return legs.size();
    }

    @Override
    public String type() {
        return "striped";
    }

    @Override
    public List<DevRef> devices() {
        List<DevRef> out = new ArrayList<>(legs.size());
        for (StripeLeg l : legs) {
            out.add(l.dev());
        }
        return List.copyOf(out);
    }

    @Override
    public String params() {
        StringBuilder sb = new StringBuilder().append(legs.size()).append(' ').append(chunkSectors);
        for (StripeLeg l : legs) {
            sb.append(' ').append(l);
        }
        return sb.toString();
    }

    /**
     * {@code stripe_map_sector} (dm-stripe.c, Linux 6.x): chunk = offset / chunk_size, stripe = chunk % n,
     * result = (chunk / n) * chunk_size + offset % chunk_size, plus the leg's physical start.
     */
    @Override
    public MappedSector map(long targetOffset) {
        long chunk = targetOffset / chunkSectors;
        long inChunk = targetOffset % chunkSectors;
        int n = legs.size();
        int stripe = (int) (chunk % n);
        long onLeg = (chunk / n) * chunkSectors + inChunk;
        StripeLeg leg = legs.get(stripe);
        return new MappedSector(stripe, leg.dev(), leg.offset() + onLeg);
    }

    @Override
    public long contiguous(long targetOffset) {
        return chunkSectors - targetOffset % chunkSectors;
    }
}
