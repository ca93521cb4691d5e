package dev.dmreplay.reports.render;

/**
 * A wait-for chain on the page: its text and, beside it, its diagram ({@link ChainSvg}); the two wrap one under
 * the other in a narrow window. A chain whose text the parser does not know is shown as text alone.
 */
final class ChainPart {
    private ChainPart() {
    }

    static void render(Html h, String chain, HtmlReport.Ids ids) {
        var graph = WaitChainParser.parse(chain);
        if (graph.isEmpty()) {
            h.el("pre", chain, "class", "chain").nl();
            return;
        }
        h.open("div", "class", "chainpair");
        h.el("pre", chain, "class", "chain");
        h.raw(ChainSvg.render(ids.diagram(), graph.get()));
        h.close("div").nl();
    }
}
