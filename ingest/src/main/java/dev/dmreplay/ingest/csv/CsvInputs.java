package dev.dmreplay.ingest.csv;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unwraps what CSV traces are shipped in: plain, gzip ({@code .csv.gz}, by magic bytes) or a gzip'd tar
 * ({@code .tgz}, Tencent's hourly archives; by the {@code ustar} magic), whose regular files are read one
 * after the other in archive order, each ended by a newline.
 */
final class CsvInputs {
    private CsvInputs() {
    }

    static InputStream unwrap(InputStream raw) throws IOException {
        BufferedInputStream b = new BufferedInputStream(raw, 1 << 16);
        b.mark(2);
        int m0 = b.read();
        int m1 = b.read();
        b.reset();
        InputStream in = b;
        if (m0 == 0x1f && m1 == 0x8b) {
            in = new BufferedInputStream(new GZIPInputStream(b, 1 << 16), 1 << 16);
        }
        in.mark(512);
        byte[] head = in.readNBytes(512);
        in.reset();
        if (head.length == 512 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a'
                && head[261] == 'r') {
            return new TarFiles(new TarArchiveInputStream(in));
        }
        return in;
    }

    /** The regular files of a tar stream, concatenated, a newline after each. */
    private static final class TarFiles extends InputStream {
        private final TarArchiveInputStream tar;
        private boolean inEntry;
        private boolean newlinePending;
        private boolean done;

        TarFiles(TarArchiveInputStream tar) {
            this.tar = tar;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                if (done) {
                    return -1;
                }
                if (newlinePending) {
                    newlinePending = false;
                    b[off] = '\n';
                    return 1;
                }
                if (!inEntry) {
                    TarArchiveEntry e = tar.getNextEntry();
                    if (e == null) {
                        done = true;
                        continue;
                    }
                    inEntry = e.isFile();
                    continue;
                }
                int n = tar.read(b, off, len);
                if (n > 0) {
                    return n;
                }
                inEntry = false;
                newlinePending = true;
            }
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }
}
