package dev.dmreplay.analyze.latency;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.DevNo;

/** How many non-empty records of each action the trace holds, split by remapper and plain devices. */
public final class ActionCounts {
    private final long[] plain = new long[18];
    private final long[] remapper = new long[18];

    void accept(BlockEvent e) {
        if (e.isNotify() || e.isPc()) {
            return;
        }
        int code = e.action() & 0xffff;
        if (code >= plain.length) {
            return;
        }
        if (e.bytes() == 0 && code != 6 && code != 15 && code != 9 && code != 10 && code != 11) {
            return;
        }
        int major = e.device() >>> DevNo.MINOR_BITS;
        if (major == 9 || major == 253 || major == 254) {
            remapper[code]++;
        } else {
            plain[code]++;
        }
    }

    /** Records of the action letter ("Q", "G", ...) on plain (true) or remapper (false) devices. */
    public long count(char letter, boolean onPlain) {
        int code = codeOf(letter);
        return onPlain ? plain[code] : remapper[code];
    }

    public long count(char letter) {
        int code = codeOf(letter);
        return plain[code] + remapper[code];
    }

    private static int codeOf(char letter) {
        return switch (letter) {
            case 'Q' -> 1;
            case 'M' -> 2;
            case 'G' -> 4;
            case 'S' -> 5;
            case 'R' -> 6;
            case 'D' -> 7;
            case 'C' -> 8;
            case 'P' -> 9;
            case 'U' -> 10;
            case 'I' -> 12;
            case 'X' -> 13;
            case 'A' -> 15;
            default -> throw new IllegalArgumentException("no action letter " + letter);
        };
    }
}
