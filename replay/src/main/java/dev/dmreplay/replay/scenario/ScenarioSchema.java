package dev.dmreplay.replay.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.pressure.Durations;
import dev.dmreplay.replay.pressure.MemoryPressure;
import dev.dmreplay.replay.strategy.Knob;
import dev.dmreplay.replay.strategy.TargetKnobs;
import dev.dmreplay.replay.strategy.Strategy;
import dev.dmreplay.replay.strategy.Suggest;
import dev.dmreplay.replay.workload.ReplayMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scenario file schema (format in replay/README.md): every key known, every value of the right type and
 * range, before anything is built from the file, so that a typo can never silently change the experiment.
 * Problems are reported as {@link Problem}s naming the JSON pointer of the offending key; the loader turns them
 * into one line naming file, line and key.
 */
final class ScenarioSchema {

    /** A schema violation at {@code pointer} ({@code /workload/tasks/0/count}). */
    record Problem(String pointer, String message) {
    }

    /** A value check. */
    private interface Type {
        /** Returns null if {@code n} is acceptable, else what was expected. */
        String check(JsonNode n, String ptr, List<Problem> out);
    }

    private record Field(String name, Type type, boolean required) {
    }

    private static Field f(String name, Type t) {
        return new Field(name, t, false);
    }

    private static Field req(String name, Type t) {
        return new Field(name, t, true);
    }

    private static final Type STRING = (n, p, o) -> n.isValueNode() ? null : "a string";

    private static Type integer(long min, long max) {
        return (n, p, o) -> {
            long v;
            if (n.isIntegralNumber() && n.canConvertToLong()) {
                v = n.asLong();
            } else {
                return "an integer" + range(min, max);
            }
            return v < min || v > max ? "an integer" + range(min, max) + ", not " + v : null;
        };
    }

    private static String range(long min, long max) {
        if (min == Long.MIN_VALUE) {
            return "";
        }
        if (max == Long.MAX_VALUE) {
            return " >= " + min;
        }
        return " in " + min + ".." + max;
    }

    private static final Type DURATION = (n, p, o) -> {
        if (!n.isValueNode() || n.isBoolean()) {
            return "a duration such as 1ms, 200us, 5s";
        }
        try {
            Durations.parse(n.asText());
            return null;
        } catch (IllegalArgumentException e) {
            return "a duration such as 1ms, 200us, 5s, not '" + n.asText() + "'";
        }
    };

    private static Type parsed(String what, java.util.function.Consumer<String> parser) {
        return (n, p, o) -> {
            if (!n.isValueNode()) {
                return what;
            }
            try {
                parser.accept(n.asText());
                return null;
            } catch (IllegalArgumentException e) {
                return what + " (" + e.getMessage() + ")";
            }
        };
    }

    private static final Type PRESSURE = parsed("a pressure such as none, hard, soft(0.5,0.1)@1s-5s", MemoryPressure::parse);
    private static final Type MODE = parsed("a mode: timed, afap[:QD] or scale=X", s -> ReplayMode.parse(s, 1));
    private static final Type STRATEGY = parsed("a strategy", Strategy::parse);
    private static final Type OUTCOME = (n, p, o) -> {
        if (n.isValueNode()) {
            String u = n.asText().trim().toUpperCase(Locale.ROOT);
            for (Outcome x : Outcome.values()) {
                if (x.name().equals(u)) {
                    return null;
                }
            }
        }
        return "an outcome: FINE, STALL, INCOMPLETE, DEADLOCK or MEMORY_DEADLOCK";
    };
    private static final Type OP = (n, p, o) -> {
        if (n.isValueNode()) {
            try {
                Op.valueOf(n.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_'));
                return null;
            } catch (IllegalArgumentException e) {
                // fall through
            }
        }
        return "an op (read, write, discard, write_zeroes, ...), not '" + n.asText() + "'";
    };
    private static final Type FLAG = (n, p, o) -> n.isValueNode() && List.of("preflush", "fua", "rahead", "sync")
            .contains(n.asText().toLowerCase(Locale.ROOT)) ? null : "a flag: preflush, fua, rahead or sync";

    private static Type list(Type element) {
        return (n, p, o) -> {
            if (!n.isArray()) {
                return "a list";
            }
            for (int i = 0; i < n.size(); i++) {
                check(element, n.get(i), p + "/" + i, o);
            }
            return null;
        };
    }

    private static Type obj(Field... fields) {
        Map<String, Field> byName = new LinkedHashMap<>();
        for (Field x : fields) {
            byName.put(x.name, x);
        }
        return (n, p, o) -> {
            if (!n.isObject()) {
                return "a mapping with keys " + String.join(", ", byName.keySet());
            }
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                Field x = byName.get(k);
                if (x == null) {
                    String near = Suggest.closest(k, byName.keySet());
                    o.add(new Problem(p + "/" + k, "unknown key '" + k + "'" + (near == null ? ""
                            : " (did you mean '" + near + "'?)") + "; known here: " + String.join(", ", byName.keySet())));
                    continue;
                }
                check(x.type, n.get(k), p + "/" + k, o);
            }
            for (Field x : fields) {
                if (x.required && (!n.has(x.name) || n.get(x.name).isNull())) {
                    o.add(new Problem(p, "missing key '" + x.name + "'"));
                }
            }
            return null;
        };
    }

    /** A mapping whose keys come from a closed set (knob names, strategies) or are free (device names). */
    private static Type mapOf(List<String> keys, Type value) {
        return (n, p, o) -> {
            if (!n.isObject()) {
                return "a mapping";
            }
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (keys != null && keys.stream().noneMatch(x -> x.equalsIgnoreCase(k.trim()))) {
                    String near = Suggest.closest(k, keys);
                    o.add(new Problem(p + "/" + k, "unknown key '" + k + "'" + (near == null ? ""
                            : " (did you mean '" + near + "'?)") + "; known here: " + String.join(", ", keys)));
                    continue;
                }
                check(value, n.get(k), p + "/" + k, o);
            }
            return null;
        };
    }

    private static final Type KNOB_VALUES = (n, p, o) -> {
        if (!n.isObject()) {
            return "a mapping knobName: value";
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            try {
                if (TargetKnobs.isKnob(k)) {
                    TargetKnobs.DEFAULT.with(k, n.get(k).asText());
                } else {
                    Knob.byName(k).parse(n.get(k).asText());
                }
            } catch (IllegalArgumentException e) {
                o.add(new Problem(p + "/" + k, e.getMessage()));
            }
        }
        return null;
    };

    private static List<String> strategyNames() {
        List<String> l = new ArrayList<>();
        for (Strategy s : Strategy.values()) {
            l.add(s.name());
        }
        return l;
    }

    private static final Type BIO = obj(req("device", STRING), f("op", OP), f("flags", list(FLAG)),
            f("sector", integer(0, Long.MAX_VALUE)), f("taskStride", integer(0, Long.MAX_VALUE)),
            f("sectors", integer(0, 1 << 22)), f("at", DURATION), f("repeat", integer(1, 1_000_000)),
            f("interval", DURATION));
    private static final Type TASK = obj(f("count", integer(1, 100_000)), f("name", STRING), req("bios", list(BIO)));
    private static final Type LEAF = obj(req("name", STRING), f("devno", STRING), f("latency", DURATION),
            f("bandwidth", integer(0, Long.MAX_VALUE)), f("queueDepth", integer(1, 1 << 16)),
            f("capacity", integer(0, Long.MAX_VALUE)), f("maxSectors", integer(0, 1 << 22)),
            f("zoneSectors", integer(0, 1L << 40)));
    private static final Type MD = obj(req("name", STRING), f("devno", STRING), req("members", list(STRING)),
            f("chunk", integer(1, 1 << 22)), f("maxSectors", integer(0, 1 << 22)));
    private static final Type STACK = obj(req("leaves", list(LEAF)), f("md", list(MD)),
            f("poolSize", mapOf(null, integer(1, 1024))), req("table", STRING));
    private static final Type WORKLOAD = obj(f("mode", MODE), req("tasks", list(TASK)));
    private static final Type SUSPEND = obj(req("device", STRING), f("at", DURATION), f("resumeAfter", DURATION));
    private static final Type SCENARIO = obj(req("id", STRING), f("title", STRING), f("shows", STRING), f("notes", STRING),
            req("stack", STACK), req("workload", WORKLOAD), f("pressure", PRESSURE), f("cpuPerMap", DURATION),
            f("stallThreshold", DURATION), f("timeLimit", DURATION), f("seed", integer(Long.MIN_VALUE, Long.MAX_VALUE)),
            f("knobs", KNOB_VALUES), f("strategies", list(STRATEGY)), f("expect", mapOf(strategyNames(), OUTCOME)),
            f("suspend", list(SUSPEND)), f("schedules", integer(1, 1_000_000)), f("explore", integer(0, 16)));

    private ScenarioSchema() {
    }

    /** Every problem of the document, in document order of the checks. */
    static List<Problem> check(JsonNode root) {
        List<Problem> out = new ArrayList<>();
        check(SCENARIO, root, "", out);
        return out;
    }

    private static void check(Type t, JsonNode n, String ptr, List<Problem> out) {
        String bad = n == null || n.isNull() ? null : t.check(n, ptr, out);
        if (bad != null) {
            String key = ptr.isEmpty() ? "the document" : ptr.substring(ptr.lastIndexOf('/') + 1);
            out.add(new Problem(ptr, "key '" + key + "': expected " + bad));
        }
    }

    /** {@code /workload/tasks/0/count} as {@code workload.tasks[0].count}. */
    static String dotted(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(part).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return sb.toString();
    }
}
