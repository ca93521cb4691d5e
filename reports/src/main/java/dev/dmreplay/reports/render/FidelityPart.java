package dev.dmreplay.reports.render;

import dev.dmreplay.analyze.fidelity.FidelityReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report's section for one fidelity check ({@code dmreplay fidelity}): how many top-level bios of a real trace
 * the model sent to the same lower bios as the kernel, per target type and device, and Q2C of both sides per
 * device. Tables only, so the page's charts keep their ids.
 */
final class FidelityPart {
    /** Mismatching bios shown in full. */
    static final int MISMATCHES_SHOWN = 5;

    private FidelityPart() {
    }

    static void render(Html h, ReportModel.FidelityData f, String id) {
        FidelityReport r = f.report();
        h.open("section", "id", id).el("h2", "Fidelity: " + f.name()).nl();
        h.el("p", "The bundle's top-level bios replayed (timed, strategy " + r.strategy() + ") through the stack its"
                + " dmsetup table describes, and each one's lower-device bios (device, sector, size, rwbs) compared"
                + " with the kernel's, from the remap records of the same trace.");
        h.open("p").text(r.matched() + " of " + r.bios() + " top-level bios exact ("
                + Fmt.num(100.0 * r.matchRate(), 2) + " %), " + r.matchedIgnoringFlags() + " ignoring flags; "
                + r.submitted() + " submitted, " + r.notReplayed() + " not replayed.").close("p").nl();
        counts(h, "Lower bios per target type", "target", r.byTarget());
        counts(h, "Lower bios per lower device", "device", r.byDevice());
        h.el("h3", "Q2C per device, model against kernel");
        h.open("table");
        h.headRow(List.of("device", "bios (kernel / model)", "kernel p50 / p90 / p99 (ms)",
                "model p50 / p90 / p99 (ms)",
                "model/kernel p50", "p90", "p99"));
        for (Map.Entry<String, FidelityReport.Latency> e : r.latency().entrySet()) {
            FidelityReport.Latency l = e.getValue();
            if (l.kernel().n() == 0 && l.model().n() == 0) {
                continue;
            }
            h.open("tr").el("th", e.getKey());
            h.el("td", l.kernel().n() + " / " + l.model().n(), "class", "num");
            h.el("td", percentiles(l.kernel()), "class", "num");
            h.el("td", percentiles(l.model()), "class", "num");
            for (double ratio : new double[] {l.ratio50(), l.ratio90(), l.ratio99()}) {
                h.el("td", Double.isNaN(ratio) ? "-" : Fmt.num(ratio, 2), "class", "num");
            }
            h.close("tr").nl();
        }
        h.close("table").nl();
        if (!r.dispatches().isEmpty()) {
            h.el("h3", "Requests dispatched per disk");
            h.open("table");
            h.headRow(List.of("disk", "kernel", "model"));
            for (Map.Entry<String, FidelityReport.Pair> e : r.dispatches().entrySet()) {
                h.open("tr").el("th", e.getKey());
                h.el("td", Long.toString(e.getValue().kernel()), "class", "num");
                h.el("td", Long.toString(e.getValue().model()), "class", "num");
                h.close("tr").nl();
            }
            h.close("table").nl();
        }
        if (!r.mismatches().isEmpty()) {
            h.el("h3", "First mismatching bios");
            List<String> lines = new ArrayList<>();
            for (FidelityReport.Mismatch m : r.mismatches().subList(0, Math.min(MISMATCHES_SHOWN,
                    r.mismatches().size()))) {
                lines.add(m.bio());
                lines.add("  kernel: " + String.join(", ", m.kernel()));
                lines.add("  model:  " + String.join(", ", m.model()));
            }
            h.el("pre", String.join("\n", lines)).nl();
        }
        if (!r.notes().isEmpty()) {
            h.el("h3", "What the replay learnt from the trace");
            h.open("ul", "class", "note");
            for (String n : r.notes()) {
                h.el("li", n);
            }
            h.close("ul").nl();
        }
        h.close("section").nl();
    }

    private static void counts(Html h, String title, String what, Map<String, FidelityReport.Counts> counts) {
        if (counts.isEmpty()) {
            return;
        }
        h.el("h3", title);
        h.open("table");
        h.headRow(List.of(what, "kernel", "model", "exact", "rate"));
        for (Map.Entry<String, FidelityReport.Counts> e : counts.entrySet()) {
            FidelityReport.Counts c = e.getValue();
            h.open("tr").el("th", e.getKey());
            h.el("td", Long.toString(c.kernel()), "class", "num");
            h.el("td", Long.toString(c.model()), "class", "num");
            h.el("td", Long.toString(c.matched()), "class", "num");
            h.el("td", Fmt.num(100.0 * c.rate(), 2) + " %", "class", c.rate() < 0.999 ? "num mismatch" : "num");
            h.close("tr").nl();
        }
        h.close("table").nl();
    }

    private static String percentiles(FidelityReport.Percentiles p) {
        return p.n() == 0 ? "-" : Fmt.ms(p.p50()) + " / " + Fmt.ms(p.p90()) + " / " + Fmt.ms(p.p99());
    }
}
