package dev.dmreplay.reports.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the wait-for chain text the replay's deadlock detector writes ({@code WaitForChains}, modelled on what a
 * hung-task report and lockdep would let an engineer reconstruct) back into a {@link WaitChain}. The text is a
 * sequence of labels joined by fixed phrases, e.g. {@code T1 waits in mempool_alloc for mempool md->bs of X (16
 * elements in use: ...), whose elements are held by bio #3 (WRITE to sda) parked on bio_list of T1, drained only
 * by T1 (cycle)}. Labels may hold parentheses (bio directions, holder summaries, {@code do_work(snap)}), so the
 * phrases are only looked for outside parentheses. Text that does not follow the grammar gives no graph (the
 * report then shows the text alone).
 */
public final class WaitChainParser {
    private static final String CYCLE = " (cycle)";
    private static final String BLOCKED = " (blocked; no progress possible)";
    private static final String WAITS_IN_FIRST = " waits in ";
    private static final String WAITS_IN = ", which waits in ";
    private static final String ELEMENTS_HELD = ", whose elements are held by ";
    private static final String WAITS_FOR = ", which waits for ";
    private static final String HELD = " held by ";
    private static final String PARKED = " parked on ";
    private static final String DRAINED = ", drained only by ";
    private static final String RUNNING = " running on ";
    private static final String ARROW = " -> ";
    private static final List<String> JOINS = List.of(WAITS_IN, ELEMENTS_HELD, WAITS_FOR, DRAINED, WAITS_IN_FIRST,
            HELD, PARKED, RUNNING, ARROW);
    private static final Pattern BIO_IN = Pattern.compile("(bio #\\d+ \\([^()]*\\)) in (.+)");
    private static final Pattern HOLDERS = Pattern.compile("\\d+ elements? in use(: .*)?");
    /** Other holder groups of a pool drawn as context; the rest are counted in one more node. */
    static final int MAX_CONTEXT = 6;

    private WaitChainParser() {
    }

    /** The chain's graph, or empty when the text does not follow the grammar. */
    public static Optional<WaitChain> parse(String text) {
        try {
            return Optional.of(new Builder(text).build());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static final class Builder {
        final String text;
        final List<WaitChain.Node> nodes = new ArrayList<>();
        final List<WaitChain.Edge> edges = new ArrayList<>();
        final List<WaitChain.Node> context = new ArrayList<>();
        final List<int[]> contextEdges = new ArrayList<>(); // {from chain node, context index}
        boolean cycle;

        Builder(String text) {
            this.text = text;
        }

        WaitChain build() {
            String body = text;
            if (body.endsWith(CYCLE)) {
                cycle = true;
                body = body.substring(0, body.length() - CYCLE.length());
            } else if (body.endsWith(BLOCKED)) {
                body = body.substring(0, body.length() - BLOCKED.length());
            } else {
                throw new IllegalArgumentException("no end marker");
            }
            List<String> parts = split(body);
            // parts: label, join, label, join, ...
            int prev = add(WaitChain.Kind.TASK, parts.get(0));
            String pendingHolders = null;
            for (int i = 1; i + 1 < parts.size(); i += 2) {
                String join = parts.get(i);
                String label = parts.get(i + 1);
                boolean last = i + 2 >= parts.size();
                switch (join) {
                    case WAITS_IN_FIRST, WAITS_IN -> {
                        int f = label.indexOf(" for ");
                        if (f <= 0) {
                            throw new IllegalArgumentException("wait without a resource");
                        }
                        String resource = label.substring(f + " for ".length());
                        String[] split = holders(resource);
                        resource = split[0];
                        pendingHolders = split[1];
                        WaitChain.Kind k = resource.startsWith("mempool ") ? WaitChain.Kind.POOL
                                : WaitChain.Kind.RESOURCE;
                        prev = edge(prev, k, resource, "waits in " + label.substring(0, f), last);
                    }
                    case ELEMENTS_HELD -> {
                        int from = prev;
                        prev = element(prev, label, "held by", last);
                        if (pendingHolders != null) {
                            holderContext(from, pendingHolders, label);
                            pendingHolders = null;
                        }
                    }
                    case HELD -> prev = edge(prev, WaitChain.Kind.TASK, label, "held by", last);
                    case WAITS_FOR -> prev = element(prev, label, "waits for", last);
                    case PARKED -> prev = edge(prev, WaitChain.Kind.LIST, label, "parked on", last);
                    case DRAINED -> {
                        boolean work = i + 2 < parts.size() && parts.get(i + 2).equals(RUNNING);
                        prev = edge(prev, work ? WaitChain.Kind.WORK : WaitChain.Kind.TASK, label,
                                "drained only by", last);
                    }
                    case RUNNING -> prev = edge(prev, WaitChain.Kind.TASK, label, "runs on", last);
                    default -> prev = element(prev, label, "then", last);
                }
            }
            if (pendingHolders != null) {
                holderContext(prev, pendingHolders, "");
            }
            if (cycle && (edges.isEmpty() || edges.get(edges.size() - 1).to() != 0)) {
                throw new IllegalArgumentException("a cycle that does not close");
            }
            List<WaitChain.Node> all = new ArrayList<>(nodes);
            List<WaitChain.Edge> es = new ArrayList<>(edges);
            for (int[] ce : contextEdges) {
                es.add(new WaitChain.Edge(ce[0], nodes.size() + ce[1], "held by", false));
            }
            all.addAll(context);
            return new WaitChain(all, es, cycle, text);
        }

        /** A node reached by {@code label}: a bio in a service is two nodes (the bio, then the service). */
        int element(int prev, String label, String edgeLabel, boolean last) {
            Matcher m = BIO_IN.matcher(label);
            if (m.matches()) {
                int bio = edge(prev, WaitChain.Kind.ELEMENT, m.group(1), edgeLabel, false);
                return edge(bio, WaitChain.Kind.WORK, m.group(2), "in", last);
            }
            WaitChain.Kind k = label.startsWith("bio #") || label.startsWith("dm_io #") || label.startsWith("r1bio #")
                    || label.startsWith("one of ") ? WaitChain.Kind.ELEMENT : null;
            if (k == null) {
                // a task when it waits in turn (its label is followed by ", which waits in"), else a service
                k = nextJoinIsWait(label) ? WaitChain.Kind.TASK : WaitChain.Kind.WORK;
            }
            return edge(prev, k, label, edgeLabel, last);
        }

        private boolean nextJoinIsWait(String label) {
            int at = text.indexOf(label + WAITS_IN);
            return at >= 0 || text.endsWith(label + CYCLE) && text.startsWith(label + WAITS_IN_FIRST);
        }

        /**
         * An edge to a new node, or, at the end of a cycle, back to the first node (the chain names it again).
         */
        int edge(int from, WaitChain.Kind kind, String label, String edgeLabel, boolean last) {
            int to;
            if (last && cycle && label.equals(nodes.get(0).label())) {
                to = 0;
            } else {
                to = add(kind, label);
            }
            edges.add(new WaitChain.Edge(from, to, edgeLabel, cycle));
            return to;
        }

        int add(WaitChain.Kind kind, String label) {
            if (label.isEmpty()) {
                throw new IllegalArgumentException("empty label");
            }
            nodes.add(new WaitChain.Node(kind, label, false));
            return nodes.size() - 1;
        }

        /** The holder groups of a pool other than the one the chain follows, as context nodes. */
        void holderContext(int pool, String summary, String followed) {
            int colon = summary.indexOf(": ");
            if (colon < 0) {
                return;
            }
            List<String> groups = splitTop(summary.substring(colon + 2), "; ");
            int shown = 0;
            int skipped = 0;
            for (String g : groups) {
                if (!followed.isEmpty() && g.startsWith(followed)) {
                    continue;
                }
                if (shown == MAX_CONTEXT) {
                    skipped++;
                    continue;
                }
                context.add(new WaitChain.Node(WaitChain.Kind.ELEMENT, g, true));
                contextEdges.add(new int[] {pool, context.size() - 1});
                shown++;
            }
            if (skipped > 0) {
                context.add(new WaitChain.Node(WaitChain.Kind.ELEMENT, "+" + skipped + " more holder group(s)", true));
                contextEdges.add(new int[] {pool, context.size() - 1});
            }
        }
    }

    /**
     * {@code resource} split into the resource and its holder summary, when it ends with one in parentheses
     * ({@code "mempool md->bs of X (16 elements in use: ...)"}); the summary is null otherwise.
     */
    static String[] holders(String resource) {
        if (!resource.endsWith(")")) {
            return new String[] {resource, null};
        }
        int depth = 0;
        for (int i = resource.length() - 1; i >= 0; i--) {
            char c = resource.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                depth--;
                if (depth == 0) {
                    String inside = resource.substring(i + 1, resource.length() - 1);
                    if (i > 0 && resource.charAt(i - 1) == ' ' && HOLDERS.matcher(inside).matches()) {
                        return new String[] {resource.substring(0, i - 1), inside};
                    }
                    return new String[] {resource, null};
                }
            }
        }
        return new String[] {resource, null};
    }

    /** The text cut at the joining phrases found outside parentheses: label, join, label, join, ..., label. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                String join = joinAt(s, i, out.isEmpty());
                if (join != null) {
                    out.add(s.substring(start, i));
                    out.add(join);
                    i += join.length();
                    start = i;
                    continue;
                }
            }
            i++;
        }
        out.add(s.substring(start));
        if (out.size() < 3) {
            throw new IllegalArgumentException("no joining phrase");
        }
        return out;
    }

    private static String joinAt(String s, int i, boolean first) {
        for (String j : JOINS) {
            // " waits in " only follows the first task; later waits are ", which waits in "
            if (j.equals(WAITS_IN_FIRST) && !first) {
                continue;
            }
            if (s.startsWith(j, i)) {
                return j;
            }
        }
        return null;
    }

    private static List<String> splitTop(String s, String sep) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && s.startsWith(sep, i)) {
                out.add(s.substring(start, i));
                start = i + sep.length();
            }
        }
        out.add(s.substring(start));
        return out;
    }
}
