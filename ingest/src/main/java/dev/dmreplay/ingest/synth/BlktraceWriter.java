package dev.dmreplay.ingest.synth;

import dev.dmreplay.ingest.io.AtomicOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes {@code struct blk_io_trace} records (protocol version 7, little-endian headers as an x86 kernel writes
 * them, big-endian payloads as {@code blk_add_trace_remap()} and {@code blk_add_trace_split()} of
 * kernel/trace/blktrace.c (v6.1) write them) into one {@code <device>.blktrace.<cpu>} file per device and CPU,
 * as the {@code blktrace} tool leaves them. Sequence numbers count from 1 per file; a {@code BLK_TN_PROCESS} note
 * (sequence 0) precedes the first record of each pid in each file, as {@code trace_note_tsk()} does once per
 * task and trace (none for pid 0, the completions from interrupt context, as real v6.1 captures show). Every file is written atomically ({@link AtomicOutput}); all CPU files exist, possibly empty.
 */
final class BlktraceWriter implements AutoCloseable {
    static final int MAGIC_V7 = 0x65617407;
    static final int HEADER = 48;
    static final int TN_PROCESS = 0x04000000;
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle B32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle B64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final int cpus;
    private final int[] kernelDevs;
    private final List<AtomicOutput> outputs = new ArrayList<>();
    private final OutputStream[] streams;
    private final int[] sequence;
    private final Set<Long> noted = new HashSet<>();
    private final byte[] rec = new byte[HEADER + 16];
    private long records;
    private long notes;
    private long lastTime = Long.MIN_VALUE;

    BlktraceWriter(Path dir, List<SynthStack.Device> devices, int cpus) throws IOException {
        this.cpus = cpus;
        this.kernelDevs = new int[devices.size()];
        this.streams = new OutputStream[devices.size() * cpus];
        this.sequence = new int[devices.size() * cpus];
        try {
            for (SynthStack.Device d : devices) {
                kernelDevs[d.index()] = d.kernel();
                for (int c = 0; c < cpus; c++) {
                    AtomicOutput o = AtomicOutput.create(dir.resolve(d.fileName() + ".blktrace." + c));
                    outputs.add(o);
                    streams[d.index() * cpus + c] = o.stream();
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * One record; times must come in non-decreasing order over all calls (the caller's event queue makes them
     * so). A time not after the last one written is moved to 1 ns after it, so that every timestamp is unique and
     * blkparse's merge of the per-CPU files has one order.
     *
     * @param pduKind  {@link Pdu#NONE}, {@link Pdu#REMAP} (from device, from sector) or {@link Pdu#SPLIT} (sector)
     */
    void event(long time, int device, int cpu, int action, long sector, int bytes, int pid, Pdu pduKind,
               int fromDevice, long pduSector, String comm) throws IOException {
        if (time <= lastTime) {
            time = lastTime + 1;
        }
        lastTime = time;
        int file = device * cpus + cpu;
        if (pid != 0 && noted.add(((long) file << 32) | (pid & 0xffffffffL))) {
            header(0, time, 0, 0, TN_PROCESS, pid, kernelDevs[device], cpu, 16);
            byte[] name = comm.getBytes(StandardCharsets.ISO_8859_1);
            java.util.Arrays.fill(rec, HEADER, HEADER + 16, (byte) 0);
            System.arraycopy(name, 0, rec, HEADER, Math.min(15, name.length));
            streams[file].write(rec, 0, HEADER + 16);
            notes++;
        }
        int pduLen = switch (pduKind) {
            case NONE -> 0;
            case REMAP -> 16;
            case SPLIT -> 8;
        };
        header(++sequence[file], time, sector, bytes, action, pid, kernelDevs[device], cpu, pduLen);
        if (pduKind == Pdu.REMAP) {
            B32.set(rec, HEADER, fromDevice);
            B32.set(rec, HEADER + 4, kernelDevs[device]);
            B64.set(rec, HEADER + 8, pduSector);
        } else if (pduKind == Pdu.SPLIT) {
            B64.set(rec, HEADER, pduSector);
        }
        streams[file].write(rec, 0, HEADER + pduLen);
        records++;
    }

    private void header(int seq, long time, long sector, int bytes, int action, int pid, int dev, int cpu,
                        int pduLen) {
        I32.set(rec, 0, MAGIC_V7);
        I32.set(rec, 4, seq);
        I64.set(rec, 8, time);
        I64.set(rec, 16, sector);
        I32.set(rec, 24, bytes);
        I32.set(rec, 28, action);
        I32.set(rec, 32, pid);
        I32.set(rec, 36, dev);
        I32.set(rec, 40, cpu);
        I16.set(rec, 44, (short) 0);
        I16.set(rec, 46, (short) pduLen);
    }

    long records() {
        return records;
    }

    long notes() {
        return notes;
    }

    /** Renames every file onto its name; before this, nothing is visible under the final names. */
    void commit() throws IOException {
        for (AtomicOutput o : outputs) {
            o.commit();
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (AtomicOutput o : outputs) {
            try {
                o.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The payload a record carries. */
    enum Pdu { NONE, REMAP, SPLIT }
}
