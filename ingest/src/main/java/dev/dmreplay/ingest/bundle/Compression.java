package dev.dmreplay.ingest.bundle;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/** Stream compressions accepted on trace files, recognised by their magic bytes (the suffix is only a hint). */
public enum Compression {
    NONE(""),
    GZIP(".gz"),
    XZ(".xz"),
    ZSTD(".zst");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    /** Recognises gzip (1f 8b), xz (fd '7zXZ' 00) and zstd (28 b5 2f fd) frames. */
    public static Compression sniff(byte[] head, int len) {
        if (len >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (len >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z' && head[5] == 0) {
            return XZ;
        }
        if (len >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** The compression of {@code file}, from its first bytes. */
    public static Compression of(Path file) throws IOException {
        byte[] head = new byte[6];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return sniff(head, n);
    }

    /** The file name without a compression suffix ({@code sda.blktrace.0.gz} → {@code sda.blktrace.0}). */
    public static String stripSuffix(String name) {
        for (Compression c : values()) {
            if (c != NONE && name.endsWith(c.suffix)) {
                return name.substring(0, name.length() - c.suffix.length());
            }
        }
        return name;
    }

    /** Opens {@code file} decompressed according to its magic bytes (buffered). */
    public static InputStream open(Path file) throws IOException {
        Compression c = of(file);
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            return switch (c) {
                case NONE -> raw;
                case GZIP -> new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
                case XZ -> new BufferedInputStream(new XZInputStream(raw), 1 << 16);
                case ZSTD -> new BufferedInputStream(new ZstdInputStream(raw), 1 << 16);
            };
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
