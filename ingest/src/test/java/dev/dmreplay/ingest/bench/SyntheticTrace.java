package dev.dmreplay.ingest.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a blktrace per-CPU set for benchmarks: {@code cpus} files of {@code perCpu} records each, a realistic mix
 * (Q G I D C with 4 KiB..64 KiB sizes, one remap with a 16-byte payload in eight), interleaved timestamps.
 */
final class SyntheticTrace {
    private SyntheticTrace() {
    }

    static void write(Path dir, String name, int cpus, int perCpu) throws IOException {
        int[] actions = {0x00110001, 0x00110004, 0x0011000c, 0x01410007, 0x01810008, 0x00120001, 0x0011000f,
            0x01820008};
        ByteBuffer rec = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int cpu = 0; cpu < cpus; cpu++) {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(dir.resolve(name + ".blktrace." + cpu)), 1 << 16)) {
                byte[] comm = java.util.Arrays.copyOf("fio".getBytes(), 16);
                rec.clear();
                rec.putInt(0x65617407).putInt(0).putLong(0).putLong(0).putInt(0).putInt(0x04000000).putInt(1000 + cpu)
                        .putInt(8 << 20).putInt(cpu).putShort((short) 0).putShort((short) 16).put(comm);
                out.write(rec.array(), 0, rec.position());
                for (int i = 0; i < perCpu; i++) {
                    int action = actions[i & 7];
                    boolean remap = (action & 0xffff) == 15;
                    rec.clear();
                    rec.putInt(0x65617407).putInt(i + 1).putLong(1_000_000L + (long) i * cpus * 100 + cpu * 37L)
                            .putLong(2048L * i).putInt(4096 << (i % 5)).putInt(action).putInt(1000 + cpu)
                            .putInt(8 << 20).putInt(cpu).putShort((short) 0).putShort((short) (remap ? 16 : 0));
                    if (remap) {
                        rec.order(ByteOrder.BIG_ENDIAN).putInt(253 << 20).putInt(8 << 20).putLong(4096L * i)
                                .order(ByteOrder.LITTLE_ENDIAN);
                    }
                    out.write(rec.array(), 0, rec.position());
                }
            }
        }
    }
}
