package dev.dmreplay.ingest.bundle;

import dev.dmreplay.ingest.io.TraceFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A trace read from standard input ({@code -} or {@code /dev/stdin}), e.g. {@code blktrace -o - | dmreplay info -}
 * or {@code blkparse -i x | dmreplay analyze -}. The readers need files (several passes, random access for
 * Parquet), so the stream is copied into a private temporary directory, deleted when the JVM ends; the content is
 * recognised first from a buffered peek at its head, since a pipe cannot be rewound:
 * <ul>
 *   <li>blktrace records (what {@code blktrace -o -} writes: each device's and CPU's relay buffer as it is
 *       drained, so the records come in chunks, not in time order) are split by their {@code device} and
 *       {@code cpu} fields into {@code MAJ,MIN.blktrace.<cpu>} files (the stream does not carry device names, so
 *       each device is named by its number, as blkparse prints it), which the blktrace reader then merges
 *       exactly as blkparse merges the per-CPU files {@code blktrace -d DEV} writes;</li>
 *   <li>anything else (blkparse text, the other text formats, Parquet, compressed input) is copied as one file
 *       {@code stdin} and recognised by content as usual.</li>
 * </ul>
 * An empty stream is bad input at byte 0.
 */
public final class StdinTrace {
    /** The argument names that mean standard input. */
    public static boolean isStdin(Path p) {
        String s = p.toString();
        return s.equals("-") || s.equals("/dev/stdin") || s.equals("/proc/self/fd/0");
    }

    private static final int HEADER = 48;
    private static final int PEEK = 64 * 1024;

    private StdinTrace() {
    }

    /**
     * Copies {@code in} (not closed) into a new temporary directory and returns what to open instead of
     * {@code -}: the directory of per-CPU blktrace files, or the one copied file.
     */
    public static Path materialise(InputStream in) throws IOException {
        Path dir = Files.createTempDirectory("dmreplay-stdin-");
        deleteOnExit(dir);
        BufferedInputStream b = new BufferedInputStream(in, PEEK);
        b.mark(PEEK);
        byte[] head = b.readNBytes(4);
        b.reset();
        if (head.length == 0) {
            throw TraceFormatException.atByte("stdin", 0, "empty input, expected a trace on standard input");
        }
        if (head.length == 4 && FormatDetector.isBlktraceMagic(head)) {
            splitByCpu(b, dir);
            return dir;
        }
        Path f = dir.resolve("stdin");
        Files.copy(b, f);
        return f;
    }

    /** Writes each record (48-byte header and its payload) to the file of its device and CPU. */
    private static void splitByCpu(InputStream in, Path dir) throws IOException {
        Map<String, OutputStream> outs = new TreeMap<>();
        Map<String, Integer> lastCpu = new TreeMap<>();
        byte[] h = new byte[HEADER];
        long offset = 0;
        try {
            while (true) {
                int n = in.readNBytes(h, 0, HEADER);
                if (n == 0) {
                    break;
                }
                if (n < HEADER) {
                    throw TraceFormatException.atByte("stdin", offset, "truncated blktrace record (" + n
                            + " of 48 header bytes)");
                }
                ByteBuffer bb = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
                if ((bb.getInt(0) & 0xffffff00) != FormatDetector.BLK_IO_TRACE_MAGIC) {
                    bb.order(ByteOrder.BIG_ENDIAN);
                }
                if ((bb.getInt(0) & 0xffffff00) != FormatDetector.BLK_IO_TRACE_MAGIC) {
                    throw TraceFormatException.atByte("stdin", offset, String.format(
                            "bad magic 0x%08x, expected a blktrace record (0x65617407)", bb.getInt(0)));
                }
                int cpu = bb.getInt(40);
                int dev = bb.getInt(36);
                String name = (dev >>> 20) + "," + (dev & 0xfffff);
                int pdu = bb.getShort(46) & 0xffff;
                byte[] payload = in.readNBytes(pdu);
                if (payload.length < pdu) {
                    throw TraceFormatException.atByte("stdin", offset + HEADER, "truncated payload (" + payload.length
                            + " of " + pdu + " bytes)");
                }
                if (cpu < 0 || cpu > 65535) {
                    throw TraceFormatException.atByte("stdin", offset + 40, "cpu " + Integer.toUnsignedString(cpu)
                            + " out of range, expected a CPU number");
                }
                String file = name + ".blktrace." + cpu;
                OutputStream o = outs.get(file);
                if (o == null) {
                    o = new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve(file)), 1 << 16);
                    outs.put(file, o);
                    lastCpu.merge(name, cpu, Math::max);
                }
                o.write(h);
                o.write(payload);
                offset += HEADER + pdu;
            }
        } finally {
            for (OutputStream o : outs.values()) {
                o.close();
            }
        }
        // blktrace writes a file for every CPU from 0, empty ones included; the reader expects the set from 0
        for (Map.Entry<String, Integer> e : lastCpu.entrySet()) {
            for (int cpu = 0; cpu < e.getValue(); cpu++) {
                Path p = dir.resolve(e.getKey() + ".blktrace." + cpu);
                if (!Files.exists(p)) {
                    Files.createFile(p);
                }
            }
        }
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort: the directory is in the temporary area
            }
        }, "dmreplay-stdin-cleanup"));
    }
}
