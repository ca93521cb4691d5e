package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.model.DevNo;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Device sizes from an {@code lsblk} dump of a bundle: the {@code MAJ:MIN} and {@code SIZE} columns. {@code lsblk -b}
 * prints bytes (exact); plain {@code lsblk} prints a rounded human size ({@code 256M}, {@code 1.8T}, powers of
 * 1024 with at most one decimal), of which only the largest size it can stand for is used, so that a table is
 * refused only where the device is certainly too small. Lines without both columns are ignored.
 */
public final class LsblkSizes {
    private LsblkSizes() {
    }

    /** dev_t (kernel encoding) → the device's size in 512-byte sectors, at most. */
    public static Map<Integer, Long> parse(String text) {
        Map<Integer, Long> sizes = new HashMap<>();
        String[] lines = text.split("\n");
        if (lines.length == 0) {
            return sizes;
        }
        List<String> head = List.of(lines[0].trim().split("\\s+"));
        int majMin = head.indexOf("MAJ:MIN");
        int size = head.indexOf("SIZE");
        if (majMin < 0 || size < 0) {
            return sizes;
        }
        for (int i = 1; i < lines.length; i++) {
            // the tree drawing of the NAME column (`-, |-) is one word with the name: columns stay aligned
            String[] w = lines[i].trim().split("\\s+");
            if (w.length <= Math.max(majMin, size)) {
                continue;
            }
            try {
                DevNo d = DevNo.parse(w[majMin]);
                long s = maxSectors(w[size]);
                if (s >= 0) {
                    sizes.put(d.kernel(), s);
                }
            } catch (IllegalArgumentException e) {
                // a line lsblk did not print as a device row: not a size
            }
        }
        return sizes;
    }

    /** The largest size in sectors that {@code lsblk} could have printed as {@code text}, or -1. */
    static long maxSectors(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.isEmpty()) {
            return -1;
        }
        if (t.chars().allMatch(Character::isDigit)) {
            return t.length() > 18 ? -1 : Long.parseLong(t) / 512;
        }
        char unit = t.charAt(t.length() - 1);
        int power = "BKMGTPE".indexOf(unit);
        String num = t.substring(0, t.length() - 1);
        if (power < 0 || num.isEmpty() || !num.matches("[0-9]{1,6}(\\.[0-9])?")) {
            return -1;
        }
        // rounded to the printed digit: the true size is below the printed value plus half its last digit
        double halfDigit = num.contains(".") ? 0.05 : 0.5;
        double bytes = (Double.parseDouble(num) + halfDigit) * Math.pow(1024, power);
        return (long) Math.ceil(bytes / 512);
    }
}
