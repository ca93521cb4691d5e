package dev.dmreplay.ingest.blktrace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code struct blk_io_trace2} as include/uapi/linux/blktrace_api.h declares it (the blktrace v2 series, late
 * 2025), laid out as a C compiler lays it out on Linux: each member at the next multiple of its own size, the
 * struct padded to a multiple of its largest member. The test writer puts fields at these offsets, so a reader
 * that agrees with it agrees with the kernel's header.
 */
final class Trace2Layout {
    /** The members in declaration order with their sizes in bytes ({@code __u8 pad[12]} as 12 one-byte members). */
    static final List<Map.Entry<String, Integer>> MEMBERS = List.of(
            Map.entry("magic", 4), Map.entry("sequence", 4), Map.entry("time", 8), Map.entry("sector", 8),
            Map.entry("bytes", 4), Map.entry("pid", 4), Map.entry("action", 8), Map.entry("device", 4),
            Map.entry("cpu", 4), Map.entry("error", 2), Map.entry("pdu_len", 2), Map.entry("pad", 1));
    static final int PAD_COUNT = 12;

    /** Member offsets; "end" is sizeof. */
    static Map<String, Integer> offsets() {
        Map<String, Integer> out = new LinkedHashMap<>();
        int off = 0;
        int largest = 1;
        for (Map.Entry<String, Integer> m : MEMBERS) {
            int size = m.getValue();
            int count = m.getKey().equals("pad") ? PAD_COUNT : 1;
            off = (off + size - 1) / size * size;
            out.put(m.getKey(), off);
            off += size * count;
            largest = Math.max(largest, size);
        }
        out.put("end", (off + largest - 1) / largest * largest);
        return out;
    }

    private Trace2Layout() {
    }
}
