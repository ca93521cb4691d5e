package dev.dmreplay.ingest.dm;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code integrity <dev> <reserved_sectors> <tag_size|-> <D|J|B|R|I> <#opt> [options]} ({@code dm_integrity_ctr},
 * dm-integrity.c). Keys inside {@code internal_hash:}, {@code journal_crypt:} and {@code journal_mac:} are
 * printed as zeros.
 *
 * @param tagSize the tag size word as given ({@code -} lets the kernel choose)
 */
public record IntegrityArgs(DevRef dev, long reservedSectors, String tagSize, char mode, List<String> options)
        implements TargetArgs {

    public IntegrityArgs {
        options = List.copyOf(options);
    }

    /** The {@code meta_device:} option's device, or null. */
    public DevRef metaDevice() {
        for (String o : options) {
            if (o.startsWith("meta_device:")) {
                return DevRef.parse(o.substring("meta_device:".length()));
            }
        }
        return null;
    }

    @Override
    public String type() {
        return "integrity";
    }

    @Override
    public List<DevRef> devices() {
        DevRef meta = metaDevice();
        return meta == null ? List.of(dev) : List.of(dev, meta);
    }

    @Override
    public String params() {
        StringBuilder sb = new StringBuilder().append(dev).append(' ').append(reservedSectors).append(' ')
                .append(tagSize).append(' ').append(mode).append(' ').append(options.size());
        for (String o : options) {
            sb.append(' ').append(Secrets.maskIntegrityOption(o));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        List<String> masked = new ArrayList<>();
        options.forEach(o -> masked.add(Secrets.maskIntegrityOption(o)));
        return "IntegrityArgs[dev=" + dev + ", reservedSectors=" + reservedSectors + ", tagSize=" + tagSize
                + ", mode=" + mode + ", options=" + masked + "]";
    }
}
