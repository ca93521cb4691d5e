package dev.dmreplay.ingest.place;

import dev.dmreplay.ingest.io.OptionException;
import dev.dmreplay.ingest.model.DevNo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Where each traced application device goes: the {@link DeviceMap} resolved against a trace's devices
 * ({@link PlacementSurvey}) and the mapped devices of a table. Every selector must match a traced device and every
 * target must be a device of the table, else the option is refused naming what exists.
 *
 * @param routes  traced device → mapped device, in trace device order
 * @param fit     what happens to offsets beyond a mapped device's end
 * @param ignored traced devices with Q records that no rule placed (their records are counted, not replayed)
 */
public record PlacementPlan(List<Route> routes, Fit fit, List<String> ignored) {

    /** A mapped device of the table that I/O can be placed on. */
    public record Target(String name, DevNo number, long sectors, boolean topLevel) {
    }

    /**
     * One traced device placed on one mapped device.
     *
     * @param traceDevice   the traced device's kernel number
     * @param traceName     how the trace names it ({@code 240,49} when it does not)
     * @param target        the mapped device's name
     * @param targetDevice  the mapped device's kernel number (as the replay numbers it)
     * @param targetSectors the mapped device's size in sectors
     * @param extent        the highest sector the traced device's records reach
     * @param queues        the traced device's Q records
     */
    public record Route(int traceDevice, String traceName, String target, int targetDevice, long targetSectors,
                        long extent, long queues) {
        /** Whether some of the traced records lie beyond the mapped device's end. */
        public boolean exceeds() {
            return extent > targetSectors;
        }
    }

    public PlacementPlan {
        routes = List.copyOf(routes);
        ignored = List.copyOf(ignored);
    }

    /**
     * Resolves {@code map} for the trace surveyed in {@code survey}.
     *
     * @param names   the trace's name for a device number, or null when it has none
     * @param targets the table's mapped devices with the numbers the replay gives them
     */
    public static PlacementPlan resolve(DeviceMap map, Fit fit, PlacementSurvey survey, IntFunction<String> names,
                                        List<Target> targets) {
        Map<String, Target> byName = new LinkedHashMap<>();
        for (Target t : targets) {
            byName.put(t.name(), t);
        }
        List<Integer> apps = new ArrayList<>();
        for (int dev : survey.devices().keySet()) {
            if (survey.isApplicationDevice(dev)) {
                apps.add(dev);
            }
        }
        if (apps.isEmpty()) {
            throw OptionException.of("--map", "the trace has no application I/O to place (no Q records on a device"
                    + " that is not below a remap)");
        }
        List<DeviceMap.Rule> rules = map.rules();
        if (map.isDefault()) {
            List<Target> tops = targets.stream().filter(Target::topLevel).toList();
            if (tops.size() != 1) {
                throw OptionException.of("--map", "the table has " + tops.size() + " top-level devices ("
                        + String.join(", ", tops.stream().map(Target::name).toList())
                        + "): say which traced device goes where, e.g. --map '" + label(apps.get(0), names) + "="
                        + (tops.isEmpty() ? "NAME" : tops.get(0).name()) + "'");
            }
            rules = List.of(new DeviceMap.Rule("*", tops.get(0).name()));
        }
        Map<Integer, Route> routes = new LinkedHashMap<>();
        for (DeviceMap.Rule r : rules) {
            Target t = byName.get(r.target());
            if (t == null) {
                throw OptionException.of("--map", "'" + r + "': the table has no mapped device '" + r.target()
                        + "' (it has " + String.join(", ", byName.keySet()) + ")");
            }
            List<Integer> matched = new ArrayList<>();
            for (int dev : apps) {
                if (!routes.containsKey(dev) && matches(r.selector(), dev, names)) {
                    matched.add(dev);
                }
            }
            if (matched.isEmpty() && !r.isWildcard()) {
                throw OptionException.of("--map", "'" + r + "': no traced application device is '" + r.selector()
                        + "' (the trace has " + String.join(", ", apps.stream().map(d -> label(d, names)).toList())
                        + ")");
            }
            for (int dev : matched) {
                PlacementSurvey.Device d = survey.devices().get(dev);
                routes.put(dev, new Route(dev, label(dev, names), t.name(), t.number().kernel(), t.sectors(),
                        d.extent(), d.queues()));
            }
        }
        List<String> ignored = new ArrayList<>();
        for (int dev : survey.devices().keySet()) {
            if (!routes.containsKey(dev)) {
                ignored.add(label(dev, names));
            }
        }
        List<Route> ordered = new ArrayList<>(routes.values());
        ordered.sort(java.util.Comparator.comparingInt(Route::traceDevice));
        return new PlacementPlan(ordered, fit, ignored);
    }

    private static boolean matches(String selector, int dev, IntFunction<String> names) {
        if (selector.equals("*")) {
            return true;
        }
        DevNo d = DevNo.ofKernel(dev);
        if (selector.equals(d.colon()) || selector.equals(d.toString())) {
            return true;
        }
        String n = names.apply(dev);
        return n != null && n.equals(selector);
    }

    /** The trace's name of a device, else its number. */
    static String label(int dev, IntFunction<String> names) {
        String n = names.apply(dev);
        return n != null ? n : DevNo.ofKernel(dev).toString();
    }

    /** The routes by traced device number. */
    public Map<Integer, Route> byTraceDevice() {
        Map<Integer, Route> m = new LinkedHashMap<>();
        for (Route r : routes) {
            m.put(r.traceDevice(), r);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The mapped devices receiving I/O (kernel number → name), in route order. */
    public Map<Integer, String> targets() {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (Route r : routes) {
            m.putIfAbsent(r.targetDevice(), r.target());
        }
        return Collections.unmodifiableMap(m);
    }
}
