package dev.dmreplay.ingest.blktrace;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/** Opens a trace file, decompressing {@code .gz}, {@code .xz} and {@code .zst} by name. */
final class Decompress {
    private Decompress() {
    }

    static InputStream open(Path path) throws IOException {
        String n = path.getFileName().toString();
        InputStream raw = Files.newInputStream(path);
        try {
            if (n.endsWith(".gz")) {
                return new GZIPInputStream(raw, 64 * 1024);
            }
            if (n.endsWith(".xz")) {
                return new XZInputStream(new java.io.BufferedInputStream(raw, 64 * 1024));
            }
            if (n.endsWith(".zst")) {
                return new ZstdInputStream(raw);
            }
            return raw;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
