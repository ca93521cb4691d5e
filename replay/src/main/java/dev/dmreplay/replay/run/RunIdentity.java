package dev.dmreplay.replay.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What makes a replay run the run it is: strategy, knobs, memory pressure, seed, mode, admission bound and the
 * SHA-256 of the trace's bytes. A run directory's {@code observations.parquet} carries it in its footer's key-value
 * metadata ({@value #PREFIX}{@code NAME}) and its {@code summary.json} under {@code identity}, so a directory
 * mixed from two replays (one's summary, the other's observations) is told apart from a whole run.
 */
public record RunIdentity(String strategy, String knobs, String pressure, long seed, String mode, int maxInFlight,
                          String traceSha256) {
    /** Prefix of the observation file's footer keys. */
    public static final String PREFIX = "dmreplay.run.";

    /** The identity of a trace replay set up as {@code s} under {@code strategy}. */
    public static RunIdentity of(TraceReplay.Setup s, String strategy) throws IOException {
        return of(s, strategy, digest(s.trace()));
    }

    /**
     * The identity of a trace replay set up as {@code s} under {@code strategy}, whose trace's {@link #digest} is
     * {@code traceSha256} (computed beforehand, e.g. on another thread while the replay runs).
     */
    public static RunIdentity of(TraceReplay.Setup s, String strategy, String traceSha256) {
        String knobs = s.knobs().asMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        return new RunIdentity(strategy, knobs, s.pressure().toString(), s.seed(), s.mode().kind().name()
                + (s.mode().queueDepth() > 0 ? ":" + s.mode().queueDepth() : "")
                + (s.mode().scale() != 1.0 ? "=" + s.mode().scale() : ""), s.maxInFlight(), traceSha256);
    }

    /** The identity as footer entries, in component order. */
    public Map<String, String> asFooter() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : fields().entrySet()) {
            m.put(PREFIX + e.getKey(), e.getValue());
        }
        return m;
    }

    /** Component name → value as text, in component order. */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("strategy", strategy);
        m.put("knobs", knobs);
        m.put("pressure", pressure);
        m.put("seed", Long.toString(seed));
        m.put("mode", mode);
        m.put("maxInFlight", Integer.toString(maxInFlight));
        m.put("traceSha256", traceSha256);
        return m;
    }

    /** The footer's identity entries without their prefix (empty for files written before identities). */
    public static Map<String, String> fromFooter(Map<String, String> kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : List.of("strategy", "knobs", "pressure", "seed", "mode", "maxInFlight", "traceSha256")) {
            String v = kv.get(PREFIX + k);
            if (v != null) {
                m.put(k, v);
            }
        }
        return m;
    }

    /**
     * SHA-256 of the trace: a file's bytes as stored (compressed files are not decompressed); a directory's regular
     * files in name order, each as its relative name, a NUL, its length and its bytes.
     */
    public static String digest(Path trace) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        if (Files.isDirectory(trace)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(trace)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                md.update(trace.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Long.toString(Files.size(f)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                update(md, f);
            }
        } else {
            update(md, trace);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, Path f) throws IOException {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
    }
}
