package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.io.TraceFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a segment's target type and argument words into typed {@link TargetArgs}, checking what the target's
 * constructor checks ({@code drivers/md/dm-*.c *_ctr}, Linux 6.x) as far as it can be checked from the table
 * alone. Unknown target types become {@link GenericTargetArgs}.
 */
public final class TargetParser {

    /** The target types this parser types; anything else is kept as {@link GenericTargetArgs}. */
    public static final Set<String> KNOWN = Set.of("linear", "striped", "error", "zero", "snapshot-origin",
            "snapshot", "snapshot-merge", "thin-pool", "thin", "cache", "writecache", "crypt", "mirror", "raid",
            "delay", "flakey", "multipath", "era", "integrity", "verity");

    private static final Set<String> RAID_TYPES = Set.of("raid0", "raid1", "raid10", "raid4", "raid5_n",
            "raid5_la", "raid5_ra", "raid5_ls", "raid5_rs", "raid6_zr", "raid6_nr", "raid6_nc", "raid6_n_6",
            "raid6_la_6", "raid6_ra_6", "raid6_ls_6", "raid6_rs_6");
    private static final Set<String> THIN_POOL_FEATURES = Set.of("skip_block_zeroing", "ignore_discard",
            "no_discard_passdown", "read_only", "error_if_no_space");
    private static final Set<String> CACHE_FEATURES = Set.of("writethrough", "writeback", "passthrough",
            "metadata2", "no_discard_passdown");
    private static final Set<String> SNAPSHOT_FEATURES = Set.of("discard_zeroes_cow", "discard_passdown_origin");
    private static final Set<String> MIRROR_FEATURES = Set.of("handle_errors", "keep_log");
    /** Dirty log types registered in v6.1: dm-log.c (core, disk) and dm-log-userspace.c (userspace). */
    private static final Set<String> MIRROR_LOGS = Set.of("core", "disk", "userspace");
    /** Cache policies registered in v6.1: dm-cache-policy-smq.c (smq, mq, default) and cleaner. */
    /**
     * The policies a 6.1 kernel registers (smq, its aliases mq and default, cleaner), plus {@code hitcount}: the
     * replay model's own simple policy, which no kernel has (a table naming it can only be replayed, not loaded).
     */
    private static final Set<String> CACHE_POLICIES = Set.of("smq", "mq", "default", "cleaner", "hitcount");
    /** crypt_ctr_optional() in dm-crypt.c, v6.1: the options without a value. */
    private static final Set<String> CRYPT_FLAGS = Set.of("allow_discards", "same_cpu_crypt",
            "submit_from_crypt_cpus", "no_read_workqueue", "no_write_workqueue", "iv_large_sectors");
    /** dm_exception_store_set_chunk_size(): a chunk above INT_MAX bytes is "Chunk size is too high". */
    private static final long SNAPSHOT_CHUNK_MAX = Integer.MAX_VALUE >> 9;
    /** dm-thin.c DATA_DEV_BLOCK_SIZE_{MIN,MAX}_SECTORS: 64 KiB .. 1 GiB. */
    private static final long THIN_BLOCK_MIN = 128, THIN_BLOCK_MAX = 2097152;
    /** dm-cache-target.c DATA_DEV_BLOCK_SIZE_{MIN,MAX}_SECTORS: 32 KiB .. 1 GiB. */
    private static final long CACHE_BLOCK_MIN = 64, CACHE_BLOCK_MAX = 2097152;
    /** dm-raid1.c MAX_NR_MIRRORS, dm-raid.c MAX_RAID_DEVICES. */
    private static final int MAX_MIRRORS = 32, MAX_RAID_DEVICES = 253;

    private TargetParser() {
    }

    /**
     * @param type   the target type word
     * @param args   the argument words (whitespace-split, no empty words)
     * @param length the segment length in sectors (striped and crypt check it)
     * @throws TargetArgException naming the target and the offending argument
     */
    public static TargetArgs parse(String type, List<String> args, long length) {
        ArgCursor a = new ArgCursor(type, args);
        TargetArgs t = switch (type) {
            case "linear" -> linear(a);
            case "striped" -> striped(a, length);
            case "error" -> {
                a.take(a.remaining()); // io_err_ctr ignores its arguments, and the kernel prints none back
                yield new ErrorArgs();
            }
            case "zero" -> new ZeroArgs();
            case "snapshot-origin" -> new SnapshotOriginArgs(a.dev("origin device"));
            case "snapshot" -> snapshot(a, false);
            case "snapshot-merge" -> snapshot(a, true);
            case "thin-pool" -> thinPool(a);
            case "thin" -> thin(a);
            case "cache" -> cache(a);
            case "writecache" -> writecache(a);
            case "crypt" -> crypt(a, length);
            case "mirror" -> mirror(a, length);
            case "raid" -> raid(a, length);
            case "delay" -> delay(a, args.size());
            case "flakey" -> flakey(a);
            case "multipath" -> multipath(a);
            case "era" -> new EraArgs(a.dev("metadata device"), a.dev("origin device"),
                    a.num("block size", 1, Integer.MAX_VALUE));
            case "integrity" -> integrity(a);
            case "verity" -> verity(a, length);
            default -> null;
        };
        if (t == null) {
            return GenericTargetArgs.of(type, args);
        }
        a.end();
        return t;
    }

    private static LinearArgs linear(ArgCursor a) {
        return new LinearArgs(a.dev("device"), a.num("offset"));
    }

    private static StripedArgs striped(ArgCursor a, long length) {
        long stripes = a.num("stripe count");
        if (stripes == 0) {
            throw a.error("stripe count must be at least 1");
        }
        long chunk = a.num("chunk size");
        if (chunk == 0 || chunk > 0xffffffffL) {
            throw a.error("chunk size " + chunk + " must be 1..4294967295 sectors");
        }
        if (length % stripes != 0 || (length / stripes) % chunk != 0) {
            throw a.error("length " + length + " is not a multiple of chunk " + chunk + " x " + stripes
                    + " stripes");
        }
        if (a.remaining() != 2 * stripes) {
            throw a.error(stripes + " stripes need " + 2 * stripes + " device/offset arguments, got "
                    + a.remaining());
        }
        List<StripeLeg> legs = new ArrayList<>();
        for (int i = 0; i < stripes; i++) {
            legs.add(new StripeLeg(a.dev("stripe " + i + " device"), a.num("stripe " + i + " offset")));
        }
        return new StripedArgs(chunk, legs);
    }

    private static List<String> features(ArgCursor a, Set<String> allowed, String what) {
        if (!a.hasMore()) {
            return List.of();
        }
        int n = a.count("feature count");
        List<String> f = a.take(n);
        if (allowed != null) {
            for (String w : f) {
                if (!allowed.contains(w)) {
                    throw a.error("unknown " + what + " '" + w + "'");
                }
            }
        }
        return f;
    }

    private static SnapshotArgs snapshot(ArgCursor a, boolean merge) {
        DevRef origin = a.dev("origin device");
        DevRef cow = a.dev("COW device");
        String p = a.word("persistence (P, PO or N)").toUpperCase(java.util.Locale.ROOT);
        if (!p.equals("P") && !p.equals("PO") && !p.equals("N")) {
            throw a.error("persistence must be P, PO or N, got '" + p + "'");
        }
        if (merge && !p.startsWith("P")) {
            throw a.error("snapshot-merge needs a persistent (P) exception store, got '" + p + "'");
        }
        // 0 = take the chunk size from an existing persistent COW header (dm_exception_store_set_chunk_size)
        if (origin.equals(cow)) {
            // snapshot_ctr(): "COW device cannot be the same as origin device"
            throw a.error("COW device " + cow + " is the origin device; the kernel needs two devices");
        }
        long chunk = a.num("chunk size");
        if (chunk != 0 && Long.bitCount(chunk) != 1) {
            throw a.error("chunk size " + chunk + " is not a power of 2");
        }
        if (chunk > SNAPSHOT_CHUNK_MAX) {
            throw a.error("chunk size " + chunk + " is too high (at most " + SNAPSHOT_CHUNK_MAX + " sectors)");
        }
        List<String> f = features(a, SNAPSHOT_FEATURES, "snapshot feature");
        if (f.contains("discard_passdown_origin") && !f.contains("discard_zeroes_cow")) {
            throw a.error("discard_passdown_origin needs discard_zeroes_cow");
        }
        return new SnapshotArgs(merge, origin, cow, p, chunk, f);
    }

    private static ThinPoolArgs thinPool(ArgCursor a) {
        DevRef meta = a.dev("metadata device");
        DevRef data = a.dev("data device");
        long block = a.num("block size");
        if (block < THIN_BLOCK_MIN || block > THIN_BLOCK_MAX || block % THIN_BLOCK_MIN != 0) {
            throw a.error("block size " + block + " must be a multiple of 128 in 128..2097152 sectors");
        }
        long lowWater = a.num("low water mark");
        return new ThinPoolArgs(meta, data, block, lowWater, features(a, THIN_POOL_FEATURES, "thin-pool feature"));
    }

    private static ThinArgs thin(ArgCursor a) {
        DevRef pool = a.dev("pool device");
        long id = a.num("device id", 0, (1L << 24) - 1);
        DevRef origin = a.hasMore() ? a.dev("external origin device") : null;
        if (pool.equals(origin)) {
            // thin_ctr(): "Error setting origin device" when argv[2] names argv[0]
            throw a.error("external origin device " + origin + " is the pool device");
        }
        return new ThinArgs(pool, id, origin);
    }

    private static CacheArgs cache(ArgCursor a) {
        DevRef meta = a.dev("metadata device");
        DevRef cache = a.dev("cache device");
        DevRef origin = a.dev("origin device");
        long block = a.num("block size");
        if (block < CACHE_BLOCK_MIN || block > CACHE_BLOCK_MAX || block % CACHE_BLOCK_MIN != 0) {
            throw a.error("block size " + block + " must be a multiple of 64 in 64..2097152 sectors");
        }
        int nf = a.count("feature count");
        List<String> f = a.take(nf);
        int modes = 0;
        for (String w : f) {
            if (!CACHE_FEATURES.contains(w)) {
                throw a.error("unknown cache feature '" + w + "'");
            }
            if (w.equals("writethrough") || w.equals("writeback") || w.equals("passthrough")) {
                modes++;
            }
        }
        if (modes > 1) {
            throw a.error("more than one io mode among features " + f);
        }
        String policy = a.word("policy name");
        if (!CACHE_POLICIES.contains(policy)) {
            // dm_cache_policy_create() finds no such policy: "Error creating cache's policy"
            throw a.error("unknown policy '" + policy + "', expected one of smq, mq, cleaner, default"
                    + " (or the model's own hitcount)");
        }
        int np = a.count("policy argument count");
        if (np % 2 != 0) {
            throw a.error("policy arguments must be key/value pairs, got " + np + " word(s)");
        }
        return new CacheArgs(meta, cache, origin, block, f, policy, a.take(np));
    }

    private static WritecacheArgs writecache(ArgCursor a) {
        String mode = a.word("mode (p or s)");
        if (!mode.equals("p") && !mode.equals("s")) {
            throw a.error("mode must be p or s, got '" + mode + "'");
        }
        DevRef origin = a.dev("origin device");
        DevRef cache = a.dev("cache device");
        long block = a.num("block size");
        if (block < 512 || block > 4096 || Long.bitCount(block) != 1) {
            throw a.error("block size " + block + " must be a power of 2 in 512..4096 bytes");
        }
        int n = a.count("option count");
        return new WritecacheArgs(mode.charAt(0), origin, cache, block, a.take(n));
    }

    private static CryptArgs crypt(ArgCursor a, long length) {
        String cipher = a.word("cipher");
        String key = a.word("key");
        // "-" is no key; all zeros of any length is a key dmsetup masked (an empty key masks to "0")
        if (!key.startsWith(":") && !key.equals("-") && !allZeros(key)) {
            if (key.length() % 2 != 0 || !isHex(key)) {
                throw a.error("key must be hex digits (even count), '-' or a :<size>:<type>:<desc> keyring"
                        + " reference");
            }
        } else if (key.startsWith(":") && key.split(":", 4).length < 4) {
            throw a.error("keyring key must be :<size>:<logon|user|encrypted|trusted>:<description>");
        }
        long iv = a.num("IV offset");
        DevRef dev = a.dev("device");
        long offset = a.num("offset");
        List<String> opts = a.hasMore() ? a.take(a.count("option count")) : List.of();
        for (String o : opts) {
            if (!CRYPT_FLAGS.contains(o) && !o.startsWith("integrity:") && !o.startsWith("sector_size:")) {
                throw a.error("unknown optional argument '" + o + "'");
            }
            if (o.startsWith("sector_size:")) {
                long ss = Numbers.parseUnsigned(o.substring("sector_size:".length()));
                if (ss < 512 || ss > 4096 || Long.bitCount(ss) != 1) {
                    throw a.error("sector_size must be a power of 2 in 512..4096, got '" + o + "'");
                }
                if (length % (ss / 512) != 0) {
                    throw a.error("length " + length + " is not a multiple of sector_size " + ss + " bytes");
                }
                if (offset % (ss / 512) != 0) {
                    throw a.error("offset " + offset + " is not aligned to sector_size " + ss + " bytes");
                }
            }
        }
        return new CryptArgs(cipher, key, iv, dev, offset, opts);
    }

    private static boolean allZeros(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static MirrorArgs mirror(ArgCursor a, long length) {
        String log = a.word("log type");
        if (!MIRROR_LOGS.contains(log)) {
            throw a.error("unknown log type '" + log + "', expected core, disk or userspace");
        }
        int nlog = a.count("log argument count");
        List<String> logArgs = a.take(nlog);
        if (log.equals("disk")) {
            if (nlog < 2 || nlog > 3) {
                throw a.error("disk log needs <log_dev> <region_size> [sync or nosync], got " + nlog + " argument(s)");
            }
            try {
                DevRef.parse(logArgs.get(0));
            } catch (IllegalArgumentException e) {
                throw a.error("log device: " + e.getMessage());
            }
        } else if (log.equals("core")) {
            if (nlog < 1 || nlog > 2) {
                throw a.error("core log needs <region_size> [sync or nosync], got " + nlog + " argument(s)");
            }
        }
        if (!log.equals("userspace")) {
            int first = log.equals("disk") ? 1 : 0;
            regionSize(a, logArgs.get(first), length);
            if (logArgs.size() > first + 1 && !logArgs.get(first + 1).equals("sync")
                    && !logArgs.get(first + 1).equals("nosync")) {
                throw a.error("log argument '" + logArgs.get(first + 1) + "' is neither sync nor nosync");
            }
        }
        int nm = (int) a.num("mirror count", 2, MAX_MIRRORS);
        List<StripeLeg> legs = new ArrayList<>();
        for (int i = 0; i < nm; i++) {
            legs.add(new StripeLeg(a.dev("mirror " + i + " device"), a.num("mirror " + i + " offset")));
        }
        List<String> f = features(a, MIRROR_FEATURES, "mirror feature");
        if (f.contains("keep_log") && !f.contains("handle_errors")) {
            throw a.error("keep_log needs the handle_errors feature");
        }
        return new MirrorArgs(log, logArgs, legs, f);
    }

    /**
     * A dirty log's region size as {@code create_log_context()} and {@code _check_region_size()} (dm-log.c, v6.1)
     * accept it: a u32, a power of 2, at least 2 sectors and at most the target's length.
     */
    private static void regionSize(ArgCursor a, String word, long length) {
        long r = Numbers.parseUnsigned(word);
        if (r < 0 || r > 0xffffffffL) {
            throw a.error("region size '" + TraceFormatException.shorten(word) + "' is not an unsigned 32-bit number");
        }
        if (r < 2 || Long.bitCount(r) != 1 || r > length) {
            throw a.error("region size " + r + " must be a power of 2 in 2.." + length + " sectors (the target's"
                    + " length)");
        }
    }

    private static RaidArgs raid(ArgCursor a, long length) {
        String rt = a.word("raid type");
        if (!RAID_TYPES.contains(rt)) {
            throw a.error("unknown raid type '" + rt + "'");
        }
        int np = a.count("parameter count");
        if (np < 1) {
            throw a.error("parameter count must include the chunk size");
        }
        long chunk = a.num("chunk size");
        List<String> params = a.take(np - 1);
        int nd = (int) a.num("device count", 1, MAX_RAID_DEVICES);
        if (a.remaining() != 2 * nd) {
            throw a.error(nd + " raid devices need " + 2 * nd + " meta/data arguments, got " + a.remaining());
        }
        List<RaidLeg> legs = new ArrayList<>();
        for (int i = 0; i < nd; i++) {
            legs.add(new RaidLeg(a.devOrDash("raid " + i + " metadata device"), a.devOrDash("raid " + i
                    + " data device")));
        }
        RaidArgs r = new RaidArgs(rt, chunk, params, legs);
        raidGeometry(a, r, length);
        String journal = r.param("journal_dev");
        if (journal != null) {
            try {
                DevRef.parse(journal);
            } catch (IllegalArgumentException e) {
                throw a.error("journal_dev: " + e.getMessage());
            }
        }
        return r;
    }

    /**
     * What {@code parse_raid_params()} and {@code rs_set_dev_and_array_sectors()} (dm-raid.c, v6.1) refuse: a chunk
     * size that is not a power of 2 of at least 8 sectors (raid1 ignores it), more raid10 copies than devices, and
     * a length the data devices do not share evenly.
     */
    private static void raidGeometry(ArgCursor a, RaidArgs r, long length) {
        boolean raid1 = r.raidType().equals("raid1");
        long chunk = r.chunkSectors();
        if (!raid1 && (chunk < 8 || chunk > Integer.MAX_VALUE || Long.bitCount(chunk) != 1)) {
            throw a.error("chunk size " + chunk + " must be a power of 2 of at least 8 sectors");
        }
        int devices = r.legs().size();
        if (raid1) {
            return;
        }
        if (r.raidType().equals("raid10")) {
            String c = r.param("raid10_copies");
            long copies = c == null ? 2 : Numbers.parseUnsigned(c);
            if (copies < 2 || copies > devices) {
                throw a.error("raid10_copies " + (c == null ? "2 (the default)" : c) + " needs 2.." + devices
                        + " copies for " + devices + " device(s)");
            }
            if ((length * copies) % devices != 0 || (devices * (length * copies / devices)) % copies != 0) {
                throw a.error("length " + length + " x " + copies + " copies is not divisible by " + devices
                        + " devices");
            }
            return;
        }
        int parity = r.raidType().startsWith("raid6") ? 2 : r.raidType().equals("raid0") ? 0 : 1;
        int data = devices - parity;
        if (data < 1 || length % data != 0) {
            throw a.error("length " + length + " is not divisible by " + data + " data device(s) (" + devices
                    + " devices, " + parity + " for parity)");
        }
    }

    private static DelayArgs delay(ArgCursor a, int argc) {
        if (argc != 3 && argc != 6 && argc != 9) {
            throw a.error("expected 3, 6 or 9 arguments, got " + argc);
        }
        DelayClass read = delayClass(a, "read");
        DelayClass write = argc >= 6 ? delayClass(a, "write") : read;
        DelayClass flush = argc == 9 ? delayClass(a, "flush") : write;
        return new DelayArgs(read, write, flush, argc / 3);
    }

    private static DelayClass delayClass(ArgCursor a, String what) {
        return new DelayClass(a.dev(what + " device"), a.num(what + " offset"), a.num(what + " delay (ms)"));
    }

    private static FlakeyArgs flakey(ArgCursor a) {
        DevRef dev = a.dev("device");
        long offset = a.num("offset");
        long up = a.num("up interval (s)", 0, Integer.MAX_VALUE);
        long down = a.num("down interval (s)", 0, Integer.MAX_VALUE);
        if (up + down == 0) {
            throw a.error("total (up + down) interval is zero");
        }
        List<String> f = a.hasMore() ? a.take(a.count("feature count")) : List.of();
        return new FlakeyArgs(dev, offset, up, down, f);
    }

    private static MultipathArgs multipath(ArgCursor a) {
        List<String> features = a.take(a.count("feature count"));
        List<String> hw = a.take(a.count("hardware handler argument count"));
        int ng = (int) a.num("priority group count", 0, Integer.MAX_VALUE);
        int initial = (int) a.num("initial priority group", 0, Integer.MAX_VALUE);
        if ((ng == 0 && initial != 0) || initial > ng) {
            throw a.error("initial priority group " + initial + " out of range for " + ng + " group(s)");
        }
        List<PathGroup> groups = new ArrayList<>();
        for (int g = 0; g < ng; g++) {
            String sel = a.word("group " + (g + 1) + " path selector");
            List<String> selArgs = a.take(a.count("group " + (g + 1) + " selector argument count"));
            int np = (int) a.num("group " + (g + 1) + " path count", 1, Integer.MAX_VALUE);
            int perPath = a.count("group " + (g + 1) + " per-path argument count");
            List<MultipathPath> paths = new ArrayList<>();
            for (int p = 0; p < np; p++) {
                DevRef dev = a.dev("group " + (g + 1) + " path " + (p + 1) + " device");
                if (a.remaining() < perPath) {
                    throw a.error("group " + (g + 1) + " path " + (p + 1) + " needs " + perPath
                            + " per-path argument(s)");
                }
                paths.add(new MultipathPath(dev, a.take(perPath)));
            }
            groups.add(new PathGroup(sel, selArgs, perPath, paths));
        }
        return new MultipathArgs(features, hw, initial, groups);
    }

    private static IntegrityArgs integrity(ArgCursor a) {
        DevRef dev = a.dev("device");
        long reserved = a.num("reserved sectors");
        String tag = a.word("tag size");
        if (!tag.equals("-") && Numbers.parseUnsigned(tag) < 0) {
            throw a.error("tag size must be a number or '-', got '" + tag + "'");
        }
        String mode = a.word("mode (D, J, B, R or I)");
        if (mode.length() != 1 || "DJBRI".indexOf(mode.charAt(0)) < 0) {
            throw a.error("mode must be D, J, B, R or I, got '" + mode + "'");
        }
        List<String> opts = a.take(a.count("option count"));
        for (String o : opts) {
            if (o.startsWith("meta_device:")) {
                try {
                    DevRef.parse(o.substring("meta_device:".length()));
                } catch (IllegalArgumentException e) {
                    throw a.error("meta_device: " + e.getMessage());
                }
            }
        }
        return new IntegrityArgs(dev, reserved, tag, mode.charAt(0), opts);
    }

    private static VerityArgs verity(ArgCursor a, long length) {
        int version = (int) a.num("version", 0, 1);
        DevRef data = a.dev("data device");
        DevRef hash = a.dev("hash device");
        long dbs = blockBytes(a, "data block size");
        long hbs = blockBytes(a, "hash block size");
        long blocks = a.num("data block count");
        if (blocks > (Long.MAX_VALUE >> 12) || length > blocks * (dbs / 512)) {
            throw a.error("length " + length + " exceeds the " + blocks + " data blocks of " + dbs + " bytes");
        }
        long hashStart = a.num("hash start block");
        String alg = a.word("hash algorithm");
        String digest = a.word("root digest");
        if (!isHex(digest) || digest.length() % 2 != 0) {
            throw a.error("root digest must be hex, got '" + digest + "'");
        }
        String salt = a.word("salt");
        if (!salt.equals("-") && (!isHex(salt) || salt.length() % 2 != 0)) {
            throw a.error("salt must be hex or '-', got '" + salt + "'");
        }
        List<String> opts = a.hasMore() ? a.take(a.count("option count")) : List.of();
        int fec = opts.indexOf("use_fec_from_device");
        if (fec >= 0) {
            if (fec + 1 >= opts.size()) {
                throw a.error("use_fec_from_device needs a device");
            }
            try {
                DevRef.parse(opts.get(fec + 1));
            } catch (IllegalArgumentException e) {
                throw a.error("use_fec_from_device: " + e.getMessage());
            }
        }
        return new VerityArgs(version, data, hash, dbs, hbs, blocks, hashStart, alg, digest, salt, opts);
    }

    private static long blockBytes(ArgCursor a, String what) {
        long v = a.num(what);
        if (v < 512 || v > 4096 || Long.bitCount(v) != 1) {
            throw a.error(what + " " + v + " must be a power of 2 in 512..4096 bytes");
        }
        return v;
    }
}
