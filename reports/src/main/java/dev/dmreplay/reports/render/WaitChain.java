package dev.dmreplay.reports.render;

import java.util.List;

/**
 * A wait-for chain as a graph: the nodes the chain passes (tasks, the resources they sleep on, the pool elements
 * and bios holding those resources, the lists the bios are parked on, work items and services), the edges between
 * them in chain order, and other holders of a pool on the chain as context. In a cycle every chain edge is on the
 * cycle (the replay reports the cycle itself, rotated to start at a task), the last one leading back to the first
 * node. {@link WaitChainParser} builds it from the chain text the replay writes.
 *
 * @param nodes the chain's nodes in chain order, then context nodes
 * @param edges the chain's edges in order, then context edges
 * @param cycle whether the chain closes on itself (a deadlock), rather than ending at a blocked task
 * @param text  the chain as the replay wrote it
 */
public record WaitChain(List<Node> nodes, List<Edge> edges, boolean cycle, String text) {

    public WaitChain {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** What a node is. */
    public enum Kind {
        /** a task (kernel thread or submitter) */
        TASK,
        /** a lock, wait queue or counter a task sleeps on */
        RESOURCE,
        /** a mempool or bioset a task sleeps in {@code mempool_alloc} for */
        POOL,
        /** a bio, dm_io, r1bio or page: something holding a resource */
        ELEMENT,
        /** a bio list or deferred list a bio is parked on */
        LIST,
        /** a work item or a service (dm_io, md flush, resync) that waits for others */
        WORK
    }

    /** A node; {@code context} nodes are not on the chain (other holders of a pool on it). */
    public record Node(Kind kind, String label, boolean context) {
    }

    /** An edge from node {@code from} to node {@code to}, what it means, and whether it is on the cycle. */
    public record Edge(int from, int to, String label, boolean onCycle) {
    }

    /** The nodes on the chain (no context). */
    public long chainLength() {
        return nodes.stream().filter(n -> !n.context()).count();
    }
}
