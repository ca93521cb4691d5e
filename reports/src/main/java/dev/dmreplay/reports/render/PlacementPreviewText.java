package dev.dmreplay.reports.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmreplay.ingest.place.PlacedSource;
import dev.dmreplay.replay.run.PlacementPreview;
import java.io.PrintWriter;
import java.util.Locale;

/** The "placement" section of {@code info --map}: what a replay onto the chosen table would submit. */
public final class PlacementPreviewText {
    private PlacementPreviewText() {
    }

    public static void render(PlacementPreview p, PrintWriter out) {
        out.println();
        out.println("placement (what replay --map would submit)");
        out.println("  traced device        mapped device         requests     moved  truncated   reaches sector  device sectors");
        for (PlacedSource.RouteCounts c : p.routes()) {
            out.println(String.format(Locale.ROOT, "  %-20s %-20s %9d %9d %10d %16d %15d", c.route().traceName(),
                    c.route().target(), c.placed(), c.moved(), c.truncated(), c.route().extent(),
                    c.route().targetSectors()));
        }
        out.println(String.format(Locale.ROOT, "  left out: %d Q records on devices not placed, %d split remainders"
                + " queued again, %d requests outside the window, %d left out by the sample", p.notPlaced(),
                p.remainders(), p.outsideWindow(), p.notSampled()));
        out.println("  submitted by a replay: " + p.kept() + " requests");
        for (String n : p.notes()) {
            out.println("  note: " + n);
        }
    }

    public static ObjectNode json(PlacementPreview p) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        ArrayNode routes = o.putArray("routes");
        for (PlacedSource.RouteCounts c : p.routes()) {
            ObjectNode r = routes.addObject();
            r.put("traceDevice", c.route().traceName());
            r.put("mappedDevice", c.route().target());
            r.put("requests", c.placed());
            r.put("moved", c.moved());
            r.put("truncated", c.truncated());
            r.put("extentSectors", c.route().extent());
            r.put("deviceSectors", c.route().targetSectors());
        }
        o.put("notPlaced", p.notPlaced());
        o.put("splitRemainders", p.remainders());
        o.put("outsideWindow", p.outsideWindow());
        o.put("notSampled", p.notSampled());
        o.put("submitted", p.kept());
        ArrayNode notes = o.putArray("notes");
        p.notes().forEach(notes::add);
        return o;
    }
}
