package dev.dmreplay.replay.strategy;

import dev.dmreplay.replay.pressure.Durations;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Era and machine knobs of the modelled targets themselves (not of DM core): which form of dm-crypt's
 * {@code crypt_alloc_buffer} runs, how many CPUs serve the kcryptd workqueue, what encryption costs, and dm-thin's
 * commit period and metadata cache. Every strategy uses the same defaults (a current kernel); scenario files and
 * {@code --knob} override them by name like the DM core knobs.
 *
 * @param cryptAllocBuffer the {@code crypt_alloc_buffer} form (drivers/md/dm-crypt.c)
 * @param cryptCpus        online CPUs: {@code max_active} of the unbound kcryptd workqueue
 * @param cryptPsPerByte   encryption/decryption CPU cost in picoseconds per byte (default 168: AES-256-XTS at
 *                         5.96 GB/s, {@code openssl speed -evp aes-256-xts -bytes 4096} on the build machine)
 * @param thinCommitPeriodNs dm-thin {@code COMMIT_PERIOD} (HZ = 1 s): the waker's periodic commit
 * @param thinMetadataCache  whether metadata btree blocks start in the dm-bufio cache (a pool used since its
 *                         creation, as in the captured traces) or must be read from the metadata device first
 * @param cacheWakerPhaseNs  dm-cache: time from the start of the replay to the first tick of the cache's waker
 *                         (smq ends a hotspot period at each tick); -1 for the default, half a period (the
 *                         expected value of a phase the trace does not record)
 * @param cachePromotions    dm-cache (smq) replaying a trace that shows the cache's own devices: whether misses
 *                         promote as the traced kernel's did ({@code TRACE}, the default) or as the modelled policy
 *                         decides ({@code POLICY}); without such a trace the policy always decides
 */
public record TargetKnobs(CryptAllocBuffer cryptAllocBuffer, int cryptCpus, long cryptPsPerByte,
                          long thinCommitPeriodNs, MetadataCache thinMetadataCache, long cacheWakerPhaseNs,
                          CachePromotions cachePromotions) {

    /**
     * The two forms of {@code crypt_alloc_buffer} since every write allocates all its pages at once
     * (cf2f1abfbd0d "dm crypt: don't allocate pages for a partial request", v4.0).
     */
    public enum CryptAllocBuffer {
        /**
         * 7145c241a1bf "dm crypt: avoid deadlock in mempools" (v4.1) and every kernel since: all pages with
         * {@code GFP_NOWAIT} without a lock; on the first failure free them and retry blocking under
         * {@code cc->bio_alloc_lock}.
         */
        MUTEX_RETRY,
        /** v4.0 (cf2f1abfbd0d to 7145c241a1bf): each page with a blocking {@code mempool_alloc(GFP_NOIO)}, no lock. */
        BLOCKING_PER_PAGE
    }

    /** dm-bufio state of the pool's metadata btree blocks at the start of a run. */
    public enum MetadataCache { WARM, COLD }

    /** Who decides a traced dm-cache's promotions in a replay of its trace. */
    public enum CachePromotions {
        /** The traced kernel: a miss promotes when the kernel's promoted (see the cache target's notes). */
        TRACE,
        /** The modelled smq policy alone, from its own hotspot queue and ticks. */
        POLICY
    }

    public static final TargetKnobs DEFAULT = new TargetKnobs(CryptAllocBuffer.MUTEX_RETRY, 2, 168,
            1_000_000_000L, MetadataCache.WARM, -1, CachePromotions.TRACE);

    /** Knob names accepted by {@link #with}. */
    public static final String[] NAMES = {"cryptAllocBuffer", "cryptCpus", "cryptPsPerByte", "thinCommitPeriod",
        "thinMetadataCache", "cacheWakerPhase", "cachePromotions"};

    public TargetKnobs {
        if (cryptCpus < 1 || cryptCpus > 4096) {
            throw new IllegalArgumentException("cryptCpus must be in 1..4096");
        }
        if (cryptPsPerByte < 0) {
            throw new IllegalArgumentException("cryptPsPerByte must be >= 0");
        }
        if (thinCommitPeriodNs <= 0) {
            throw new IllegalArgumentException("thinCommitPeriod must be > 0");
        }
        if (cacheWakerPhaseNs != -1 && (cacheWakerPhaseNs <= 0 || cacheWakerPhaseNs > 1_000_000_000L)) {
            throw new IllegalArgumentException("cacheWakerPhase must be in (0, 1s] (the waker ticks once a second)");
        }
    }

    public static boolean isKnob(String name) {
        for (String n : NAMES) {
            if (n.equals(name.trim())) {
                return true;
            }
        }
        return false;
    }

    /** Returns a copy with one knob changed. */
    public TargetKnobs with(String name, String value) {
        String v = value.trim();
        try {
            return switch (name.trim()) {
                case "cryptAllocBuffer" -> new TargetKnobs(en(CryptAllocBuffer.class, v), cryptCpus, cryptPsPerByte,
                        thinCommitPeriodNs, thinMetadataCache, cacheWakerPhaseNs, cachePromotions);
                case "cryptCpus" -> new TargetKnobs(cryptAllocBuffer, Integer.parseInt(v), cryptPsPerByte,
                        thinCommitPeriodNs, thinMetadataCache, cacheWakerPhaseNs, cachePromotions);
                case "cryptPsPerByte" -> new TargetKnobs(cryptAllocBuffer, cryptCpus, Long.parseLong(v),
                        thinCommitPeriodNs, thinMetadataCache, cacheWakerPhaseNs, cachePromotions);
                case "thinCommitPeriod" -> new TargetKnobs(cryptAllocBuffer, cryptCpus, cryptPsPerByte,
                        Durations.parse(v), thinMetadataCache, cacheWakerPhaseNs, cachePromotions);
                case "thinMetadataCache" -> new TargetKnobs(cryptAllocBuffer, cryptCpus, cryptPsPerByte,
                        thinCommitPeriodNs, en(MetadataCache.class, v), cacheWakerPhaseNs, cachePromotions);
                case "cacheWakerPhase" -> new TargetKnobs(cryptAllocBuffer, cryptCpus, cryptPsPerByte,
                        thinCommitPeriodNs, thinMetadataCache, Durations.parse(v), cachePromotions);
                case "cachePromotions" -> new TargetKnobs(cryptAllocBuffer, cryptCpus, cryptPsPerByte,
                        thinCommitPeriodNs, thinMetadataCache, cacheWakerPhaseNs, en(CachePromotions.class, v));
                default -> throw new IllegalArgumentException("unknown target knob '" + name + "'");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("knob " + name + ": '" + value + "' is not a number");
        }
    }

    /** The knobs that differ from {@link #DEFAULT}, by name (summaries list only those, so runs without
     * crypt or thin targets keep their summaries). */
    public Map<String, String> changed() {
        Map<String, String> m = new LinkedHashMap<>();
        if (cryptAllocBuffer != DEFAULT.cryptAllocBuffer) {
            m.put("cryptAllocBuffer", cryptAllocBuffer.name());
        }
        if (cryptCpus != DEFAULT.cryptCpus) {
            m.put("cryptCpus", Integer.toString(cryptCpus));
        }
        if (cryptPsPerByte != DEFAULT.cryptPsPerByte) {
            m.put("cryptPsPerByte", Long.toString(cryptPsPerByte));
        }
        if (thinCommitPeriodNs != DEFAULT.thinCommitPeriodNs) {
            m.put("thinCommitPeriod", Long.toString(thinCommitPeriodNs));
        }
        if (thinMetadataCache != DEFAULT.thinMetadataCache) {
            m.put("thinMetadataCache", thinMetadataCache.name());
        }
        if (cacheWakerPhaseNs != DEFAULT.cacheWakerPhaseNs) {
            m.put("cacheWakerPhase", Long.toString(cacheWakerPhaseNs));
        }
        if (cachePromotions != DEFAULT.cachePromotions) {
            m.put("cachePromotions", cachePromotions.name());
        }
        return m;
    }

    private static <E extends Enum<E>> E en(Class<E> c, String v) {
        String u = v.toUpperCase(Locale.ROOT);
        for (E e : c.getEnumConstants()) {
            if (e.name().equals(u)) {
                return e;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (E e : c.getEnumConstants()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.name());
        }
        throw new IllegalArgumentException("'" + v + "' is not one of " + sb);
    }
}
