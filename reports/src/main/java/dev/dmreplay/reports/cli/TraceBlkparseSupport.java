package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.blkparse.BlkparseWriter;
import dev.dmreplay.ingest.blktrace.BlktraceInput;
import dev.dmreplay.ingest.blktrace.BlktraceSource;
import dev.dmreplay.ingest.bundle.OpenedTrace;
import dev.dmreplay.ingest.bundle.TraceFormat;
import dev.dmreplay.ingest.bundle.TraceOpener;
import dev.dmreplay.ingest.model.DevNo;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import dev.dmreplay.ingest.io.AtomicOutput;
import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.model.BlockEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code ingest --format blkparse}: the text {@code blkparse -i <trace> -o out.txt} writes (events and summary).
 * Per-CPU sets keep blkparse's per-input summary; other sources are summarised per device.
 */
final class TraceBlkparseSupport {

    private TraceBlkparseSupport() {
    }

    /**
     * Renders {@code t} to {@code output} (atomically) or, when null, to {@code stdout}. {@code progress} is the
     * (possibly progress-reporting) view of {@code t.events()}.
     */
    static BlkparseWriter write(OpenedTrace t, EventSource progress, Path output, PrintWriter stdout)
            throws IOException {
        if (output != null) {
            try (AtomicOutput out = AtomicOutput.create(output)) {
                BlkparseWriter w = render(t, progress, out.stream());
                out.commit();
                return w;
            }
        }
        // stdout is a Writer (tests capture it): go through bytes, ISO-8859-1 keeps every byte as it is
        OutputStream bridge = new OutputStream() {
            @Override
            public void write(int b) {
                stdout.write(b & 0xff);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                stdout.write(new String(b, off, len, StandardCharsets.ISO_8859_1));
            }

            @Override
            public void flush() {
                stdout.flush();
            }
        };
        BlkparseWriter w = render(t, progress, bridge);
        stdout.flush();
        return w;
    }

    private static BlkparseWriter render(OpenedTrace t, EventSource progress, OutputStream os) throws IOException {
        BlkparseWriter.Options options = BlkparseWriter.Options.DEFAULT;
        if (t.events() instanceof BlktraceSource bs && bs.inputs().stream().noneMatch(BlktraceInput::merged)) {
            BlkparseWriter w = new BlkparseWriter(os, bs.inputs().stream().map(BlktraceInput::name).toList(),
                    options);
            for (BlockEvent e; (e = progress.next()) != null; ) {
                w.event(e, bs.currentInput(), bs.currentCpu());
            }
            w.finish();
            return w;
        }
        List<String> devices = TraceOpener.inputDevices(t);
        if (t.format() == TraceFormat.PARQUET && !devices.isEmpty() && !devices.contains("")
                && new HashSet<>(devices).size() == devices.size()) {
            // a store of per-CPU sets: inputs and devices are one to one, the CPU is the record's own
            Map<Integer, Integer> inputOf = new HashMap<>();
            for (int i = 0; i < devices.size(); i++) {
                inputOf.put(DevNo.parse(devices.get(i)).kernel(), i);
            }
            BlkparseWriter w = new BlkparseWriter(os, t.inputs(), options);
            for (BlockEvent e; (e = progress.next()) != null; ) {
                Integer input = inputOf.get(e.device());
                if (input == null) {
                    w.event(e);
                } else {
                    w.event(e, input, e.cpu());
                }
            }
            w.finish();
            return w;
        }
        BlkparseWriter w = new BlkparseWriter(os, List.of(), options);
        for (BlockEvent e; (e = progress.next()) != null; ) {
            w.event(e);
        }
        w.finish();
        return w;
    }
}
