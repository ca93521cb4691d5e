package dev.dmreplay.analyze.btt;

import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Test helper: builds blktrace records by hand (times in ns, sizes in sectors). */
public final class Ev {
    public static final int SDA = new DevNo(8, 0).kernel();
    public static final int SDB = new DevNo(8, 16).kernel();
    public static final int DM0 = new DevNo(253, 0).kernel();

    private Ev() {
    }

    public static BlockEvent ev(char kind, long t, int dev, long sector, int sectors, int pid) {
        int code = switch (kind) {
            case 'Q' -> 1;
            case 'M' -> 2;
            case 'F' -> 3;
            case 'G' -> 4;
            case 'S' -> 5;
            case 'R' -> 6;
            case 'D' -> 7;
            case 'C' -> 8;
            case 'P' -> 9;
            case 'I' -> 12;
            case 'X' -> 13;
            default -> throw new IllegalArgumentException(String.valueOf(kind));
        };
        int cat = switch (kind) {
            case 'R' -> Category.REQUEUE;
            case 'D' -> Category.ISSUE | Category.FS;
            case 'C' -> Category.COMPLETE | Category.FS;
            case 'X' -> 0;
            default -> Category.QUEUE;
        };
        return new BlockEvent(t, 1, sector, sectors << 9, code | cat | Category.WRITE, pid, dev, 0, 0, null);
    }

    public static BlockEvent q(long t, int dev, long sector, int sectors) {
        return ev('Q', t, dev, sector, sectors, 100);
    }

    public static BlockEvent remap(long t, int lower, long lowerSector, int sectors, int upper, long upperSector) {
        byte[] pdu = ByteBuffer.allocate(16).putInt(upper).putInt(lower).putLong(upperSector).array();
        return new BlockEvent(t, 1, lowerSector, sectors << 9, 15 | Category.QUEUE | Category.WRITE, 100, lower, 0, 0,
                pdu);
    }

    public static BlockEvent unplug(long t, int dev, long n, boolean timer) {
        byte[] pdu = ByteBuffer.allocate(8).putLong(n).array();
        return new BlockEvent(t, 1, 0, 0, (timer ? 11 : 10) | Category.QUEUE | Category.READ, 100, dev, 0, 0, pdu);
    }

    public static BlockEvent plug(long t, int dev) {
        return new BlockEvent(t, 1, 0, 0, 9 | Category.QUEUE | Category.READ, 100, dev, 0, 0, null);
    }

    public static BlockEvent process(int pid, String name) {
        byte[] pdu = new byte[16];
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(n, 0, pdu, 0, Math.min(15, n.length));
        return new BlockEvent(1_000_000_000_000L, 0, 0, 0, Category.NOTIFY, pid, SDA, 0, 0, pdu);
    }
}
