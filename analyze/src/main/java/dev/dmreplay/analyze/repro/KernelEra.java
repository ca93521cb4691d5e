package dev.dmreplay.analyze.repro;

import dev.dmreplay.replay.strategy.Strategy;
import java.util.Locale;

/**
 * Which kernels a rescue strategy's prediction applies to (docs/kernel-model.md §8.1): the era its knob bundle
 * follows, and whether it is an unmerged proposal that no released kernel contains (then a reproducer needs the
 * proposal's patches applied).
 *
 * @param versions the kernel versions the strategy follows, as text
 * @param unmerged true for a proposal that was never merged
 */
public record KernelEra(String versions, boolean unmerged) {

    /** The era of {@code s}; a preset this table does not know is described by its own title. */
    public static KernelEra of(Strategy s) {
        return switch (s.name()) {
            case "BARE" -> new KernelEra("before v3.7 (no bioset rescuer; generic_make_request's single list)", false);
            case "RESC" -> new KernelEra("v3.7 to v4.10 (per-bioset rescuer, df2cb6daa4cb)", false);
            case "OFFL" -> new KernelEra("v4.11 to v4.15 (dm_offload)", false);
            case "DF" -> new KernelEra("v4.16 and later until DM split its head with bio_split (depth-first"
                    + " generic_make_request, no DM bioset rescuer)", false);
            case "MDSP" -> new KernelEra("kernels where DM splits the head with bio_split and resubmits the"
                    + " remainder, md-raid style (v5.x)", false);
            case "V515" -> new KernelEra("about v5.15 to v5.19 (DM splits the head with bio_split and resubmits the"
                    + " remainder at the tail of current->bio_list)", false);
            case "V519" -> new KernelEra("v5.19 as released", false);
            case "V60" -> new KernelEra("v6.0 to v6.9 (DM trims the remainder and resubmits it, no allocation)",
                    false);
            case "V610" -> new KernelEra("v6.10 to v6.16 (as v6.0, and zoned disks plug writes per zone)", false);
            case "V617" -> new KernelEra("v6.17 (as v6.10, and DM cuts writes straddling a zone boundary at its"
                    + " entry)", false);
            case "V618", "MODERN" -> new KernelEra("v6.18 and later (split remainders at the head of"
                    + " current->bio_list, b2f5974079d8)", false);
            default -> fromTitle(s);
        };
    }

    private static KernelEra fromTitle(Strategy s) {
        String t = s.title.toLowerCase(Locale.ROOT);
        boolean unmerged = s.unmerged() || t.contains("proposal");
        return new KernelEra(s.unmerged() ? s.title + " -- not in any released kernel" : s.title, unmerged);
    }

    /**
     * The strategy's name as every reproducer file writes it: {@code BVA1 (UNMERGED proposal)} for a proposal no
     * released kernel has, the bare name otherwise.
     */
    public static String label(Strategy s) {
        return of(s).unmerged() ? s.name() + " (UNMERGED proposal)" : s.name();
    }

    /** One line for a README or a page: the versions, and "unmerged proposal" when it is one. */
    public String describe() {
        return unmerged ? versions + " -- an UNMERGED proposal: no released kernel has it; apply its patches first"
                : versions;
    }
}
