package dev.dmreplay.ingest.dm;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code raid <raid_type> <#params> <chunk_sectors> [optional params] <#devs> (<meta|-> <data|->){#devs}}
 * ({@code raid_ctr}, dm-raid.c; {@code #params} counts the chunk size and every following word).
 *
 * @param options the optional parameter words after the chunk size (e.g. {@code region_size 4096})
 */
public record RaidArgs(String raidType, long chunkSectors, List<String> options, List<RaidLeg> legs)
        implements TargetArgs {

    public RaidArgs {
        options = List.copyOf(options);
        legs = List.copyOf(legs);
    }

    /** The value word after {@code name} in the optional parameters, or null. */
    public String param(String name) {
        for (int i = 0; i < options.size() - 1; i++) {
            if (options.get(i).equals(name)) {
                return options.get(i + 1);
            }
        }
        return null;
    }

    @Override
    public String type() {
        return "raid";
    }

    @Override
    public List<DevRef> devices() {
        List<DevRef> out = new ArrayList<>();
        String journal = param("journal_dev");
        if (journal != null) {
            out.add(DevRef.parse(journal));
        }
        for (RaidLeg l : legs) {
            if (l.meta() != null) {
                out.add(l.meta());
            }
            if (l.data() != null) {
                out.add(l.data());
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String params() {
        StringBuilder sb = new StringBuilder(raidType).append(' ').append(options.size() + 1).append(' ')
                .append(chunkSectors);
        for (String p : options) {
            sb.append(' ').append(p);
        }
        sb.append(' ').append(legs.size());
        for (RaidLeg l : legs) {
            sb.append(' ').append(l);
        }
        return sb.toString();
    }
}
