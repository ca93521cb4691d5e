package dev.dmreplay.replay.run;

import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.MappedDevice;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.kcopyd.DmIoClient;
import dev.dmreplay.replay.stack.Machine;
import dev.dmreplay.replay.target.cache.CacheTarget;
import dev.dmreplay.replay.target.snapshot.SnapshotTarget;
import dev.dmreplay.replay.workload.TraceWorkload;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The I/O a stack's helpers issue (snapshot kcopyd copies, exception-store metadata, held writes resubmitted by
 * the worker; dm-cache's migration copies and metadata commits), the model's against the kernel's: per device and blkparse RWBS, the kernel's worker-issued
 * {@code Q}s without an {@code A} below the top devices ({@link TraceWorkload#leftToModel()}) next to what the
 * model's kcopyd workers issued, with the model's classes (copy read, copy write, metadata commit, ...).
 */
public final class HelperIoComparison {
    private HelperIoComparison() {
    }

    /**
     * One device, RWBS and issuer ({@code worker}: a kernel worker such as kcopyd; {@code task}: the task that
     * mapped the bio): kernel bios, model bios, and what the model's bios were for.
     */
    public record Row(String device, String rwbs, String issuer, long kernelBios, long modelBios, String modelClasses) {
    }

    /** Empty when the stack has no target that issues its own I/O. */
    public static List<Row> compare(Machine m, TraceWorkload w) {
        Map<String, long[]> model = new TreeMap<>();
        Map<String, Set<String>> classes = new TreeMap<>();
        boolean any = false;
        for (BlockDevice d : m.devices()) {
            if (!(d instanceof MappedDevice md)) {
                continue;
            }
            for (Target t : md.table().targets()) {
                if (t instanceof SnapshotTarget st) {
                    any = true;
                    add(model, classes, st.snapshot().workerIo(), "worker");
                    add(model, classes, st.snapshot().taskIo(), "task");
                } else if (t instanceof CacheTarget ct) {
                    any = true;
                    add(model, classes, ct.cache().workerIo(), "worker");
                }
            }
        }
        if (!any) {
            return List.of();
        }
        TreeMap<String, long[]> keys = new TreeMap<>();
        w.leftToModel().forEach((k, v) -> keys.computeIfAbsent(k, x -> new long[2])[0] = v[0]);
        model.forEach((k, v) -> keys.computeIfAbsent(k, x -> new long[2])[1] = v[0]);
        List<Row> rows = new ArrayList<>();
        keys.forEach((k, v) -> {
            String[] p = k.split("\t");
            Set<String> c = classes.get(k);
            rows.add(new Row(p[0], p[1], p[2], v[0], v[1], c == null ? "" : String.join(",", c)));
        });
        return rows;
    }

    /** {@code dmsetup status} of every snapshot target at the end of the run: "name: status". */
    public static List<String> snapshotStatus(Machine m) {
        List<String> l = new ArrayList<>();
        for (BlockDevice d : m.devices()) {
            if (d instanceof MappedDevice md) {
                for (Target t : md.table().targets()) {
                    if (t instanceof SnapshotTarget st) {
                        l.add(md.name + ": " + t.begin + " " + t.len + " " + t.type() + " " + st.snapshot().status());
                    }
                }
            }
        }
        return l;
    }

    /**
     * {@code dmsetup status} of every cache target at the end of the run, from the cache block size on (the
     * metadata usage before it is not modelled): "name: start length cache fields".
     */
    public static List<String> cacheStatus(Machine m) {
        List<String> l = new ArrayList<>();
        for (BlockDevice d : m.devices()) {
            if (d instanceof MappedDevice md) {
                for (Target t : md.table().targets()) {
                    if (t instanceof CacheTarget ct) {
                        l.add(md.name + ": " + t.begin + " " + t.len + " " + t.type() + " " + ct.cache().status());
                    }
                }
            }
        }
        return l;
    }

    private static void add(Map<String, long[]> model, Map<String, Set<String>> classes, List<DmIoClient.IoCount> l,
                            String issuer) {
        for (DmIoClient.IoCount c : l) {
            String k = c.device() + "\t" + c.rwbs() + "\t" + issuer;
            model.computeIfAbsent(k, x -> new long[1])[0] += c.bios();
            classes.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(c.cls().name());
        }
    }
}
