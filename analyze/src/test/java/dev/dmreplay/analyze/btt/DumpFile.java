package dev.dmreplay.analyze.btt;

import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Test helper: reads a little-endian {@code blkparse -d} dump from a class-path resource. */
final class DumpFile {
    private DumpFile() {
    }

    static List<BlockEvent> read(String resource) throws IOException {
        byte[] all;
        try (InputStream in = DumpFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            all = in.readAllBytes();
        }
        return parse(all);
    }

    static List<BlockEvent> parse(byte[] all) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        List<BlockEvent> out = new ArrayList<>();
        while (b.remaining() >= 48) {
            int magic = b.getInt();
            if ((magic & 0xffffff00) != 0x65617400) {
                throw new IOException("bad magic at " + (b.position() - 4));
            }
            int seq = b.getInt();
            long time = b.getLong();
            long sector = b.getLong();
            int bytes = b.getInt();
            int action = b.getInt();
            int pid = b.getInt();
            int device = b.getInt();
            int cpu = b.getInt();
            int error = Short.toUnsignedInt(b.getShort());
            int pduLen = Short.toUnsignedInt(b.getShort());
            byte[] pdu = new byte[pduLen];
            b.get(pdu);
            out.add(new BlockEvent(time, seq, sector, bytes, action, pid, device, cpu, error, pdu));
        }
        return out;
    }
}
