package dev.dmreplay.analyze.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.dmreplay.analyze.pressure.Distribution;
import dev.dmreplay.replay.observe.BioRole;
import dev.dmreplay.replay.observe.Observation;
import dev.dmreplay.replay.observe.ObservationListener;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Q2C of top-level bios (SUBMIT to the COMPLETE whose detail starts with "top"), with and without
 * coordinated-omission correction, and throughput.
 *
 * <p>Correction: a bio whose submitter was blocked is submitted late; its corrected latency counts from its
 * recorded (intended) submit time. The intended time is taken from the SUBMIT observation's {@code value} when it
 * is positive (simulation ns); when it is zero (the replay does not record it) the bio counts from its actual
 * submission and the run reports the correction as unavailable. Independently, a submission is counted as
 * "delayed" when its task slept since its previous submission began, i.e. the task was held inside
 * {@code generic_make_request} by the bio before.
 */
public final class TopLevelLatency implements ObservationListener {
    private final Map<Long, long[]> inFlight = new HashMap<>(); // bio -> {submit, intended, sectors}
    private final Set<String> sleptSinceSubmit = new HashSet<>();
    private final Distribution q2c = new Distribution();
    private final Distribution corrected = new Distribution();
    private final CompletionTimeline timeline = new CompletionTimeline();
    private long submitted;
    private long completed;
    private long errors;
    private long delayed;
    private long withIntended;
    private long sectorsDone;
    private long firstSubmit = -1;
    private long lastComplete = -1;

    @Override
    public void on(Observation o) {
        switch (o.kind()) {
            case SUBMIT -> {
                submitted++;
                if (firstSubmit < 0) {
                    firstSubmit = o.time();
                }
                long intended = o.value() > 0 ? Math.min(o.value(), o.time()) : o.time();
                if (o.value() > 0) {
                    withIntended++;
                }
                if (o.task() != null && sleptSinceSubmit.remove(o.task())) {
                    delayed++;
                }
                inFlight.put(o.bio(), new long[] {o.time(), intended, o.sectors()});
            }
            case WAIT_BEGIN -> {
                if (o.task() != null) {
                    sleptSinceSubmit.add(o.task());
                }
            }
            case COMPLETE -> {
                if (o.role() != BioRole.TOP_LEVEL) {
                    return;
                }
                long[] s = inFlight.remove(o.bio());
                if (s == null) {
                    return;
                }
                completed++;
                if (o.status() != 0) {
                    errors++;
                }
                q2c.record(o.time() - s[0]);
                corrected.record(o.time() - s[1]);
                sectorsDone += s[2];
                lastComplete = o.time();
                timeline.add(o.time());
            }
            default -> {
            }
        }
    }

    /**
     * Latency of a run. Throughput is over the span from the first submission to the last completion
     * (0 when nothing completed or the span is empty).
     *
     * @param correctionAvailable whether any SUBMIT carried its intended time
     * @param completions         completions over time (for charts; not part of the run's JSON analysis file, which
     *                            keeps its earlier fields)
     * @param q2cCdf              the Q2C distribution function (for charts; not in the JSON file either)
     */
    public record Report(long submitted, long completed, long errors, long unfinished, long delayedSubmissions,
                         boolean correctionAvailable, Distribution.Summary q2c, Distribution.Summary q2cCorrected,
                         long spanNs, double iops, double mibPerSecond,
                         @JsonIgnore CompletionTimeline.Report completions, @JsonIgnore Distribution.Cdf q2cCdf) {
        /**
         * Whether top-level bios never completed (a deadlocked or stalled run): then {@link #iops()} and
         * {@link #mibPerSecond()} only say what got done before the run stopped, not a throughput.
         */
        public boolean stuck() {
            return unfinished > 0;
        }
    }

    public Report report() {
        long span = completed == 0 ? 0 : lastComplete - firstSubmit;
        double iops = span <= 0 ? 0 : completed * 1e9 / span;
        double mib = span <= 0 ? 0 : sectorsDone * 512.0 / (1 << 20) * 1e9 / span;
        return new Report(submitted, completed, errors, inFlight.size(), delayed, withIntended > 0, q2c.summary(),
                corrected.summary(), span, iops, mib, timeline.report(), q2c.cdf());
    }
}
