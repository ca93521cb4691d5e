package dev.dmreplay.replay.target.raid1;

import dev.dmreplay.ingest.dm.RaidArgs;
import dev.dmreplay.ingest.dm.RaidLeg;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetContext;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * dm-raid's {@code raid} target with the raid1 personality (drivers/md/dm-raid.c, v4.12–v6.1: {@code raid_ctr},
 * {@code raid_map} → {@code md_handle_request} → {@code raid1_make_request}, {@code DM_MAPIO_SUBMITTED}): the md
 * array ({@link Raid1Conf}) runs inside the target; the DM clone is the bio md serves and ends. Table:
 * {@code raid raid1 <#params> <chunk_size> [sync|nosync] [region_size N] [rebuild idx]... [write_mostly idx]...
 * <#devs> (<meta|-> <data|->)...}.
 *
 * <p>Construction: {@code region_size} (default 8192 sectors as dm-raid's {@code validate_region_size} picks for
 * arrays up to 2^21 regions) is the bitmap chunk; {@code max_io_len} is the region size (the capture shows dm-raid
 * splitting at region boundaries); {@code num_flush_bios} and {@code num_discard_bios} are 1. Whether the array
 * resyncs and whether it has a bitmap follow {@link ArrayStart}: only a new array on metadata devices resyncs
 * (unless {@code nosync}); an array without metadata devices starts in sync; {@code rebuild N} recovers leg N;
 * {@code write_mostly N} sets the leg's {@code WriteMostly} flag, which keeps reads off it (write-behind,
 * {@code max_write_behind}, is refused).
 *
 * <p>Other raid levels (raid0, raid4/5/6, raid10) are not modelled and are refused with the line.
 */
public final class RaidTarget extends Target {
    /** dm-raid's default region size for small arrays ({@code 1 << 13} sectors). */
    static final long DEFAULT_REGION_SECTORS = 1L << 13;

    private final Raid1Conf conf;
    private final List<BlockDevice> devs = new ArrayList<>();

    public RaidTarget(TargetContext c, long begin, long len, RaidArgs a) {
        super(begin, len);
        if (!a.raidType().equals("raid1")) {
            throw new IllegalArgumentException("table line " + c.line() + ": raid type '" + a.raidType()
                    + "' is not modelled (raid1 only)");
        }
        long region = DEFAULT_REGION_SECTORS;
        String rs = a.param("region_size");
        if (rs != null) {
            try {
                region = Long.parseLong(rs);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("table line " + c.line() + ": region_size '" + rs
                        + "' is not a number");
            }
        }
        boolean nosync = a.options().contains("nosync");
        List<Integer> rebuild = legIndexes(c, a, "rebuild");
        List<Integer> writeMostly = legIndexes(c, a, "write_mostly");
        if (!writeMostly.isEmpty() && a.param("max_write_behind") != null) {
            throw new IllegalArgumentException("table line " + c.line() + ": write-behind to write-mostly legs"
                    + " (max_write_behind) is not modelled");
        }
        List<Mirror> mirrors = new ArrayList<>();
        for (RaidLeg leg : a.legs()) {
            if (leg.data() == null) {
                throw new IllegalArgumentException("table line " + c.line()
                        + ": a missing data device ('-') is not modelled");
            }
            BlockDevice data = c.device(leg.data());
            BlockDevice meta = leg.meta() == null ? null : c.device(leg.meta());
            mirrors.add(new Mirror(mirrors.size(), data, 0, meta));
            if (meta != null) {
                devs.add(meta);
            }
            devs.add(data);
        }
        for (int r : rebuild) {
            checkLeg(c, "rebuild", r, mirrors.size());
        }
        for (int w : writeMostly) {
            checkLeg(c, "write_mostly", w, mirrors.size());
            mirrors.get(w).writeMostly = true;
        }
        boolean hasMeta = false;
        for (Mirror m : mirrors) {
            hasMeta |= m.meta != null;
        }
        ArrayStart start = ArrayStart.of(hasMeta, nosync, a.options().contains("sync"), !rebuild.isEmpty());
        this.conf = new Raid1Conf(c.layer(), c.knobs(), c.mdName(), mirrors, len, begin, region, start, rebuild);
        maxIoLen = region;
        numFlushBios = 1;
        numDiscardBios = 1;
        numWriteZeroesBios = 1;
        conf.start();
    }

    /** The leg indexes given with {@code name} ({@code rebuild <idx>}, {@code write_mostly <idx>}: each may repeat). */
    private static List<Integer> legIndexes(TargetContext c, RaidArgs a, String name) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < a.options().size() - 1; i++) {
            if (a.options().get(i).equals(name)) {
                String v = a.options().get(i + 1);
                try {
                    out.add(Integer.parseInt(v));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("table line " + c.line() + ": " + name + " '" + v
                            + "' is not a leg number");
                }
            }
        }
        return out;
    }

    private static void checkLeg(TargetContext c, String name, int leg, int legs) {
        if (leg < 0 || leg >= legs) {
            throw new IllegalArgumentException("table line " + c.line() + ": " + name + " " + leg + " is not a leg");
        }
    }

    @Override
    public String type() {
        return "raid";
    }

    @Override
    public List<BlockDevice> devices() {
        return devs;
    }

    /**
     * Trace replays: the resync thread reaches each window no earlier than the traced kernel's did (data device name
     * → sector on it → time of the kernel's read, in the replay's clock).
     */
    public void resyncWindowReads(java.util.Map<String, java.util.Map<Long, Long>> reads) {
        if (conf().resync != null) {
            conf().resync.windowReads(reads);
        }
    }

    public Raid1Conf conf() {
        return conf;
    }

    /** md issues every leg bio itself; dm-raid emits no remap records. */
    @Override
    public boolean issuesOwnLowerIo() {
        return true;
    }

    @Override
    public List<dev.dmreplay.replay.block.Mempool> mempools() {
        return conf.mempools();
    }

    /** {@code raid_map()}: md takes the clone; DM hears of it again only through its completion. */
    @Override
    public DmMapio map(Task t, TargetIo tio) {
        t.call(new Map(tio));
        return DmMapio.CALLED;
    }

    private final class Map extends Frame {
        /** raid_map(), v6.1: {@code md_handle_request(mddev, bio)} → {@code raid1_make_request}. */
        private static final int MD_HANDLE_REQUEST = 0;
        /** raid_map(), v6.1: {@code md_handle_request} returned; {@code return DM_MAPIO_SUBMITTED}. */
        private static final int REQUEST_RETURNED = 1;

        private final TargetIo tio;

        Map(TargetIo tio) {
            this.tio = tio;
        }

        @Override
        public Step step(Task t) {
            if (pc == MD_HANDLE_REQUEST) {
                pc = REQUEST_RETURNED;
                return conf.makeRequest(t, tio.clone);
            }
            tio.mapio = DmMapio.SUBMITTED;
            return RETURN;
        }

        @Override
        public String function() {
            return "raid_map";
        }
    }
}
