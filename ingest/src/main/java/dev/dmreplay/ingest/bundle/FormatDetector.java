package dev.dmreplay.ingest.bundle;

import dev.dmreplay.ingest.ftrace.FtraceBlockSource;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.lines.LineTraceFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides a single file's {@link TraceFormat} from its content: magic bytes for binary formats (after undoing
 * gzip/xz/zstd), the first lines for text. The one use of the name: {@code <name>.blktrace.<cpu>} is blktrace's
 * own per-CPU naming, handed to the blktrace reader (which then reports bad magic or versions precisely);
 * other files with blktrace records are merged {@code blkparse -d} dumps.
 */
public final class FormatDetector {
    /** {@code BLK_IO_TRACE_MAGIC}: the upper 24 bits of {@code blk_io_trace.magic}. */
    public static final int BLK_IO_TRACE_MAGIC = 0x65617400;
    /** How much decompressed text is looked at. */
    static final int SNIFF_BYTES = 16 * 1024;
    static final int SNIFF_LINES = 20;

    private static final Pattern PER_CPU_NAME = Pattern.compile(".+\\.blktrace\\.\\d+");

    private FormatDetector() {
    }

    /** Whether {@code name} (compression suffix allowed) is a blktrace per-CPU file name. */
    public static boolean isPerCpuName(String name) {
        return PER_CPU_NAME.matcher(Compression.stripSuffix(name)).matches();
    }

    /** The format of {@code file}; a {@link TraceFormatException} when it is none of them or unreadable. */
    public static TraceFormat detect(Path file) throws IOException {
        try {
            return sniff(file);
        } catch (java.nio.file.AccessDeniedException e) {
            throw TraceFormatException.of(file.toString(), "permission denied, expected a readable trace file");
        } catch (TraceFormatException e) {
            throw e;
        } catch (IOException e) {
            throw TraceFormatException.of(file.toString(), "cannot read (" + e.getMessage() + ")");
        }
    }

    private static TraceFormat sniff(Path file) throws IOException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw TraceFormatException.of(name, Files.exists(file) ? "not a regular file, expected a trace file"
                    : "no such file");
        }
        if (Files.size(file) == 0) {
            throw TraceFormatException.atByte(name, 0, "empty file, expected a trace");
        }
        byte[] raw = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(raw, 0, 4) == 4 && raw[0] == 'P' && raw[1] == 'A' && raw[2] == 'R' && raw[3] == '1') {
                return TraceFormat.PARQUET;
            }
        }
        if (isPerCpuName(file.getFileName().toString())) {
            // blktrace's own naming: the reader checks magic, version and lengths and says what is wrong where
            return TraceFormat.BLKTRACE;
        }
        byte[] head = new byte[SNIFF_BYTES];
        int n;
        try (InputStream in = Compression.open(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw TraceFormatException.atByte(name, 0, "cannot decompress (" + e.getMessage() + "), expected a "
                    + Compression.of(file).name().toLowerCase(java.util.Locale.ROOT) + " stream");
        }
        if (n == 0) {
            throw TraceFormatException.atByte(name, 0, "empty after decompression, expected a trace");
        }
        if (n >= 4 && isBlktraceMagic(head)) {
            return TraceFormat.BLKPARSE_DUMP;
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                throw TraceFormatException.atByte(name, 0, "unknown binary data (first bytes " + hex(head, n)
                        + "), expected blktrace records (magic 0x65617407), a Parquet event store or text");
            }
        }
        return detectText(name, new String(head, 0, n, StandardCharsets.ISO_8859_1));
    }

    static boolean isBlktraceMagic(byte[] b) {
        int le = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
        int be = Integer.reverseBytes(le);
        return (le & 0xffffff00) == BLK_IO_TRACE_MAGIC || (be & 0xffffff00) == BLK_IO_TRACE_MAGIC;
    }

    private static TraceFormat detectText(String name, String text) {
        String[] lines = text.split("\r?\n", SNIFF_LINES + 1);
        int firstLine = 0;
        String first = null;
        for (int i = 0; i < Math.min(lines.length, SNIFF_LINES); i++) {
            String l = lines[i].trim();
            if (l.isEmpty()) {
                continue;
            }
            if (first == null) {
                first = l;
                firstLine = i + 1;
            }
            if (looksLikeBlkparseLine(l)) {
                return TraceFormat.BLKPARSE_TEXT;
            }
        }
        List<String> sample = nonBlank(text);
        for (String l : sample) {
            if (FtraceBlockSource.looksLike(l)) {
                return TraceFormat.FTRACE;
            }
        }
        LineTraceFormat line = LineTraceFormat.sniff(sample);
        if (line != null) {
            return switch (line) {
                case BLKREPLAY -> TraceFormat.BLKREPLAY;
                case DISKSIM -> TraceFormat.DISKSIM;
                case FIO_IOLOG -> TraceFormat.FIO_IOLOG;
                case BIOSNOOP -> TraceFormat.BIOSNOOP;
            };
        }
        if (first != null && countCommas(first) >= 4) {
            return TraceFormat.CSV;
        }
        throw TraceFormatException.atLine(name, first == null ? 1 : firstLine, "unrecognised text '"
                + TraceFormatException.shorten(first == null ? "" : first)
                + "', expected blkparse output, a CSV trace (MSR, Alibaba, Tencent, CloudPhysics), a blkreplay"
                + " load, a DiskSim/MQSim trace, a fio iolog, biosnoop output or block tracepoint text (perf script,"
                + " trace-cmd)");
    }

    /** The non-blank lines of the sniffed text (the last one may be cut short, so it is left out). */
    private static List<String> nonBlank(String text) {
        String[] lines = text.split("\r?\n", -1);
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < lines.length - 1 && out.size() < 100; i++) {
            if (!lines[i].isBlank()) {
                out.add(lines[i]);
            }
        }
        if (out.isEmpty() && !lines[lines.length - 1].isBlank()) {
            out.add(lines[lines.length - 1]); // a one-line file
        }
        return out;
    }

    /** {@code maj,min cpu seq sec.nsec pid action ...} or blkparse's {@code Input file X added}. */
    static boolean looksLikeBlkparseLine(String l) {
        if (l.startsWith("Input file ") && l.endsWith(" added")) {
            return true;
        }
        String[] t = l.split("\\s+", 7);
        if (t.length < 6) {
            return false;
        }
        int comma = t[0].indexOf(',');
        return comma > 0 && digits(t[0].substring(0, comma)) && digits(t[0].substring(comma + 1))
                && digits(t[1]) && digits(t[2]) && t[3].matches("\\d+\\.\\d+") && digits(t[4]);
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int countCommas(String s) {
        int c = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ',') {
                c++;
            }
        }
        return c;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, n); i++) {
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }
}
