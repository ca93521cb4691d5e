package dev.dmreplay.ingest.dm;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code delay <dev> <offset> <delay_ms> [<wdev> <woffset> <wdelay_ms> [<fdev> <foffset> <fdelay_ms>]]}
 * ({@code delay_ctr}, dm-delay.c): with 3 arguments writes and flushes use the read class, with 6 flushes use
 * the write class.
 *
 * @param given how many classes the table spelled out (1, 2 or 3), for re-rendering
 */
public record DelayArgs(DelayClass read, DelayClass write, DelayClass flush, int given) implements TargetArgs {

    @Override
    public String type() {
        return "delay";
    }

    @Override
    public List<DevRef> devices() {
        List<DevRef> out = new ArrayList<>(3);
        out.add(read.dev());
        if (given >= 2) {
            out.add(write.dev());
        }
        if (given >= 3) {
            out.add(flush.dev());
        }
        return List.copyOf(out);
    }

    @Override
    public String params() {
        return switch (given) {
            case 1 -> read.toString();
            case 2 -> read + " " + write;
            default -> read + " " + write + " " + flush;
        };
    }
}
