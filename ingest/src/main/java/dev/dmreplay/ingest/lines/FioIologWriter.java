package dev.dmreplay.ingest.lines;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.ingest.records.ApplicationIo;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the application I/O of a trace ({@link ApplicationIo}: queued I/O that is not a remapped or split-off
 * copy) as a fio iolog version 3, the format {@code fio --write_iolog} writes and {@code --read_iolog} replays:
 * {@code fio version 3 iolog}, then per device an {@code add} and an {@code open} line before its first I/O, one
 * {@code read|write|trim|sync offset length} line per I/O with the time in µs since the first I/O, and a
 * {@code close} per device at the end. Offsets and lengths are bytes. An empty flush becomes {@code sync 0 0};
 * the preflush and FUA flags of a write have no iolog form and are dropped (counted in {@link Result}).
 */
public final class FioIologWriter {

    /** What was written. */
    public record Result(long ios, int files, long flagsDropped) {
    }

    private FioIologWriter() {
    }

    /**
     * @param fileName the file name an I/O of a device is written against ({@code /dev/dm-0}, or what the user
     *                 mapped it to)
     */
    public static Result write(EventSource events, Writer out, Function<DevNo, String> fileName) throws IOException {
        ApplicationIo app = new ApplicationIo();
        Map<Integer, String> files = new LinkedHashMap<>();
        long t0 = Long.MIN_VALUE;
        long last = 0;
        long ios = 0;
        long dropped = 0;
        out.write("fio version 3 iolog\n");
        StringBuilder sb = new StringBuilder(96);
        BlockEvent e;
        while ((e = events.next()) != null) {
            if (!app.isApplicationQueue(e)) {
                continue;
            }
            if (t0 == Long.MIN_VALUE) {
                t0 = e.time();
            }
            long us = Math.max(0, (e.time() - t0) / 1000);
            last = Math.max(last, us);
            String file = files.get(e.device());
            if (file == null) {
                file = fileName.apply(e.dev());
                files.put(e.device(), file);
                sb.setLength(0);
                sb.append(us).append(' ').append(file).append(" add\n");
                sb.append(us).append(' ').append(file).append(" open\n");
                out.append(sb);
            }
            int a = e.action();
            String act;
            long offset = e.sector() << 9;
            long length = e.bytes() & 0xffffffffL;
            if ((a & Category.DISCARD) != 0) {
                act = "trim";
            } else if ((a & Category.FLUSH) != 0 && length == 0) {
                act = "sync";
                offset = 0;
            } else {
                act = (a & Category.WRITE) != 0 ? "write" : "read";
                if ((a & (Category.FLUSH | Category.FUA)) != 0) {
                    dropped++;
                }
            }
            sb.setLength(0);
            sb.append(us).append(' ').append(file).append(' ').append(act).append(' ').append(offset).append(' ')
                    .append(length).append('\n');
            out.append(sb);
            ios++;
        }
        for (String file : files.values()) {
            out.write(last + " " + file + " close\n");
        }
        return new Result(ios, files.size(), dropped);
    }
}
