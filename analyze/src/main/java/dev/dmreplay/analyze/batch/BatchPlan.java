package dev.dmreplay.analyze.batch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What a batch runs, parsed and checked, the same for the local batch and the Spark job: the strategies (by their
 * canonical names), the memory pressures (as given) and the settings every run shares, placement included.
 *
 * @param strategies strategy names, in the order given
 * @param pressures  pressure specs, in the order given
 * @param limits     what every run shares
 */
public record BatchPlan(List<String> strategies, List<String> pressures, RunLimits limits) {
    public BatchPlan {
        strategies = List.copyOf(strategies);
        pressures = List.copyOf(pressures);
    }

    /**
     * Every trace under every strategy and pressure, traces outermost, in the order given; each trace named by
     * {@link TraceNames#name} of its file name, made unique within the batch.
     *
     * @param inputs   the traces, as the runs will open them (local path or Hadoop URI)
     * @param fileName the last name of an input (local paths and Hadoop paths differ in how it is found)
     */
    public List<RunSpec> specs(List<String> inputs, UnaryOperator<String> fileName) {
        List<RunSpec> specs = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (String t : inputs) {
            String name = TraceNames.unique(TraceNames.name(fileName.apply(t)), used);
            for (String s : strategies) {
                for (String p : pressures) {
                    specs.add(new RunSpec(name, t, s, p));
                }
            }
        }
        return specs;
    }
}
