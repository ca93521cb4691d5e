package dev.dmreplay.reports.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.replay.detect.Outcome;
import dev.dmreplay.replay.explore.Exploration;
import dev.dmreplay.replay.run.RunResult;
import dev.dmreplay.replay.scenario.ScenarioResult;
import dev.dmreplay.replay.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;

/** Formatting of scenario results (text matrix and JSON). */
public final class ScenarioReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScenarioReport() {
    }

    public static String json(List<ScenarioResult> results) {
        ArrayNode arr = JSON.createArrayNode();
        for (ScenarioResult r : results) {
            ObjectNode o = arr.addObject();
            o.put("scenario", r.scenario());
            o.put("strategy", r.strategy().name());
            if (r.strategy().unmerged()) {
                o.put("strategyTitle", r.strategy().title); // says "unmerged proposal"
            }
            o.put("outcome", r.outcome().name());
            o.put("chain", r.chain());
            if (r.expected() == null) {
                o.putNull("expected");
            } else {
                o.put("expected", r.expected().name());
            }
            RunResult run = r.run();
            if (run != null) {
                o.put("submitted", run.submitted());
                o.put("completed", run.completed());
                o.put("timeLimitHit", run.timeLimitHit());
                o.put("longestNoProgressNs", run.longestNoProgressNs());
                if (run.order() != null) {
                    o.put("outOfOrder", run.order().outOfOrder());
                    o.put("unalignedWrites", run.order().unalignedWrites());
                }
            }
            Exploration e = r.exploration();
            if (e != null) {
                o.put("schedules", e.schedules());
                ObjectNode counts = o.putObject("outcomes");
                e.outcomes().forEach((k, v) -> counts.put(k.name(), v));
                if (e.witnessSeed() == null) {
                    o.putNull("witnessSeed");
                } else {
                    o.put("witnessSeed", e.witnessSeed());
                }
                if (e.witness() == null) {
                    o.putNull("witness");
                } else {
                    o.put("witness", e.witness());
                }
                if (e.bound() == null) {
                    o.putNull("bound");
                } else {
                    o.put("bound", e.bound());
                }
                o.put("verdict", e.verdict());
                if (e.outOfOrder() != null) { // the most of any schedule, and the fewest when they differ
                    o.put("outOfOrder", e.outOfOrder().max());
                    if (e.outOfOrder().min() != e.outOfOrder().max()) {
                        o.put("outOfOrderMin", e.outOfOrder().min());
                    }
                    o.put("unalignedWrites", e.outOfOrder().maxUnalignedWrites());
                }
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(arr);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String matrix(List<List<ScenarioResult>> rows) {
        List<Strategy> cols = new ArrayList<>();
        for (List<ScenarioResult> row : rows) {
            for (ScenarioResult r : row) {
                if (!cols.contains(r.strategy())) {
                    cols.add(r.strategy());
                }
            }
        }
        int w0 = 8;
        for (List<ScenarioResult> row : rows) {
            if (!row.isEmpty()) {
                w0 = Math.max(w0, row.get(0).scenario().length() + 2);
            }
        }
        int w = 10;
        for (List<ScenarioResult> row : rows) {
            for (ScenarioResult r : row) {
                w = Math.max(w, cellText(r).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(pad("scenario", w0));
        for (Strategy s : cols) {
            sb.append(pad(s.name(), w));
        }
        sb.append('\n');
        List<String> chains = new ArrayList<>();
        List<String> explored = new ArrayList<>();
        List<String> order = new ArrayList<>();
        int mismatches = 0;
        int expectations = 0;
        for (List<ScenarioResult> row : rows) {
            if (row.isEmpty()) {
                continue;
            }
            sb.append(pad(row.get(0).scenario(), w0));
            for (Strategy s : cols) {
                ScenarioResult cell = null;
                for (ScenarioResult r : row) {
                    if (r.strategy() == s) {
                        cell = r;
                    }
                }
                String text = cell == null ? "-" : cellText(cell);
                if (cell != null && !cell.matches()) {
                    mismatches++;
                }
                if (cell != null && cell.hasExpectation()) {
                    expectations++;
                }
                sb.append(pad(text, w));
                if (cell != null && !cell.chain().isEmpty()) {
                    chains.add(cell.scenario() + "/" + s.name() + ": " + cell.chain());
                }
                if (cell != null && cell.run() != null && cell.run().order() != null
                        && (cell.run().order().outOfOrder() > 0 || cell.run().order().unalignedWrites() > 0)) {
                    order.add(cell.scenario() + "/" + s.name() + ": " + orderText(cell.run().order()));
                }
                if (cell != null && cell.exploration() != null && cell.exploration().outOfOrder() != null
                        && cell.exploration().outOfOrder().max() > 0) {
                    Exploration.OrderRange o = cell.exploration().outOfOrder();
                    order.add(cell.scenario() + "/" + s.name() + ": " + o.min() + ".." + o.max()
                            + " leaf issues out of order per schedule"
                            + (o.maxUnalignedWrites() > 0 ? ", up to " + o.maxUnalignedWrites()
                            + " unaligned writes failed" : ""));
                }
                if (cell != null && cell.exploration() != null) {
                    explored.add(cell.scenario() + "/" + s.name() + ": " + describe(cell.exploration()));
                }
            }
            sb.append('\n');
        }
        if (!order.isEmpty()) {
            sb.append("\nissued out of order:\n");
            for (String c : order) {
                sb.append("  ").append(c).append('\n');
            }
        }
        List<String> unmerged = new ArrayList<>();
        for (Strategy s : cols) {
            if (s.unmerged()) {
                unmerged.add(s.name() + " = " + s.title);
            }
        }
        if (!unmerged.isEmpty()) {
            sb.append("\nnot in any kernel: ").append(String.join("; ", unmerged)).append('\n');
        }
        if (!explored.isEmpty()) {
            sb.append("\nschedules:\n");
            for (String c : explored) {
                sb.append("  ").append(c).append('\n');
            }
        }
        if (!chains.isEmpty()) {
            sb.append(explored.isEmpty() ? "\nwait-for chains:\n" : "\nwait-for chains (of each witness):\n");
            for (String c : chains) {
                sb.append("  ").append(c).append('\n');
            }
        }
        sb.append('\n').append(mismatches > 0 ? mismatches + " outcome(s) differ from the expectation (marked !)"
                : expectations == 0 ? "no expectation for these strategies" : "all outcomes as expected")
                .append('\n');
        return sb.toString();
    }

    /** {@code 3 of 40 leaf issues out of order (2 write, 1 split piece), 1 unaligned write}. */
    public static String orderText(dev.dmreplay.replay.block.IssueOrder.Stats o) {
        String t = o.outOfOrder() + " of " + o.issues() + " leaf issues out of order (" + o.writeInversions()
                + " below the task's previous write, " + o.pieceInversions() + " below an earlier piece of their bio)";
        return o.unalignedWrites() == 0 ? t : t + ", " + o.unalignedWrites() + " unaligned writes failed";
    }

    /** The outcome, and under exploration how many schedules reached it: {@code mem-DL 37/200}. */
    private static String cellText(ScenarioResult r) {
        String t = abbreviate(r.outcome());
        Exploration e = r.exploration();
        if (e != null) {
            t += " " + e.outcomes().getOrDefault(r.outcome(), 0) + "/" + e.schedules();
        }
        return t + (r.matches() ? "" : "!");
    }

    /** One line {@code label: verdict (counts); witness ...} for a replay's exploration. */
    public static String describe(String label, Exploration e) {
        return label + ": " + describe(e) + "\n";
    }

    private static String describe(Exploration e) {
        StringBuilder sb = new StringBuilder(e.verdict()).append(" (");
        String sep = "";
        for (java.util.Map.Entry<Outcome, Integer> c : e.outcomes().entrySet()) {
            sb.append(sep).append(c.getKey().name()).append(' ').append(c.getValue());
            sep = ", ";
        }
        sb.append(')');
        if (e.witness() != null) {
            sb.append("; witness ").append(e.witness());
            if (e.witnessSeed() != null) {
                sb.append(" (replay: --seed ").append(e.witnessSeed()).append(')');
            } else {
                sb.append(" (replay: --schedule ").append(e.witness()).append(')');
            }
        }
        return sb.toString();
    }

    private static String abbreviate(Outcome o) {
        return o == Outcome.MEMORY_DEADLOCK ? "mem-DL" : o.name();
    }

    private static String pad(String s, int w) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < w) {
            b.append(' ');
        }
        return b.append(' ').toString();
    }
}
