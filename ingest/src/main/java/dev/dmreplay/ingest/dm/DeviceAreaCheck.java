package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.io.TableFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses a table the kernel would refuse because a target reaches beyond the device below it: what
 * {@code device_area_is_invalid()} (drivers/md/dm-table.c, v6.1) checks for every area a target's
 * {@code iterate_devices} names, {@code start >= dev_size || start + len > dev_size}, skipped when the size is 0 or
 * unknown. The areas follow the targets' {@code iterate_devices} in v6.1: linear and crypt {@code (dev, offset,
 * ti->len)}, striped {@code (leg, offset, ti->len / stripes)} per leg ({@code stripe_iterate_devices}), delay each
 * class's {@code (dev, offset, ti->len)}, mirror each leg's {@code (dev, offset, ti->len)}, snapshot and
 * snapshot-origin the origin's {@code (origin, 0, ti->len)}, thin-pool the data device's {@code (data, 0, ti->len)},
 * cache the origin's {@code (origin, 0, ti->len)} (also {@code parse_origin_dev()}'s "Device size larger than cached
 * device"), raid each data device's {@code (data, 0, dev_sectors)} with {@code dev_sectors} the length shared by
 * the data devices ({@code rs_set_dev_and_array_sectors}). Thin targets name a region of their pool that always
 * fits, and the areas of zero and error are empty.
 *
 * <p>Sizes: a mapped device's own table gives its size exactly; a disk's comes from the bundle's {@code lsblk} dump
 * ({@link LsblkSizes}: the largest size a rounded human size can stand for). The other constructor checks
 * ({@code stripe_ctr}'s divisibility, gaps and overlaps as {@code dm_table_add_target}'s {@code adjoin()} refuses
 * them) are made while the table is parsed ({@link TargetParser}, {@link DmTableParser}).
 */
public final class DeviceAreaCheck {
    private DeviceAreaCheck() {
    }

    /**
     * @param source     the table's file, named in the error with the segment's line
     * @param diskSizes  dev_t (kernel encoding) → size in sectors (an upper bound), for the devices below the stack
     * @throws TableFormatException at the first target too large for its lower device
     */
    public static void check(String source, DmTopology topo, Map<Integer, Long> diskSizes) {
        for (MappedDevice md : topo.devices()) {
            for (Segment seg : md.segments()) {
                for (Area a : areas(seg)) {
                    long size = size(topo, a.dev(), diskSizes);
                    if (size > 0 && (a.start() >= size || a.start() + a.len() > size)) {
                        throw TableFormatException.atLine(source, seg.line(), md.name() + " segment " + seg.index()
                                + " (" + seg.target().type() + "): " + a.dev() + " too small for target: start="
                                + a.start() + ", len=" + a.len() + ", dev_size=" + size
                                + " sectors (the kernel refuses the table: device_area_is_invalid)");
                    }
                }
            }
        }
    }

    private record Area(DevRef dev, long start, long len) {
    }

    private static List<Area> areas(Segment seg) {
        List<Area> l = new ArrayList<>();
        long len = seg.length();
        TargetArgs t = seg.target();
        if (t instanceof LinearArgs a) {
            l.add(new Area(a.dev(), a.offset(), len));
        } else if (t instanceof StripedArgs a) {
            for (StripeLeg leg : a.legs()) {
                l.add(new Area(leg.dev(), leg.offset(), len / a.legs().size()));
            }
        } else if (t instanceof CryptArgs a) {
            l.add(new Area(a.dev(), a.offset(), len));
        } else if (t instanceof DelayArgs a) {
            for (DelayClass c : new DelayClass[] {a.read(), a.write(), a.flush()}) {
                if (c != null) {
                    l.add(new Area(c.dev(), c.offset(), len));
                }
            }
        } else if (t instanceof MirrorArgs a) {
            for (StripeLeg leg : a.mirrors()) {
                l.add(new Area(leg.dev(), leg.offset(), len));
            }
        } else if (t instanceof SnapshotArgs a) {
            l.add(new Area(a.origin(), 0, len));
        } else if (t instanceof SnapshotOriginArgs a) {
            l.add(new Area(a.origin(), 0, len));
        } else if (t instanceof ThinPoolArgs a) {
            l.add(new Area(a.data(), 0, len));
        } else if (t instanceof CacheArgs a) {
            l.add(new Area(a.origin(), 0, len));
        } else if (t instanceof RaidArgs a) {
            long perDevice = raidDeviceSectors(a, len);
            for (RaidLeg leg : a.legs()) {
                if (leg.data() != null) {
                    l.add(new Area(leg.data(), 0, perDevice));
                }
            }
        }
        return l;
    }

    /** {@code rs->md.dev_sectors}: raid1 keeps the whole length on each leg, striped levels share it. */
    private static long raidDeviceSectors(RaidArgs a, long len) {
        int devices = a.legs().size();
        String type = a.raidType();
        if (type.equals("raid1")) {
            return len;
        }
        if (type.equals("raid10")) {
            String c = a.param("raid10_copies");
            long copies = c == null ? 2 : Long.parseLong(c);
            return len * copies / devices;
        }
        int parity = type.startsWith("raid6") ? 2 : type.equals("raid0") ? 0 : 1;
        return len / (devices - parity);
    }

    /** The device's size in sectors, or 0 when unknown. */
    private static long size(DmTopology topo, DevRef ref, Map<Integer, Long> diskSizes) {
        Optional<MappedDevice> md = topo.resolve(ref);
        if (md.isPresent()) {
            return md.get().sectors();
        }
        if (ref.isNumber()) {
            Long s = diskSizes.get(ref.number().kernel());
            return s == null ? 0 : s;
        }
        return 0;
    }
}
