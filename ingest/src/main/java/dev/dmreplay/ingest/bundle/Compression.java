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

    /**
     * Opens {@code file} decompressed according to its magic bytes (buffered). A tar archive inside (Tencent CBS
     * traces come as hourly {@code .tgz} files) reads as the concatenation of its regular files, in archive order.
     */
    public static InputStream open(Path file) throws IOException {
        Compression c = of(file);
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            BufferedInputStream in = switch (c) {
                case NONE -> (BufferedInputStream) raw;
                case GZIP -> new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
                case XZ -> new BufferedInputStream(new XZInputStream(raw), 1 << 16);
                case ZSTD -> new BufferedInputStream(new ZstdInputStream(raw), 1 << 16);
            };
            return isTar(in) ? new TarContents(in) : in;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** POSIX/GNU tar: {@code ustar} at offset 257 of the first header block. */
    static boolean isTar(BufferedInputStream in) throws IOException {
        in.mark(512);
        byte[] block = in.readNBytes(512);
        in.reset();
        return block.length == 512 && block[257] == 'u' && block[258] == 's' && block[259] == 't'
                && block[260] == 'a' && block[261] == 'r';
    }

    /** The regular files of a tar stream, one after the other. */
    private static final class TarContents extends InputStream {
        private final org.apache.commons.compress.archivers.tar.TarArchiveInputStream tar;
        private boolean inEntry;

        TarContents(InputStream in) {
            this.tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(in);
        }

        private boolean advance() throws IOException {
            for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    inEntry = true;
                    return true;
                }
            }
            return false;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                if (!inEntry && !advance()) {
                    return -1;
                }
                int n = tar.read(b, off, len);
                if (n >= 0) {
                    return n;
                }
                inEntry = false;
            }
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }
}
