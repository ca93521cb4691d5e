package dev.dmreplay.replay.workload;

import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.run.TraceReplay;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a prepared replay shows when it runs, for tests that compare two ways of feeding the same run: its
 * observations in order, its result, and the workload's counts.
 */
final class RunTranscript {
    private RunTranscript() {
    }

    static List<String> of(TraceReplay.Prepared p, TraceReplay.Setup s) throws Exception {
        List<String> out = new ArrayList<>();
        p.machine().kernel.addListener(o -> out.add(o.toString()));
        RunResult r = p.run(null, s.options());
        out.add(r.toString());
        TraceWorkload w = p.workload();
        out.add(w.accounting().summary());
        w.leftToModel().forEach((k, v) -> out.add(k + " " + v[0] + " " + v[1]));
        out.add(w.requests() + " requests, " + w.heldByLookahead() + " held, exhausted " + w.exhausted());
        return out;
    }
}
