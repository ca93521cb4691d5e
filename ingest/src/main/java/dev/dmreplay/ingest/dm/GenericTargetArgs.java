package dev.dmreplay.ingest.dm;

import java.util.ArrayList;
import java.util.List;

/**
 * A target this parser does not type ({@code vdo}, {@code clone}, {@code dust}, {@code switch}, ...): the
 * words as given, and as devices every word that reads as {@code major:minor} or a {@code /dev/} path.
 */
public record GenericTargetArgs(String type, List<String> args, List<DevRef> devices) implements TargetArgs {

    public GenericTargetArgs {
        args = List.copyOf(args);
        devices = List.copyOf(devices);
    }

    /** Keeps the words and picks out the device-looking ones. */
    public static GenericTargetArgs of(String type, List<String> args) {
        List<DevRef> devs = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("/dev/") || looksLikeDevNo(a)) {
                devs.add(DevRef.parse(a));
            }
        }
        return new GenericTargetArgs(type, args, devs);
    }

    private static boolean looksLikeDevNo(String a) {
        int c = a.indexOf(':');
        return c > 0 && a.indexOf(':', c + 1) < 0 && Numbers.parseIntOrNull(a, 0, c) != null
                && Numbers.parseIntOrNull(a, c + 1, a.length()) != null
                && Numbers.parseUnsigned(a, 0, c) <= 0xfff
                && Numbers.parseUnsigned(a, c + 1, a.length()) <= dev.dmreplay.ingest.model.DevNo.MINOR_MASK;
    }

    @Override
    public String params() {
        return String.join(" ", args);
    }
}
