package dev.dmreplay.analyze.fidelity;

import java.util.Comparator;

/**
 * One bio a target sent to a lower device: where (device name as the model knows it), what (sector, size,
 * rwbs as blkparse prints it) and which target type remapped it. Ordered for comparing multisets.
 */
public record LowerBio(String device, long sector, int sectors, String rwbs, String target)
        implements Comparable<LowerBio> {
    static final Comparator<LowerBio> ORDER = Comparator.comparing(LowerBio::device)
            .thenComparingLong(LowerBio::sector).thenComparingInt(LowerBio::sectors).thenComparing(LowerBio::rwbs);

    /** Same bio apart from flags: device, sector, size and the operation letter (R, W, D, N, or an empty F). */
    boolean sameData(LowerBio o) {
        return device.equals(o.device) && sector == o.sector && sectors == o.sectors && op().equals(o.op());
    }

    /** The operation of an rwbs string: D, W, R or N; an empty preflush ("FWS" + 0 sectors) is "F". */
    String op() {
        if (sectors == 0 && rwbs.startsWith("F")) {
            return "F";
        }
        for (char c : rwbs.toCharArray()) {
            if (c == 'D' || c == 'W' || c == 'R' || c == 'N') {
                return String.valueOf(c);
            }
        }
        return "?";
    }

    @Override
    public int compareTo(LowerBio o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return device + " " + rwbs + " " + Long.toUnsignedString(sector) + " + " + sectors;
    }
}
