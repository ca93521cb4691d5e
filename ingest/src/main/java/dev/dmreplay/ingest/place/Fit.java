package dev.dmreplay.ingest.place;

import dev.dmreplay.ingest.io.OptionException;
import java.util.Locale;

/**
 * What placement does with an I/O whose offset lies beyond the end of the mapped device it is placed on (a trace
 * of a 500 GiB volume replayed onto a 10 GiB logical volume).
 */
public enum Fit {
    /**
     * Offsets beyond the device wrap around (start modulo the device size), keeping 4 KiB alignment; I/O within the
     * device is untouched, so locality and sequential runs survive where they fit.
     */
    WRAP,
    /**
     * Every offset of a traced device is scaled by device size / traced extent (only when the extent is larger),
     * keeping 4 KiB alignment: the spatial distribution is kept, sequential runs longer than the scale factor are
     * broken.
     */
    SCALE;

    public static Fit parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw OptionException.of("--fit", "'" + s + "': expected wrap or scale");
        }
    }

    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
