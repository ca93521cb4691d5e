package dev.dmreplay.analyze.repro;

import dev.dmreplay.ingest.io.EventSource;
import dev.dmreplay.ingest.lines.FioIologWriter;
import dev.dmreplay.ingest.model.Action;
import dev.dmreplay.ingest.model.BlockEvent;
import dev.dmreplay.ingest.model.Category;
import dev.dmreplay.ingest.model.DevNo;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.workload.BioRequest;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scenario's tasks as fio jobs: each task's bios become queue events that ingest's {@link FioIologWriter} writes
 * as a fio iolog v3 (the same writer as {@code dmreplay ingest --format fio-iolog}), one iolog per task so that
 * the tasks submit concurrently as the scenario's tasks do. Operations without an iolog form (write-zeroes,
 * secure erase, write-same) are left out and counted in the notes.
 */
final class IologJobs {
    private IologJobs() {
    }

    /**
     * @param files the iolog file name of each device the bios name (as the scenario names it)
     */
    static List<ReproPlan.Job> of(List<SyntheticWorkload.TaskPlan> tasks, Map<String, String> files,
                                  List<String> notes) {
        List<String> devices = new ArrayList<>(files.keySet());
        List<ReproPlan.Job> jobs = new ArrayList<>();
        long dropped = 0;
        long flagsDropped = 0;
        for (SyntheticWorkload.TaskPlan t : tasks) {
            List<BlockEvent> events = new ArrayList<>();
            long first = Long.MAX_VALUE;
            for (BioRequest r : t.requests()) {
                int action = action(r);
                if (action < 0) {
                    dropped++;
                    continue;
                }
                int dev = new DevNo(253, devices.indexOf(r.device())).kernel();
                first = Math.min(first, r.time());
                events.add(new BlockEvent(r.time(), events.size(), r.sector(), r.sectors() * 512, action, 0, dev, 0,
                        0, BlockEvent.NO_PDU));
            }
            if (events.isEmpty()) {
                continue;
            }
            events.sort(java.util.Comparator.comparingLong(BlockEvent::time));
            StringWriter w = new StringWriter();
            FioIologWriter.Result res;
            try {
                res = FioIologWriter.write(EventSource.of(events), w, d -> files.get(devices.get(d.minor())));
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a StringWriter does not fail
            }
            flagsDropped += res.flagsDropped();
            jobs.add(new ReproPlan.Job(t.name(), w.toString(), first / 1000, res.ios()));
        }
        if (dropped > 0) {
            notes.add(dropped + " bio(s) of an operation fio cannot issue (write-zeroes, secure erase, write-same)"
                    + " are not in the iologs");
        }
        if (flagsDropped > 0) {
            notes.add(flagsDropped + " write(s) carry REQ_PREFLUSH or REQ_FUA in the model; an iolog has no form for"
                    + " them, so fio issues them as plain writes");
        }
        return jobs;
    }

    /** The blktrace action of a queued bio, or -1 for an operation an iolog cannot carry. */
    private static int action(BioRequest r) {
        int a = Action.QUEUE.code() | Category.QUEUE;
        if ((r.flags() & Bio.PREFLUSH) != 0) {
            a |= Category.FLUSH;
        }
        if ((r.flags() & Bio.FUA) != 0) {
            a |= Category.FUA;
        }
        if (r.op() == Op.READ) {
            return a | Category.READ;
        }
        if (r.op() == Op.WRITE) {
            return a | Category.WRITE;
        }
        if (r.op() == Op.DISCARD) {
            return a | Category.WRITE | Category.DISCARD;
        }
        return -1;
    }
}
