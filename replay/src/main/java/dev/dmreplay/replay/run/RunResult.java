package dev.dmreplay.replay.run;

import dev.dmreplay.replay.block.Bioset;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.dm.MappedDevice;
import java.util.List;

/**
 * What a run found: the outcome with its wait-for chain (empty unless deadlocked), top-level bio counts and
 * latencies, stalls, and per-pool / per-bioset / per-device rescue statistics, in device construction order.
 */
public record RunResult(Outcome outcome, String chain, long endTimeNs, boolean timeLimitHit, long submitted,
                        long completed, long errors, long meanLatencyNs, long maxLatencyNs, long longestSubmitNs,
                        long stalls, long longestWaitNs, String longestWait, long eventsRun,
                        List<Mempool.MempoolStats> pools, List<Bioset.BiosetStats> biosets,
                        List<MappedDevice.DmStats> devices) {
}
