package dev.dmreplay.analyze.repro;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.ingest.io.AtomicOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes a reproducer directory from a {@link ReproPlan}: every file is rendered in memory first, then written
 * atomically (temporary file, rename), so bad input leaves nothing behind and a rerun replaces the files.
 */
public final class Reproducer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reproducer() {
    }

    /** The reproducer's files by relative path, in writing order. */
    public static Map<String, String> files(ReproPlan p) throws IOException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("README.md", ReproReadme.render(p));
        f.put("repro.sh", ReproScript.render(p));
        f.put("faults.sh", FaultSettings.render(p));
        f.put("stack.table", p.table());
        f.put("workload.fio", FioJob.render(p));
        for (ReproPlan.Job j : p.jobs()) {
            f.put("workload/" + FioJob.fileName(j), j.iolog());
        }
        f.put("blktests/tests/dm/" + BlktestsTest.NUMBER, BlktestsTest.render(p));
        f.put("blktests/tests/dm/" + BlktestsTest.NUMBER + ".out", BlktestsTest.expected());
        f.put("prediction.json", prediction(p));
        return f;
    }

    /** Writes the files under {@code dir} (created if needed); the scripts are made executable. */
    public static void write(ReproPlan p, Path dir) throws IOException {
        Map<String, String> files = files(p);
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path target = dir.resolve(e.getKey());
            Files.createDirectories(target.getParent());
            try (AtomicOutput out = AtomicOutput.create(target)) {
                out.stream().write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.commit();
            }
            if (e.getKey().equals("repro.sh") || e.getKey().endsWith("/" + BlktestsTest.NUMBER)) {
                try {
                    Files.setPosixFilePermissions(target, Set.of(PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
                            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
                } catch (UnsupportedOperationException ignored) {
                    // a file system without POSIX permissions: README says to run it with bash
                }
            }
        }
    }

    private static String prediction(ReproPlan p) throws IOException {
        KernelEra era = KernelEra.of(p.strategy());
        ObjectNode o = JSON.createObjectNode();
        o.put("name", p.name());
        o.put("source", p.source());
        o.put("strategy", p.strategy().name());
        o.put("kernels", era.versions());
        o.put("unmerged", era.unmerged());
        o.put("outcome", p.prediction().outcome().name());
        o.put("schedules", p.prediction().schedules());
        ObjectNode counts = o.putObject("outcomes");
        for (var oc : dev.dmreplay.replay.detect.Outcome.values()) {
            Integer n = p.prediction().outcomes().get(oc);
            if (n != null) {
                counts.put(oc.name(), n);
            }
        }
        o.put("chain", p.prediction().chain());
        if (p.zoned()) {
            o.put("unalignedWrites", p.prediction().unalignedWrites());
        }
        o.put("pressure", p.pressure().toString());
        return JSON.writeValueAsString(o) + "\n";
    }
}
