package dev.dmreplay.ingest.blktrace;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.io.ReadOptions;
import dev.dmreplay.ingest.io.SkipReport;
import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary blktrace input: per-CPU files merged into one time-ordered stream exactly as blkparse 1.2.0 does in
 * file mode ({@code do_file()}, {@code ms_alloc()}, {@code ms_prime()}, {@code ms_sort()}, {@code ms_deq()} in
 * blkparse.c), or a merged {@code blkparse -d} dump read in file order.
 *
 * <p>Order of the stream returned by {@link #next()}:
 * <ul>
 *   <li>Event records and unflagged MESSAGE notes come in blkparse's merged order. Streams are opened in input
 *       order, CPU 0 first, each primed with a batch of 512 records. The head stream's record is returned; the
 *       stream then moves only if its new head is strictly later than the next stream's head. A (re)inserted
 *       stream goes before every stream with an equal head time, but never before the first stream unless
 *       strictly earlier.</li>
 *   <li>PROCESS and TIMESTAMP notes (and cgroup-flagged or unknown notes, which blkparse 1.2.0 ignores) are
 *       returned when they are read ahead, before the next merged record: the same positions at which
 *       {@code blkparse -d} writes them. {@link #comm(int)} at that point answers as blkparse would.</li>
 * </ul>
 * Times are the recorded kernel times (not relative to the first event).
 *
 * <p>Records whose {@code cpu} disagrees with their file's CPU are skipped and counted
 * ({@link #cpuMismatches()}), in strict and lenient mode alike, as blkparse does. Bad records (truncation, bad
 * magic, unsupported version) throw {@link TraceFormatException}; in lenient mode the reader skips to the next
 * valid record ({@link RecordReader#resync()}) and reports in {@link #skipped()} each damaged stretch, its bytes
 * and the event records it held, counted from the sequence numbers around it ({@link LostRecords}). blkparse
 * itself stops reading a file at such a record; a file whose data is corrupt compressed data, or with no valid
 * record after the bad one, is dropped from there.
 */
public final class BlktraceSource implements EventSource, CpuStream.Sink {

    private record Note(BlockEvent event, int input) {
    }

    private final List<BlktraceInput> declared;
    private final int[] devices;
    private final ReadOptions options;
    private final ByteOrderState order = new ByteOrderState();
    private final PidNames names = new PidNames();
    private final List<CpuStream> streams = new ArrayList<>();
    private final ArrayDeque<Note> notes = new ArrayDeque<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> mismatchReports = new ArrayList<>();
    private long cpuMismatches;
    private CpuStream head;
    private int currentInput = -1;
    private int currentCpu = -1;

    private BlktraceSource(List<BlktraceInput> inputs, ReadOptions options) {
        this.declared = List.copyOf(inputs);
        this.devices = new int[inputs.size()];
        java.util.Arrays.fill(devices, -1);
        this.options = options;
    }

    /** Opens one path: a per-CPU file (its whole set), a set prefix, a directory of sets, or a merged dump. */
    public static BlktraceSource open(Path path, ReadOptions options) throws IOException {
        return open(List.of(path), options);
    }

    /** Opens several inputs in order, like repeated {@code blkparse -i}. */
    public static BlktraceSource open(List<Path> paths, ReadOptions options) throws IOException {
        if (paths.isEmpty()) {
            throw TraceFormatException.of("blktrace", "no input given");
        }
        List<BlktraceInput> inputs = new ArrayList<>();
        for (Path p : paths) {
            inputs.addAll(BlktraceInputs.resolve(p));
        }
        return openInputs(inputs, options);
    }

    /** Opens inputs already resolved (see {@link BlktraceInputs#resolve(Path)}). */
    public static BlktraceSource openInputs(List<BlktraceInput> inputs, ReadOptions options) throws IOException {
        if (inputs.isEmpty()) {
            throw TraceFormatException.of("blktrace", "no input given");
        }
        if (inputs.stream().allMatch(i -> i.files().isEmpty())) {
            throw TraceFormatException.of(inputs.get(0).name(), "empty trace: every per-CPU file has length 0");
        }
        BlktraceSource s = new BlktraceSource(inputs, options);
        try {
            s.start();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void start() throws IOException {
        // every file is open at once: large buffers for a few files, the smallest that holds any record (96 KiB)
        // when there are many (traces of machines with hundreds of CPUs)
        int files = declared.stream().mapToInt(in -> in.files().size()).sum();
        int buffer = files <= 16 ? RecordReader.BUFFER : RecordReader.MIN_BUFFER;
        for (int i = 0; i < declared.size(); i++) {
            for (CpuFile f : declared.get(i).files()) {
                RecordReader r = new RecordReader(f.path().toString(), Decompress.open(f.path()), order, buffer);
                CpuStream cs = new CpuStream(i, f, r, this);
                streams.add(cs);
                if (cs.prime() > 0) {
                    sort(cs);
                }
            }
        }
    }

    @Override
    public BlockEvent next() throws IOException {
        Note n = notes.poll();
        if (n != null) {
            currentInput = n.input;
            currentCpu = n.event.cpu();
            return n.event;
        }
        CpuStream s = head;
        if (s == null) {
            return null;
        }
        BlockEvent e = s.peek();
        currentInput = s.input;
        currentCpu = s.file.merged() ? e.cpu() : s.cpu();
        if (devices[s.input] < 0) {
            devices[s.input] = e.device();
        }
        dequeue(s);
        return e;
    }

    /** {@code ms_sort()}: insert after every stream with a strictly earlier head, never displacing an equal first. */
    private void sort(CpuStream msp) {
        long t = msp.peekTime();
        CpuStream cur = head;
        if (cur == null) {
            head = msp;
        } else if (Long.compareUnsigned(t, cur.peekTime()) < 0) {
            msp.next = cur;
            head = msp;
        } else {
            while (cur.next != null && Long.compareUnsigned(cur.next.peekTime(), t) < 0) {
                cur = cur.next;
            }
            msp.next = cur.next;
            cur.next = msp;
        }
    }

    /** {@code ms_deq()} + {@code ms_resort()}: advance the head stream, move it only if now strictly later. */
    private void dequeue(CpuStream msp) throws IOException {
        if (!msp.advance()) {
            head = msp.next;
            msp.next = null;
            return;
        }
        if (msp.next != null && Long.compareUnsigned(msp.peekTime(), msp.next.peekTime()) > 0) {
            head = msp.next;
            msp.next = null;
            sort(msp);
        }
    }

    @Override
    public void note(BlockEvent note, CpuStream from) {
        seen(from.input, note);
        if (note.action() == 0x04000000) {
            names.addIfAbsent(note.pid(), note.pdu());
        }
        notes.add(new Note(note, from.input));
    }

    @Override
    public void cpuMismatch(CpuStream from, long offset, int recordCpu) {
        cpuMismatches++;
        if (mismatchReports.size() < SkipReport.KEEP) {
            mismatchReports.add(from.file.path() + ": byte offset " + offset + ": cpu " + from.cpu()
                    + " trace info has error cpu " + recordCpu);
        }
    }

    @Override
    public void check(TraceFormatException e) {
        if (!options.lenient()) {
            throw e;
        }
    }

    @Override
    public void bad(TraceFormatException e, DamagedStretch skipped) {
        if (problems.size() < SkipReport.KEEP) {
            problems.add(e.getMessage() + (!skipped.toEnd()
                    ? " (skipped " + skipped.bytes() + " bytes to the next valid record)"
                    : skipped.bytes() < 0 ? " (rest of file skipped)"
                    : " (rest of file skipped: " + skipped.bytes() + " bytes, no valid record follows)"));
        }
    }

    private void seen(int input, BlockEvent e) {
        if (devices[input] < 0) {
            devices[input] = e.device();
        }
    }

    /** The inputs in order, with their files and the device number of the first record read from each. */
    public List<BlktraceInput> inputs() {
        List<BlktraceInput> out = new ArrayList<>(declared.size());
        for (int i = 0; i < declared.size(); i++) {
            BlktraceInput d = declared.get(i);
            int dev = devices[i];
            if (dev < 0) {
                for (CpuStream s : streams) {
                    if (s.input == i && s.peekOrNull() != null) {
                        dev = s.peekOrNull().device();
                        break;
                    }
                }
            }
            out.add(new BlktraceInput(d.name(), d.files(), dev));
        }
        return out;
    }

    /** The input index of the record last returned by {@link #next()}. */
    public int currentInput() {
        return currentInput;
    }

    /** The CPU of the record last returned (its file's CPU; for a merged dump the record's own). */
    public int currentCpu() {
        return currentCpu;
    }

    /** The task name blkparse would print for a pid now: first PROCESS note read so far, else null. */
    public String comm(int pid) {
        return names.comm(pid);
    }

    /** The pid→name table (first name wins, filled at read-ahead time). */
    public PidNames names() {
        return names;
    }

    /** Records skipped because their cpu field disagreed with the file's CPU number. */
    public long cpuMismatches() {
        return cpuMismatches;
    }

    /** The first few cpu-mismatch reports ({@code cpu N trace info has error cpu M}, with file and offset). */
    public List<String> cpuMismatchReports() {
        return List.copyOf(mismatchReports);
    }

    @Override
    public SkipReport skipped() {
        long stretches = 0;
        long bytes = 0;
        long counted = 0;
        long atMost = 0;
        for (CpuStream s : streams) {
            LostRecords l = s.lost();
            stretches += l.stretches();
            bytes += l.bytes();
            counted += l.counted();
            atMost += l.atMost();
        }
        return stretches == 0 ? SkipReport.NONE : new SkipReport(counted, bytes, stretches, atMost, problems);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (CpuStream s : streams) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        head = null;
        if (first != null) {
            throw first;
        }
    }
}
