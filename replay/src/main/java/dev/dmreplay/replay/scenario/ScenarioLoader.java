package dev.dmreplay.replay.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dmreplay.ingest.dm.DmTopology;
import dev.dmreplay.ingest.io.ScenarioFormatException;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.block.ServiceModel;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.pressure.Durations;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.stack.StackSpec;
import dev.dmreplay.replay.stack.TopologyStacks;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.workload.BioRequest;
import dev.dmreplay.replay.workload.ReplayMode;
import dev.dmreplay.replay.workload.SuspendResume;
import dev.dmreplay.replay.workload.SyntheticWorkload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads scenario files (YAML, or JSON which is YAML too). The stack's DM tables are an inline
 * {@code dmsetup table} dump parsed by ingest's {@link DmTopology}. Errors name the file and the field.
 */
public final class ScenarioLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ScenarioLoader() {
    }

    /** Loads one file, or every {@code *.yaml|*.yml|*.json} file of a directory in name order. */
    public static List<Scenario> loadAll(Path path) {
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(p -> {
                    String n = p.getFileName().toString();
                    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
                }).sorted().toList();
            } catch (IOException e) {
                throw ScenarioFormatException.of(path.toString(), "cannot list directory: " + e.getMessage());
            }
            if (files.isEmpty()) {
                throw ScenarioFormatException.of(path.toString(), "no scenario files (*.yaml, *.yml, *.json)");
            }
            List<Scenario> out = new ArrayList<>();
            for (Path f : files) {
                out.add(load(f));
            }
            return out;
        }
        return List.of(load(path));
    }

    public static Scenario load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw ScenarioFormatException.of(file.toString(), "cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public static Scenario parse(String source, String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw ScenarioFormatException.of(source, "not valid YAML/JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw ScenarioFormatException.of(source, "expected a mapping at the top level");
        }
        YamlLines lines = YamlLines.of(text);
        List<ScenarioSchema.Problem> problems = ScenarioSchema.check(root);
        if (!problems.isEmpty()) {
            ScenarioSchema.Problem p = problems.get(0);
            String where = ScenarioSchema.dotted(p.pointer());
            throw at(source, lines.line(p.pointer()), (where.isEmpty() ? "" : where + ": ") + p.message());
        }
        Ctx c = new Ctx(source, lines);
        try {
            String id = c.text(root, "id", null);
            String title = c.text(root, "title", "");
            String notes = c.text(root, "notes", "");
            String shows = c.text(root, "shows", "");
            StackSpec stack = stack(c, c.req(root, "stack"));
            JsonNode wl = c.req(root, "workload");
            ReplayMode mode = c.parse("workload.mode", () -> ReplayMode.parse(c.text(wl, "mode", "timed"), 1));
            List<SyntheticWorkload.TaskPlan> tasks = tasks(c, c.req(wl, "tasks"));
            MemoryPressure pressure = c.parse("pressure", () -> MemoryPressure.parse(c.text(root, "pressure", "none")));
            long stall = c.parse("stallThreshold", () -> Durations.parse(
                    c.text(root, "stallThreshold", dev.dmreplay.replay.sim.Kernel.DEFAULT_STALL_THRESHOLD)));
            long limit = c.parse("timeLimit", () -> Durations.parse(c.text(root, "timeLimit", "600s")));
            long seed = root.has("seed") ? root.get("seed").asLong() : 1;
            int schedules = root.has("schedules") ? root.get("schedules").asInt() : 1;
            int explore = root.has("explore") ? root.get("explore").asInt() : -1;
            List<String> knobs = new ArrayList<>();
            if (root.has("cpuPerMap")) {
                knobs.add("cpuNsPerMap=" + c.parse("cpuPerMap", () -> Durations.parse(root.get("cpuPerMap").asText())) + "ns");
            }
            JsonNode k = root.get("knobs");
            if (k != null) {
                if (!k.isObject()) {
                    throw c.err("knobs", "expected a mapping name: value");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = k.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String assignment = e.getKey() + "=" + e.getValue().asText();
                    // refused here, with the line, rather than when the first cell runs
                    c.parse("knobs." + e.getKey(), () -> Strategy.MODERN.knobs.with(e.getKey(), e.getValue().asText()));
                    knobs.add(assignment);
                }
            }
            List<Strategy> strategies = new ArrayList<>();
            JsonNode st = root.get("strategies");
            if (st == null) {
                strategies.addAll(List.of(Strategy.CLAIMS));
            } else {
                for (int i = 0; i < st.size(); i++) {
                    String name = st.get(i).asText();
                    strategies.add(c.parse("strategies[" + i + "]", () -> Strategy.parse(name)));
                }
            }
            Map<Strategy, Outcome> expected = new EnumMap<>(Strategy.class);
            JsonNode ex = root.get("expect");
            if (ex != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = ex.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Strategy s = c.parse("expect." + e.getKey(), () -> Strategy.parse(e.getKey()));
                    try {
                        expected.put(s, Outcome.valueOf(e.getValue().asText().trim().toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException x) {
                        throw c.err("expect." + e.getKey(), "expected FINE, STALL, DEADLOCK or MEMORY_DEADLOCK");
                    }
                }
            }
            if (id == null) {
                throw c.err("id", "missing");
            }
            List<SuspendResume> suspends = new ArrayList<>();
            JsonNode sus = root.get("suspend");
            if (sus != null) {
                for (int i = 0; i < sus.size(); i++) {
                    JsonNode a = sus.get(i);
                    String at = "suspend[" + i + "]";
                    String dev = c.text(a, "device", null);
                    if (dev == null) {
                        throw c.err(at + ".device", "missing");
                    }
                    suspends.add(new SuspendResume(dev, c.parse(at + ".at", () -> Durations.parse(c.text(a, "at", "0"))),
                            c.parse(at + ".resumeAfter", () -> Durations.parse(c.text(a, "resumeAfter", "0")))));
                }
            }
            checkDevices(c, root, stack);
            return Scenario.builder().id(id).title(title).source(source).notes(notes).stack(stack).tasks(tasks)
                    .mode(mode).pressure(pressure).stallThresholdNs(stall).timeLimitNs(limit).seed(seed)
                    .knobOverrides(knobs).strategies(strategies).expected(expected).suspends(suspends)
                    .schedules(schedules).explore(explore).shows(shows).build();
        } catch (IllegalArgumentException e) {
            throw ScenarioFormatException.of(source, e.getMessage());
        }
    }

    private static ScenarioFormatException at(String source, int line, String problem) {
        return line > 0 ? ScenarioFormatException.atLine(source, line, problem)
                : ScenarioFormatException.of(source, problem);
    }

    /** Every device a bio, a pool size or a suspension names must exist in the stack. */
    private static void checkDevices(Ctx c, JsonNode root, StackSpec stack) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        java.util.Set<String> dms = new java.util.LinkedHashSet<>();
        java.util.Set<String> known = new java.util.HashSet<>();
        stack.dms().forEach(d -> {
            names.add(d.name());
            dms.add(d.name());
            known.add("/dev/mapper/" + d.name());
            known.add(d.devno());
        });
        stack.leaves().forEach(l -> {
            names.add(l.name());
            known.add("/dev/" + l.name());
            known.add(l.devno());
        });
        stack.mds().forEach(m -> {
            names.add(m.name());
            known.add("/dev/" + m.name());
            known.add(m.devno());
        });
        known.addAll(names);
        JsonNode ps = root.get("stack").get("poolSize");
        if (ps != null) {
            for (Iterator<String> it = ps.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!dms.contains(k)) {
                    throw c.err("stack.poolSize." + k, "pool size for unknown device '" + k + "'" + near(k, dms)
                            + "; mapped devices: " + String.join(", ", dms));
                }
            }
        }
        JsonNode ts = root.get("workload").get("tasks");
        for (int i = 0; i < ts.size(); i++) {
            JsonNode bios = ts.get(i).get("bios");
            for (int b = 0; b < bios.size(); b++) {
                String d = bios.get(b).get("device").asText();
                if (!known.contains(d)) {
                    throw c.err("workload.tasks[" + i + "].bios[" + b + "].device", "unknown device '" + d + "'"
                            + near(d, names) + "; devices: " + String.join(", ", names));
                }
            }
        }
        JsonNode sus = root.get("suspend");
        if (sus != null) {
            for (int i = 0; i < sus.size(); i++) {
                String d = sus.get(i).get("device").asText();
                if (!dms.contains(d)) {
                    throw c.err("suspend[" + i + "].device", "unknown mapped device '" + d + "'" + near(d, dms));
                }
            }
        }
    }

    private static String near(String word, java.util.Collection<String> names) {
        String n = dev.dmreplay.replay.strategy.Suggest.closest(word, names);
        return n == null ? "" : " (did you mean '" + n + "'?)";
    }

    private static StackSpec stack(Ctx c, JsonNode s) {
        List<StackSpec.Leaf> leaves = new ArrayList<>();
        Map<String, StackSpec.Leaf> byRef = new LinkedHashMap<>();
        JsonNode ls = c.req(s, "leaves");
        int i = 0;
        for (JsonNode l : ls) {
            String where = "stack.leaves[" + i++ + "]";
            String name = c.text(l, "name", null);
            if (name == null) {
                throw c.err(where + ".name", "missing");
            }
            String devno = c.text(l, "devno", null);
            ServiceModel m = new ServiceModel.Parametric(Durations.parse(c.text(l, "latency", "1ms")),
                    l.has("bandwidth") ? l.get("bandwidth").asLong() : 0, l.has("queueDepth") ? l.get("queueDepth").asInt() : 32);
            StackSpec.Leaf leaf = new StackSpec.Leaf(name, devno, l.has("capacity") ? l.get("capacity").asLong() : 0, m,
                    l.has("maxSectors") ? l.get("maxSectors").asInt() : 0,
                    l.has("zoneSectors") ? l.get("zoneSectors").asLong() : 0);
            leaves.add(leaf);
            byRef.put(name, leaf);
            byRef.put("/dev/" + name, leaf);
            if (devno != null) {
                byRef.put(devno, leaf);
            }
        }
        List<StackSpec.Md> mds = new ArrayList<>();
        List<String> mdRefs = new ArrayList<>();
        JsonNode md = s.get("md");
        if (md != null) {
            for (JsonNode m : md) {
                String name = c.text(m, "name", null);
                List<String> members = new ArrayList<>();
                for (JsonNode x : c.req(m, "members")) {
                    members.add(x.asText());
                }
                String devno = c.text(m, "devno", null);
                mds.add(new StackSpec.Md(name, devno, 0, members, m.has("chunk") ? m.get("chunk").asInt() : 0,
                        m.has("maxSectors") ? m.get("maxSectors").asInt() : 0));
                mdRefs.add(name);
                mdRefs.add("/dev/" + name);
                if (devno != null) {
                    mdRefs.add(devno);
                }
            }
        }
        Map<String, Integer> pools = new LinkedHashMap<>();
        JsonNode ps = s.get("poolSize");
        if (ps != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                pools.put(e.getKey(), e.getValue().asInt());
            }
        }
        String table = c.text(s, "table", null);
        if (table == null) {
            throw c.err("stack.table", "missing (an inline dmsetup table dump, lines 'name: start length type args')");
        }
        DmTopology topo = DmTopology.parse(c.source + " (stack.table)", table);
        List<StackSpec.Leaf> used = new ArrayList<>();
        StackSpec spec = TopologyStacks.build(c.source + " (stack.table)", topo, ref -> {
            String key = ref.toString();
            if (mdRefs.contains(key)) {
                return null;
            }
            StackSpec.Leaf l = byRef.get(key);
            if (l == null) {
                throw c.err("stack.table", "device " + key + " is neither a leaf nor an md device of stack.leaves/md");
            }
            if (!used.contains(l)) {
                used.add(l);
            }
            return null;
        }, mds, leaves, pools);
        return spec;
    }

    private static List<SyntheticWorkload.TaskPlan> tasks(Ctx c, JsonNode ts) {
        List<SyntheticWorkload.TaskPlan> plans = new ArrayList<>();
        int g = 0;
        for (JsonNode t : ts) {
            String where = "workload.tasks[" + g++ + "]";
            int count = t.has("count") ? t.get("count").asInt() : 1;
            String pattern = c.text(t, "name", "T%d");
            for (int i = 0; i < count; i++) {
                String name = pattern.contains("%d") ? String.format(Locale.ROOT, pattern, plans.size() + 1) : pattern;
                List<BioRequest> reqs = new ArrayList<>();
                int b = 0;
                for (JsonNode bio : c.req(t, "bios")) {
                    String bw = where + ".bios[" + b++ + "]";
                    String dev = c.text(bio, "device", null);
                    if (dev == null) {
                        throw c.err(bw + ".device", "missing");
                    }
                    Op op = op(c, bw, c.text(bio, "op", "write"));
                    int flags = 0;
                    JsonNode fl = bio.get("flags");
                    if (fl != null) {
                        for (JsonNode f : fl) {
                            flags |= switch (f.asText().toLowerCase(Locale.ROOT)) {
                                case "preflush" -> Bio.PREFLUSH;
                                case "fua" -> Bio.FUA;
                                case "rahead" -> Bio.RAHEAD;
                                case "sync" -> Bio.SYNC;
                                default -> throw c.err(bw + ".flags", "unknown flag '" + f.asText()
                                        + "' (preflush, fua, rahead, sync)");
                            };
                        }
                    }
                    long sector = bio.has("sector") ? bio.get("sector").asLong() : 0;
                    sector += (bio.has("taskStride") ? bio.get("taskStride").asLong() : 0) * i;
                    int sectors = bio.has("sectors") ? bio.get("sectors").asInt() : 8;
                    long at = Durations.parse(c.text(bio, "at", "0"));
                    int repeat = bio.has("repeat") ? bio.get("repeat").asInt() : 1;
                    long interval = Durations.parse(c.text(bio, "interval", "0"));
                    for (int r = 0; r < repeat; r++) {
                        reqs.add(new BioRequest(at + r * interval, dev, op, flags, sector + (long) r * sectors, sectors));
                    }
                }
                plans.add(new SyntheticWorkload.TaskPlan(name, reqs));
            }
        }
        if (plans.isEmpty()) {
            throw c.err("workload.tasks", "no tasks");
        }
        return plans;
    }

    private static Op op(Ctx c, String where, String s) {
        try {
            return Op.valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw c.err(where + ".op", "unknown op '" + s + "' (read, write, discard, write_zeroes, ...)");
        }
    }

    private record Ctx(String source, YamlLines lines) {
        JsonNode req(JsonNode n, String field) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                throw err(field, "missing");
            }
            return v;
        }

        String text(JsonNode n, String field, String dflt) {
            JsonNode v = n.get(field);
            return v == null || v.isNull() ? dflt : v.asText();
        }

        /**
         * Runs a value parser for {@code field}; its refusal ({@link IllegalArgumentException}) becomes a format
         * error naming the field and its line.
         */
        <T> T parse(String field, java.util.function.Supplier<T> parser) {
            try {
                return parser.get();
            } catch (IllegalArgumentException e) {
                throw err(field, e.getMessage());
            }
        }

        ScenarioFormatException err(String field, String problem) {
            String ptr = "/" + field.replace("]", "").replace('[', '/').replace('.', '/');
            return at(source, lines.line(ptr), field + ": " + problem);
        }
    }
}
