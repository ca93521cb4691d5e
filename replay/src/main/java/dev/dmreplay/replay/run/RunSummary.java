package dev.dmreplay.replay.run;

import dev.dmreplay.replay.observe.ObserveLevel;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.Admission;
import dev.dmreplay.replay.workload.QueueAccounting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a replay run was and what it found, as {@code dmreplay replay} writes it to the run directory's
 * {@code summary.json} ({@link RunSummaryFile}). Read back from an older or hand-written summary, a field the file
 * lacks is null (objects), 0 or false.
 *
 * @param trace                   the trace's file name
 * @param tracePath               the trace as given on the command line, so analyze can find it again
 * @param strategy                the rescue strategy's name
 * @param knobs                   every knob of the run, by name, as the strategy and overrides set them
 * @param pressure                the memory pressure, as {@code MemoryPressure} prints it
 * @param seed                    the random seed
 * @param mode                    the replay mode's kind ({@code TIMED}, {@code AFAP}, {@code SCALED})
 * @param topDevices              the mapped devices bios were submitted to
 * @param reconstructedFromRemaps whether top-level bios came from remap events (top device not traced)
 * @param notes                   what the replay decided on its own (bindings, leaf models)
 * @param result                  what the run found
 * @param queueAccounting         where every Q record of the trace went (null in summaries written before it)
 * @param admission               the bound on top-level bios in flight and what it held back (null in summaries
 *                                written before it)
 * @param identity                the run's identity as its observation file's footer also holds it (null in
 *                                summaries written before it)
 * @param observe                 the observation level's label when it is below {@code all} ({@code pools},
 *                                {@code summary}); null (not written) for {@code all} and in summaries written
 *                                before levels existed
 */
public record RunSummary(String trace, String tracePath, String strategy, Map<String, String> knobs, String pressure,
                         long seed, String mode, List<String> topDevices, boolean reconstructedFromRemaps,
                         List<String> notes, RunResult result, QueueSummary queueAccounting,
                         AdmissionSummary admission, RunIdentity identity, String observe) {

    public RunSummary(String trace, String tracePath, String strategy, Map<String, String> knobs, String pressure,
                      long seed, String mode, List<String> topDevices, boolean reconstructedFromRemaps,
                      List<String> notes, RunResult result, QueueSummary queueAccounting, AdmissionSummary admission,
                      RunIdentity identity) {
        this(trace, tracePath, strategy, knobs, pressure, seed, mode, topDevices, reconstructedFromRemaps, notes,
                result, queueAccounting, admission, identity, null);
    }

    /** The observation level the run recorded at ({@link ObserveLevel#ALL} when the summary does not say). */
    public ObserveLevel observeLevel() {
        return observe == null ? ObserveLevel.ALL : ObserveLevel.parse(observe);
    }

    /** This summary at observation level {@code l} (written only when below all). */
    public RunSummary withObserve(ObserveLevel l) {
        return new RunSummary(trace, tracePath, strategy, knobs, pressure, seed, mode, topDevices,
                reconstructedFromRemaps, notes, result, queueAccounting, admission, identity,
                l == ObserveLevel.ALL ? null : l.label());
    }

    public RunSummary(String trace, String tracePath, String strategy, Map<String, String> knobs, String pressure,
                      long seed, String mode, List<String> topDevices, boolean reconstructedFromRemaps,
                      List<String> notes, RunResult result, QueueSummary queueAccounting) {
        this(trace, tracePath, strategy, knobs, pressure, seed, mode, topDevices, reconstructedFromRemaps, notes,
                result, queueAccounting, null, null, null);
    }

    /**
     * The admission bound ({@link Admission}): per top device its limit, where the limit came from, the most
     * top-level bios in flight at once, and the bios that waited for admission with their total and longest wait;
     * and the requests read after their time because the submitters' queues were full.
     */
    public record AdmissionSummary(List<DeviceBound> devices, long heldByLookahead) {
        public record DeviceBound(String device, int limit, String source, int peak, long delayed, long delayNs,
                                  long maxDelayNs) {
        }

        /** Whether the bound changed when any bio was submitted. */
        public boolean shaped() {
            return heldByLookahead > 0 || devices.stream().anyMatch(d -> d.delayed() > 0);
        }

        static AdmissionSummary of(Admission a, long held) {
            List<DeviceBound> l = new java.util.ArrayList<>();
            for (Admission.Device d : a.devices()) {
                l.add(new DeviceBound(d.name, d.limit, d.source.name(), d.peak, d.delayed, d.delayNanos,
                        d.maxDelayNanos));
            }
            return new AdmissionSummary(List.copyOf(l), held);
        }
    }

    /**
     * The trace's Q records: how many were read, how many were submitted as top-level bios, and how many were
     * skipped, by reason ({@link QueueAccounting.Skip} names).
     */
    public record QueueSummary(long queues, long submitted, Map<String, Long> skipped) {
        static QueueSummary of(QueueAccounting qa) {
            Map<String, Long> sk = new java.util.LinkedHashMap<>();
            for (QueueAccounting.Skip why : QueueAccounting.Skip.values()) {
                sk.put(why.name(), qa.skipped().getOrDefault(why, 0L));
            }
            return new QueueSummary(qa.queues(), qa.delivered(), sk);
        }
    }

    /** The replay's notes and placement lines; first, for a strategy no kernel has, that it is an unmerged proposal. */
    private static List<String> notes(TraceReplay.Prepared p, Strategy strategy) {
        List<String> placed = p.placementLines();
        if (placed.isEmpty() && !strategy.unmerged()) {
            return p.notes();
        }
        List<String> all = new java.util.ArrayList<>();
        if (strategy.unmerged()) {
            all.add("strategy " + strategy.name() + " is an UNMERGED proposal, in no released kernel: "
                    + strategy.title);
        }
        all.addAll(p.notes());
        all.addAll(placed);
        return all;
    }

    /**
     * The summary of a trace replay prepared from {@code s} and run under {@code strategy}, with the identity its
     * observation file carries.
     */
    public static RunSummary of(TraceReplay.Setup s, TraceReplay.Prepared p, RunResult r, Strategy strategy,
                                RunIdentity identity) {
        Path name = s.trace().getFileName();
        return new RunSummary(name == null ? s.trace().toString() : name.toString(), s.trace().toString(),
                strategy.name(), s.knobs().asMap(), s.pressure().toString(), s.seed(), s.mode().kind().name(),
                p.topDevices(), p.fromRemaps(), notes(p, strategy), r, QueueSummary.of(p.workload().accounting()),
                AdmissionSummary.of(p.workload().admission(), p.workload().heldByLookahead()), identity);
    }
}
