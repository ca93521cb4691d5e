package dev.dmreplay.analyze.repro;

import dev.dmreplay.ingest.dm.DevRef;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.replay.block.ServiceModel;
import dev.dmreplay.replay.scenario.Scenario;
import dev.dmreplay.replay.scenario.ScenarioResult;
import dev.dmreplay.replay.scenario.ScenarioRunner;
import dev.dmreplay.replay.stack.StackSpec;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.BioRequest;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reproducer plan of a scenario under one strategy: its stack (the scenario's table, leaf latencies and queue
 * depths), its tasks as fio jobs, its pressure, and the model's prediction, explored over {@code schedules}
 * schedules ({@link ScenarioRunner#explore}) when more than one.
 */
public final class ScenarioPlans {
    private ScenarioPlans() {
    }

    public static ReproPlan of(Scenario s, Strategy strategy, int schedules) {
        StringBuilder dump = new StringBuilder();
        for (StackSpec.Dm d : s.stack().dms()) {
            for (StackSpec.TargetLine l : d.table()) {
                dump.append(d.name()).append(": ").append(l.start()).append(' ').append(l.length()).append(' ')
                        .append(l.args().render()).append('\n');
            }
        }
        // the scenario's own lines, keys already masked by the parser; parsed again for the creation order
        DmTopology topo = DmTopology.parse(s.source() + " (stack.table)", dump.toString());
        Map<String, Long> need = StackTables.leafSectors(topo);
        List<String> notes = new ArrayList<>();
        List<ReproLeaf> leaves = new ArrayList<>();
        List<ReproPlan.Md> mds = new ArrayList<>();
        for (DevRef r : topo.leaves()) {
            String ref = r.toString();
            StackSpec.Md md = findMd(s.stack(), ref);
            if (md != null) {
                List<String> members = new ArrayList<>();
                for (String m : md.members()) {
                    StackSpec.Leaf l = findLeaf(s.stack(), m);
                    String mref = l == null ? m : l.devno() != null ? l.devno() : l.name();
                    members.add(addLeaf(leaves, l, mref, need.get(ref)));
                }
                mds.add(new ReproPlan.Md(ReproLeaf.keyOf(ref), ref, md.name(), members, md.chunkSectors(),
                        md.maxSectors()));
                continue;
            }
            addLeaf(leaves, findLeaf(s.stack(), ref), ref, need.get(ref));
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (SyntheticWorkload.TaskPlan t : s.tasks()) {
            for (BioRequest b : t.requests()) {
                files.computeIfAbsent(b.device(), d -> fileOf(s.stack(), d, leaves));
            }
        }
        List<ReproPlan.Job> jobs = IologJobs.of(s.tasks(), files, notes);
        if (!s.suspends().isEmpty()) {
            notes.add("the scenario suspends and resumes " + s.suspends().size() + " device(s) during the run; the"
                    + " script does the same with dmsetup suspend/resume at the scenario's times (shell sleeps:"
                    + " millisecond precision at best)");
        }
        if (!s.knobOverrides().isEmpty()) {
            notes.add("the scenario sets model knobs " + s.knobOverrides() + ": they describe the kernel the"
                    + " prediction is for (choose a kernel that behaves so), not settings the script can make");
        }
        ScenarioResult r = schedules > 1 ? ScenarioRunner.explore(s, strategy, List.of(), schedules)
                : ScenarioRunner.run(s, strategy, List.of());
        Prediction p = r.exploration() != null
                ? new Prediction(r.outcome(), r.exploration().schedules(), r.exploration().outcomes(), r.chain(),
                        r.exploration().outOfOrder().maxUnalignedWrites())
                : new Prediction(r.outcome(), 1, Map.of(r.outcome(), 1), r.chain(),
                        r.run().order() == null ? 0 : r.run().order().unalignedWrites());
        String title = s.title().isEmpty() ? s.id() : s.title();
        Map<String, String> numbers = new LinkedHashMap<>();
        for (StackSpec.Dm d : s.stack().dms()) {
            if (d.devno() != null) {
                numbers.put(d.name(), d.devno());
            }
        }
        List<ReproPlan.Suspend> suspends = new ArrayList<>();
        s.suspends().forEach(x -> suspends.add(new ReproPlan.Suspend(x.device(), x.at(), x.resumeAfter())));
        return new ReproPlan(s.id(), s.source(), title, strategy, StackTables.table(topo), StackTables.order(topo),
                leaves, mds, numbers, jobs, suspends, s.pressure(), p, notes);
    }

    private static String addLeaf(List<ReproLeaf> leaves, StackSpec.Leaf l, String ref, Long sectors) {
        String key = ReproLeaf.keyOf(ref);
        for (ReproLeaf x : leaves) {
            if (x.key().equals(key)) {
                return key;
            }
        }
        long lat = 1_000_000;
        int qd = 32;
        if (l != null && l.model() instanceof ServiceModel.Parametric pm) {
            lat = pm.latencyNs();
            qd = pm.queueDepth();
        }
        long n = sectors == null ? StackTables.MIN_SECTORS : sectors;
        if (l != null && l.capacity() > 0) {
            n = Math.max(n, StackTables.roundMiB(l.capacity()));
        }
        leaves.add(new ReproLeaf(key, ref, l == null ? ref : l.name(), n, lat, qd, l == null ? 0 : l.maxSectors(),
                l == null ? 0 : l.zoneSectors()));
        return key;
    }

    private static StackSpec.Leaf findLeaf(StackSpec st, String ref) {
        for (StackSpec.Leaf l : st.leaves()) {
            if (ref.equals(l.devno()) || ref.equals(l.name()) || ref.equals("/dev/" + l.name())) {
                return l;
            }
        }
        return null;
    }

    private static StackSpec.Md findMd(StackSpec st, String ref) {
        for (StackSpec.Md m : st.mds()) {
            if (ref.equals(m.devno()) || ref.equals(m.name()) || ref.equals("/dev/" + m.name())) {
                return m;
            }
        }
        return null;
    }

    /** The file fio opens for a device a bio names: the mapped device's node, or the script's leaf link. */
    private static String fileOf(StackSpec st, String device, List<ReproLeaf> leaves) {
        for (StackSpec.Dm d : st.dms()) {
            if (device.equals(d.name()) || device.equals("/dev/mapper/" + d.name()) || device.equals(d.devno())) {
                return "/dev/mapper/" + d.name();
            }
        }
        StackSpec.Leaf l = findLeaf(st, device);
        String ref = l == null ? device : l.devno() != null ? l.devno() : l.name();
        return "leaf-" + ReproLeaf.keyOf(ref);
    }
}
