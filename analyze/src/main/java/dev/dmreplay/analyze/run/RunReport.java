package dev.dmreplay.analyze.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dmreplay.analyze.pressure.CloneTracker;
import dev.dmreplay.analyze.pressure.PoolReport;
import dev.dmreplay.analyze.pressure.RescueActivity;
import dev.dmreplay.analyze.stall.StallReport;
import dev.dmreplay.replay.observe.ObservationKind;
import dev.dmreplay.replay.observe.ObserveLevel;
import java.util.List;
import java.util.Map;

/**
 * The analysis of one replay run. {@code about} carries what the run says about itself (strategy, outcome, trace,
 * ... from its summary), in the summary's order; {@code observationCounts} has every kind in declaration order.
 * {@code recorded} is the latency of the replayed trace itself, or null when not given. {@code observe} is the
 * observation level's label when the run recorded less than everything ({@code pools}, {@code summary}; null, and
 * not written to {@code run-analysis.json}, for a complete run): the sections built from kinds the level did not
 * record are then not measurements ({@link #records}).
 */
public record RunReport(String name, Map<String, String> about, long observations, long endNs,
                        Map<String, Long> observationCounts, TopLevelLatency.Report latency, List<PoolReport> pools,
                        RescueActivity.Report rescue, CloneTracker.Report clones, StallReport stalls,
                        RecordedLatency recorded,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String observe) {

    public RunReport withRecorded(RecordedLatency r) {
        return new RunReport(name, about, observations, endNs, observationCounts, latency, pools, rescue, clones,
                stalls, r, observe);
    }

    /** The level the run was recorded at ({@link ObserveLevel#ALL} for complete runs and older run directories). */
    public ObserveLevel observeLevel() {
        return observe == null ? ObserveLevel.ALL : ObserveLevel.parse(observe);
    }

    /** Whether the run recorded observations of {@code kind}, so that figures built from them mean something. */
    public boolean records(ObservationKind kind) {
        return observeLevel().records(kind);
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
