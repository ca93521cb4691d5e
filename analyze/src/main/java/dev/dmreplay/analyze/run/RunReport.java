package dev.dmreplay.analyze.run;

import dev.dmreplay.analyze.pressure.CloneTracker;
import dev.dmreplay.analyze.pressure.PoolReport;
import dev.dmreplay.analyze.pressure.RescueActivity;
import dev.dmreplay.analyze.stall.StallReport;
import java.util.List;
import java.util.Map;

/**
 * The analysis of one replay run. {@code about} carries what the run says about itself (strategy, outcome, trace,
 * ... from its summary), in the summary's order; {@code observationCounts} has every kind in declaration order.
 * {@code recorded} is the latency of the replayed trace itself, or null when not given.
 */
public record RunReport(String name, Map<String, String> about, long observations, long endNs,
                        Map<String, Long> observationCounts, TopLevelLatency.Report latency, List<PoolReport> pools,
                        RescueActivity.Report rescue, CloneTracker.Report clones, StallReport stalls,
                        RecordedLatency recorded) {

    public RunReport withRecorded(RecordedLatency r) {
        return new RunReport(name, about, observations, endNs, observationCounts, latency, pools, rescue, clones,
                stalls, r);
    }

    /** The strategy the run names in its summary, or "". */
    public String strategy() {
        return aboutValue("strategy");
    }

    /** The trace the run replayed, as its summary names it, or "" (unknown). */
    public String trace() {
        return aboutValue("trace");
    }

    private String aboutValue(String key) {
        for (Map.Entry<String, String> e : about.entrySet()) {
            if (e.getKey().equals(key) || e.getKey().endsWith("." + key)) {
                return e.getValue();
            }
        }
        return "";
    }

    /** The outcome the run reported, else DEADLOCK when a chain was observed, else "" (unknown). */
    public String outcome() {
        for (Map.Entry<String, String> e : about.entrySet()) {
            if ((e.getKey().equals("outcome") || e.getKey().endsWith(".outcome")) && !e.getValue().isEmpty()) {
                return e.getValue();
            }
        }
        return stalls.deadlocks().isEmpty() ? "" : "DEADLOCK";
    }
}
