package dev.dmreplay.ingest.csv;

import dev.dmreplay.ingest.records.IoOp;
import java.util.Locale;
import java.util.Map;

/**
 * The SCSI command opcodes (SBC-3) a hypervisor-level block trace records, as the operation they are for the
 * block layer: the READ and WRITE families, UNMAP (a discard) and SYNCHRONIZE CACHE (a cache flush).
 */
enum ScsiOpcode {
    READ_6(0x08, IoOp.READ), READ_10(0x28, IoOp.READ), READ_12(0xa8, IoOp.READ), READ_16(0x88, IoOp.READ),
    WRITE_6(0x0a, IoOp.WRITE), WRITE_10(0x2a, IoOp.WRITE), WRITE_12(0xaa, IoOp.WRITE), WRITE_16(0x8a, IoOp.WRITE),
    UNMAP(0x42, IoOp.DISCARD),
    SYNCHRONIZE_CACHE_10(0x35, IoOp.FLUSH), SYNCHRONIZE_CACHE_16(0x91, IoOp.FLUSH);

    private static final Map<Integer, ScsiOpcode> BY_CODE = Map.ofEntries(
            java.util.Arrays.stream(values()).map(o -> Map.entry(o.code, o)).toArray(Map.Entry[]::new));

    private final int code;
    private final IoOp op;

    ScsiOpcode(int code, IoOp op) {
        this.code = code;
        this.op = op;
    }

    IoOp op() {
        return op;
    }

    /** The opcode written in hex ({@code 2a}, {@code 0x2A}), or null when it is not one of these. */
    static ScsiOpcode of(String hex) {
        String h = hex.toLowerCase(Locale.ROOT);
        if (h.startsWith("0x")) {
            h = h.substring(2);
        }
        if (h.isEmpty() || h.length() > 2) {
            return null;
        }
        try {
            return BY_CODE.get(Integer.parseInt(h, 16));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
