package dev.dmreplay.ingest.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmreplay.ingest.io.TraceFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The optional {@code bundle.json} of a trace bundle: names the trace and dump files when they do not follow
 * the default names. All paths are relative to the bundle directory.
 *
 * <pre>{@code
 * {
 *   "bundle_version": 1,
 *   "description": "fio randrw on vg0-lv0 (striped 2 x 64 KiB over sda, sdb)",
 *   "traces": ["dm-0", "sda", "sdb"],
 *   "dmsetup_table": "dmsetup-table.txt",
 *   "dmsetup_ls_tree": "dmsetup-ls-tree.txt",
 *   "dmsetup_info_c": "dmsetup-info-c.txt",
 *   "dmsetup_ls": null,
 *   "lsblk": "lsblk.txt"
 * }
 * }</pre>
 *
 * {@code traces} entries are blktrace input names (the {@code <name>} of {@code <name>.blktrace.<cpu>}, read
 * in the order given, like {@code blkparse -i}) or the file name of one trace file in any accepted format.
 * Unknown keys are errors, so a typo does not silently drop a file.
 *
 * @param bundleVersion must be 1
 * @param description   free text shown by {@code info}
 * @param traces        trace inputs; empty means "look for them as without a bundle.json"
 * @param dmsetupTable  {@code dmsetup table} output
 * @param dmsetupLsTree {@code dmsetup ls --tree} output
 * @param dmsetupInfoC  {@code dmsetup info -c} output
 * @param dmsetupLs     {@code dmsetup ls} output
 * @param lsblk         {@code lsblk} output (kept for humans; not parsed)
 */
@JsonPropertyOrder({"bundle_version", "description", "traces", "dmsetup_table", "dmsetup_ls_tree", "dmsetup_info_c",
        "dmsetup_ls", "lsblk"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(@JsonProperty("bundle_version") int bundleVersion,
                             @JsonProperty("description") String description,
                             @JsonProperty("traces") List<String> traces,
                             @JsonProperty("dmsetup_table") String dmsetupTable,
                             @JsonProperty("dmsetup_ls_tree") String dmsetupLsTree,
                             @JsonProperty("dmsetup_info_c") String dmsetupInfoC,
                             @JsonProperty("dmsetup_ls") String dmsetupLs,
                             @JsonProperty("lsblk") String lsblk) {

    public static final String FILE_NAME = "bundle.json";

    public BundleManifest {
        traces = traces == null ? List.of() : List.copyOf(traces);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Reads and checks {@code file}; errors name the file and line. */
    public static BundleManifest read(Path file) throws IOException {
        BundleManifest m;
        try {
            m = JSON.readValue(Files.readAllBytes(file), BundleManifest.class);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            long line = loc == null ? 1 : Math.max(1, loc.getLineNr());
            throw TraceFormatException.atLine(file.toString(), line, "bad bundle.json: "
                    + firstLine(e.getOriginalMessage()) + "; expected an object with bundle_version, description, "
                    + "traces, dmsetup_table, dmsetup_ls_tree, dmsetup_info_c, dmsetup_ls, lsblk");
        }
        if (m == null) {
            throw TraceFormatException.atLine(file.toString(), 1, "empty bundle.json, expected a JSON object");
        }
        if (m.bundleVersion() != 1) {
            throw TraceFormatException.of(file.toString(), "bundle_version " + m.bundleVersion()
                    + " is not supported, expected 1");
        }
        for (String name : m.names()) {
            if (name.isBlank() || Path.of(name).isAbsolute() || name.contains("..")) {
                throw TraceFormatException.of(file.toString(), "file name '" + name
                        + "' must be a plain path inside the bundle directory");
            }
        }
        return m;
    }

    /** Writes this manifest as pretty JSON (fixed key order). */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> names() {
        List<String> all = new java.util.ArrayList<>(traces);
        for (String s : new String[] {dmsetupTable, dmsetupLsTree, dmsetupInfoC, dmsetupLs, lsblk}) {
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
