package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.model.DevNo;

/**
 * A device named in a target's arguments: {@code major:minor} (what the kernel prints in a live table) or a
 * path (what a hand-written table may hold, e.g. {@code /dev/sdb} or {@code /dev/mapper/vg0-pool}).
 * Exactly one of {@code number} and {@code path} is non-null.
 */
public record DevRef(DevNo number, String path) {

    public DevRef {
        if ((number == null) == (path == null)) {
            throw new IllegalArgumentException("exactly one of number and path must be given");
        }
    }

    public static DevRef of(DevNo number) {
        return new DevRef(number, null);
    }

    public static DevRef of(int major, int minor) {
        return new DevRef(new DevNo(major, minor), null);
    }

    /**
     * Parses a device argument as {@code dm_get_device()} accepts it: {@code major:minor} or a path (anything
     * starting with {@code /}).
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static DevRef parse(String text) {
        if (text.startsWith("/")) {
            return new DevRef(null, text);
        }
        int colon = text.indexOf(':');
        if (colon > 0 && colon < text.length() - 1) {
            Integer major = Numbers.parseIntOrNull(text, 0, colon);
            Integer minor = Numbers.parseIntOrNull(text, colon + 1, text.length());
            if (major != null && minor != null && major <= 0xfff && minor <= DevNo.MINOR_MASK) {
                return new DevRef(new DevNo(major, minor), null);
            }
        }
        throw new IllegalArgumentException("expected a device (major:minor or /path), got '" + text + "'");
    }

    public boolean isNumber() {
        return number != null;
    }

    /** As the kernel prints it in a table: {@code major:minor}, or the path as given. */
    @Override
    public String toString() {
        return number != null ? number.colon() : path;
    }
}
