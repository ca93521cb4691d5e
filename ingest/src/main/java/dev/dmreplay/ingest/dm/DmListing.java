package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.model.DevNo;
import java.util.List;
import java.util.Map;

/**
 * What {@code dmsetup ls [--tree]} or {@code dmsetup info [-c]} tells about devices: numbers, uuids and (from
 * the tree) which device sits on which.
 *
 * @param numbers name to major:minor, in dump order
 * @param uuids   name to uuid (info only), in dump order
 * @param edges   stacking edges seen in a tree, in dump order (duplicates removed)
 */
public record DmListing(String source, Map<String, DevNo> numbers, Map<String, String> uuids, List<Edge> edges) {

    /**
     * {@code upper} uses {@code lower}; {@code lowerName} is null for a non-dm leaf.
     */
    public record Edge(String upper, String lowerName, DevNo lower) {
    }

    public DmListing {
        numbers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(numbers));
        uuids = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(uuids));
        edges = List.copyOf(edges);
    }
}
