package dev.dmreplay.ingest.place;

import dev.dmreplay.ingest.io.OptionException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --map} option: which traced devices go to which mapped device of the table, as rules
 * {@code SELECTOR=DM_NAME} separated by commas, tried in order. A selector is a device number ({@code 8:16} or
 * {@code 8,16}), a name the trace gives a device (a blktrace input such as {@code sda}, an MSR Cambridge volume
 * such as {@code hm_1}), or {@code *} for every traced application device no earlier rule took. An empty map means
 * the default: every application device onto the table's one top-level device.
 */
public record DeviceMap(List<Rule> rules) {

    /** One {@code SELECTOR=DM_NAME} rule. */
    public record Rule(String selector, String target) {
        public boolean isWildcard() {
            return selector.equals("*");
        }

        @Override
        public String toString() {
            return selector + "=" + target;
        }
    }

    public static final DeviceMap DEFAULT = new DeviceMap(List.of());

    public DeviceMap {
        rules = List.copyOf(rules);
    }

    public boolean isDefault() {
        return rules.isEmpty();
    }

    /** Parses the option's text (several options are joined with commas by the caller). */
    public static DeviceMap parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw OptionException.of("--map", "'" + p + "': expected TRACE_DEVICE=DM_NAME (e.g. hm_1=vg-data,"
                        + " 8:16=vg-log or *=vg-data)");
            }
            rules.add(new Rule(p.substring(0, eq).trim(), p.substring(eq + 1).trim()));
        }
        if (rules.isEmpty()) {
            throw OptionException.of("--map", "'" + text + "': no TRACE_DEVICE=DM_NAME rule");
        }
        return new DeviceMap(rules);
    }

    @Override
    public String toString() {
        return isDefault() ? "(default: all onto the top-level device)"
                : String.join(",", rules.stream().map(Rule::toString).toList());
    }
}
