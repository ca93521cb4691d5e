package dev.dmreplay.reports.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.replay.detect.Outcome;
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
            o.put("outcome", r.outcome().name());
            o.put("chain", r.chain());
            if (r.expected() == null) {
                o.putNull("expected");
            } else {
                o.put("expected", r.expected().name());
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
        StringBuilder sb = new StringBuilder();
        sb.append(pad("scenario", w0));
        for (Strategy s : cols) {
            sb.append(pad(s.name(), 10));
        }
        sb.append('\n');
        List<String> chains = new ArrayList<>();
        int mismatches = 0;
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
                String text = cell == null ? "-" : abbreviate(cell.outcome()) + (cell.matches() ? "" : "!");
                if (cell != null && !cell.matches()) {
                    mismatches++;
                }
                sb.append(pad(text, 10));
                if (cell != null && !cell.chain().isEmpty()) {
                    chains.add(cell.scenario() + "/" + s.name() + ": " + cell.chain());
                }
            }
            sb.append('\n');
        }
        if (!chains.isEmpty()) {
            sb.append("\nwait-for chains:\n");
            for (String c : chains) {
                sb.append("  ").append(c).append('\n');
            }
        }
        sb.append('\n').append(mismatches == 0 ? "all outcomes as expected"
                : mismatches + " outcome(s) differ from the expectation (marked !)").append('\n');
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
