package dev.dmreplay.analyze.compare;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.analyze.run.RunReportFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a {@link Comparison}: as text (one Tablesaw table per section), as JSON (raw values, best runs) and as
 * one CSV file per section ({@code compare-<section>.csv}: raw numbers, one column per run, the metric's unit in
 * its own column and the best runs in a last column), files written atomically.
 */
public final class ComparisonOutput {
    private ComparisonOutput() {
    }

    public static String text(Comparison c) {
        StringBuilder b = new StringBuilder();
        b.append("Comparison of ").append(c.runs().size()).append(" runs (").append(Comparison.BEST)
                .append(" = best)\n");
        for (Comparison.Section s : c.sections()) {
            b.append('\n').append(s.table().printAll()).append('\n');
        }
        return b.toString();
    }

    public static ObjectNode json(Comparison c) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode runs = root.putArray("runs");
        c.runs().forEach(runs::add);
        ArrayNode sections = root.putArray("sections");
        for (Comparison.Section s : c.sections()) {
            ObjectNode sn = sections.addObject();
            sn.put("title", s.title());
            ArrayNode rows = sn.putArray("rows");
            for (Comparison.Row r : s.rows()) {
                ObjectNode rn = rows.addObject();
                rn.put("metric", r.metric());
                rn.put("better", r.better().name().toLowerCase(Locale.ROOT));
                rn.put("unit", r.unit());
                ArrayNode vals = rn.putArray("values");
                for (Object v : r.values()) {
                    if (v == null) {
                        vals.addNull();
                    } else if (v instanceof Double d) {
                        vals.add(d);
                    } else if (v instanceof Number n) {
                        vals.add(n.longValue());
                    } else {
                        vals.add(v.toString());
                    }
                }
                ArrayNode best = rn.putArray("best");
                for (int i = 0; i < r.best().size(); i++) {
                    if (r.best().get(i)) {
                        best.add(c.runs().get(i));
                    }
                }
            }
        }
        return root;
    }

    /**
     * One section as CSV: {@code metric,unit,<run>...,best}. Values are raw (durations in ns as integers, rates as
     * plain decimals, empty when a run has none); {@code unit} says what they are in ({@code ns}, {@code count},
     * {@code IO/s}, {@code MiB/s}, {@code ratio}, {@code text}); {@code best} lists the best runs, ';'-separated.
     */
    public static String csv(Comparison c, Comparison.Section s) {
        StringBuilder b = new StringBuilder("metric,unit");
        for (String run : c.runs()) {
            b.append(',').append(RunReportFiles.csv(run));
        }
        b.append(",best\n");
        for (Comparison.Row r : s.rows()) {
            b.append(RunReportFiles.csv(r.metric())).append(',').append(csvUnit(r));
            for (Object v : r.values()) {
                b.append(',');
                if (v instanceof Double d) {
                    b.append(d.isNaN() || d.isInfinite() ? "" : java.math.BigDecimal.valueOf(d).toPlainString());
                } else if (v != null) {
                    b.append(RunReportFiles.csv(v.toString()));
                }
            }
            List<String> best = new java.util.ArrayList<>();
            for (int i = 0; i < r.best().size(); i++) {
                if (r.best().get(i)) {
                    best.add(c.runs().get(i));
                }
            }
            b.append(',').append(RunReportFiles.csv(String.join(";", best))).append('\n');
        }
        return b.toString();
    }

    private static String csvUnit(Comparison.Row r) {
        return switch (r.unit()) {
            case "" -> "count";
            case "/s" -> r.metric().startsWith("MiB") ? "MiB/s" : "IO/s";
            default -> r.unit();
        };
    }

    public static String jsonText(Comparison c) throws IOException {
        return RunReportFiles.mapper().writeValueAsString(json(c)) + "\n";
    }

    /** File name of a section's CSV: {@code compare-} plus the title in lower case, non-alphanumerics as '-'. */
    public static String csvName(String title) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return "compare-" + slug + ".csv";
    }

    /** Writes one CSV per section into {@code dir}; returns the file names in section order. */
    public static List<String> writeCsv(Comparison c, Path dir) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (Comparison.Section s : c.sections()) {
            String name = csvName(s.title());
            int n = 2;
            while (names.contains(name)) {
                name = csvName(s.title() + " " + n++);
            }
            names.add(name);
            String body = csv(c, s);
            RunReportFiles.text(dir.resolve(name), w -> w.write(body));
        }
        return List.copyOf(names);
    }
}
