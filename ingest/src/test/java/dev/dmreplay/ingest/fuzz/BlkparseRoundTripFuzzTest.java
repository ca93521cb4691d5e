package dev.dmreplay.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dmreplay.ingest.blkparse.BlkparseTextSource;
import dev.dmreplay.ingest.blkparse.BlkparseWriter;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Text written by our blkparse writer ({@link BlkparseWriter}, summary block included) reads back
 * ({@link BlkparseTextSource}, strict) to the records it was written from. The records are built from the fuzzer's
 * bytes the way the kernel's {@code __blk_add_trace()} (kernel/trace/blktrace.c, v6.1) fills them: one of the
 * file-system actions Q M F G S I D C B A with its {@code BLK_TA_*} category bit, {@code BLK_TC_FS} on request
 * events (I, D, and C on a request-based device), the direction and flag categories {@code fill_rwbs()} prints, any
 * u64 sector and any u32 pid, CPU, sequence and process name; a remap carries its 16-byte payload.
 *
 * <p>What blkparse's text cannot carry is kept out of the generated records, not excused in the comparison: sizes
 * are whole sectors (text prints {@code nsect}), at least one (a zero-size line prints no sector), times are
 * relative (compared after subtracting the first), completion and remap lines print no process name,
 * and process names use the characters {@code comm} holds in
 * practice without the bracket and whitespace that would end the name in the text.
 */
class BlkparseRoundTripFuzzTest {
    /** {@code BLK_TA_*} of include/uapi/linux/blktrace_api.h: low code | category, for the actions generated. */
    private static final int[][] ACTIONS = {
        {1, Category.QUEUE}, {2, Category.QUEUE}, {3, Category.QUEUE}, {4, Category.QUEUE}, {5, Category.QUEUE},
        {12, Category.QUEUE}, {7, Category.ISSUE}, {8, Category.COMPLETE}, {14, 0}, {15, Category.QUEUE},
    };
    private static final int TN_PROCESS = Category.NOTIFY; // __BLK_TN_PROCESS is 0
    private static final String COMM_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:._-+@";
    private static final int MAX_RECORDS = 256;

    @FuzzTest(maxDuration = "60s", maxExecutions = 5000)
    void roundTrip(FuzzedDataProvider data) throws IOException {
        List<BlockEvent> written = new ArrayList<>();
        Map<Integer, String> names = new HashMap<>();
        List<BlockEvent> stream = new ArrayList<>();
        long time = data.consumeLong(0, 1L << 40);
        for (int seq = 0; seq < MAX_RECORDS && data.remainingBytes() > 0; seq++) {
            BlockEvent e = record(data, time);
            time = e.time();
            if (!names.containsKey(e.pid())) {
                String n = comm(data);
                names.put(e.pid(), n);
                stream.add(new BlockEvent(time, 0, 0, 0, TN_PROCESS, e.pid(), e.device(), e.cpu(), 0,
                        (n + "\0").getBytes(StandardCharsets.ISO_8859_1)));
            }
            stream.add(e);
            written.add(e);
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        BlkparseWriter w = new BlkparseWriter(text, List.of(), BlkparseWriter.Options.DEFAULT);
        for (BlockEvent e : stream) {
            w.event(e);
        }
        w.finish();

        List<BlockEvent> back = new ArrayList<>();
        Map<Integer, String> backNames = new HashMap<>();
        try (BlkparseTextSource s = new BlkparseTextSource("roundtrip.txt",
                new ByteArrayInputStream(text.toByteArray()), ReadOptions.STRICT)) {
            for (BlockEvent e = s.next(); e != null; e = s.next()) {
                if (e.kind() == Action.NOTIFY_PROCESS) {
                    backNames.putIfAbsent(e.pid(), e.text());
                } else {
                    back.add(e);
                }
            }
        }
        String ctx = "\n" + text.toString(StandardCharsets.ISO_8859_1);
        if (back.size() != written.size()) {
            throw new AssertionError(written.size() + " records written, " + back.size() + " read back" + ctx);
        }
        long offset = written.isEmpty() ? 0 : written.get(0).time() - back.get(0).time();
        for (int i = 0; i < written.size(); i++) {
            BlockEvent x = written.get(i);
            BlockEvent y = back.get(i);
            BlockEvent shifted = new BlockEvent(y.time() + offset, y.sequence(), y.sector(), y.bytes(), y.action(),
                    y.pid(), y.device(), y.cpu(), y.error(), y.pdu(), y.actionExt());
            if (!shifted.equals(x)) {
                throw new AssertionError("record " + i + " written " + x + ", read back " + shifted + ctx);
            }
            // a completion line ends in its error ("[0]"), a remap line in the sector it came from: no name
            boolean named = x.kind() != Action.COMPLETE && x.kind() != Action.REMAP;
            if (named && !names.get(x.pid()).equals(backNames.get(x.pid()))) {
                throw new AssertionError("pid " + x.pid() + " named '" + names.get(x.pid()) + "', read back '"
                        + backNames.get(x.pid()) + "'" + ctx);
            }
        }
    }

    private static BlockEvent record(FuzzedDataProvider data, long previous) {
        int[] a = ACTIONS[data.consumeInt(0, ACTIONS.length - 1)];
        int code = a[0];
        int action = code | a[1];
        int direction = data.consumeInt(0, 2);
        action |= direction == 0 ? Category.READ : direction == 1 ? Category.WRITE : Category.WRITE | Category.DISCARD;
        int flags = data.consumeInt(0, 15);
        action |= ((flags & 1) != 0 ? Category.FLUSH : 0) | ((flags & 2) != 0 ? Category.FUA : 0)
                | ((flags & 4) != 0 ? Category.SYNC : 0) | ((flags & 8) != 0 ? Category.META : 0)
                | (data.consumeBoolean() ? Category.AHEAD : 0);
        DevNo dev = new DevNo(data.consumeInt(0, 4095), data.consumeInt(0, DevNo.MINOR_MASK));
        boolean request = code == 12 || code == 7 || (code == 8 && !dev.isRemapper());
        if (request) {
            action |= Category.FS;
        }
        long time = previous + data.consumeLong(0, 10_000_000_000L);
        int cpu = data.consumeInt(0, Integer.MAX_VALUE);
        int sequence = data.consumeInt(0, Integer.MAX_VALUE);
        int pid = data.consumeInt();
        long sector = data.consumeLong();
        int bytes = data.consumeInt(1, (1 << 23) - 1) << 9;
        int error = code == 8 ? data.consumeInt(0, 0xffff) : 0;
        byte[] pdu = null;
        if (code == 15) {
            pdu = ByteBuffer.allocate(16).putInt(data.consumeInt()).putInt(dev.kernel()).putLong(data.consumeLong())
                    .array();
        }
        return new BlockEvent(time, sequence, sector, bytes, action, pid, dev.kernel(), cpu, error, pdu);
    }

    private static String comm(FuzzedDataProvider data) {
        int n = data.consumeInt(1, 15); // TASK_COMM_LEN 16 with the NUL
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(COMM_CHARS.charAt(data.consumeInt(0, COMM_CHARS.length() - 1)));
        }
        return b.toString();
    }
}
