package dev.dmreplay.ingest.dm;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code verity <version> <data_dev> <hash_dev> <data_block_bytes> <hash_block_bytes> <#data_blocks>
 * <hash_start_block> <alg> <root_digest> <salt|-> [<#opt> options]} ({@code verity_ctr}, dm-verity-target.c).
 */
public record VerityArgs(int version, DevRef data, DevRef hash, long dataBlockBytes, long hashBlockBytes,
                         long dataBlocks, long hashStartBlock, String algorithm, String rootDigest, String salt,
                         List<String> options) implements TargetArgs {

    public VerityArgs {
        options = List.copyOf(options);
    }

    /** The {@code use_fec_from_device} device, or null. */
    public DevRef fecDevice() {
        int i = options.indexOf("use_fec_from_device");
        return i >= 0 && i + 1 < options.size() ? DevRef.parse(options.get(i + 1)) : null;
    }

    @Override
    public String type() {
        return "verity";
    }

    @Override
    public List<DevRef> devices() {
        List<DevRef> out = new ArrayList<>(List.of(data, hash));
        DevRef fec = fecDevice();
        if (fec != null) {
            out.add(fec);
        }
        return List.copyOf(out);
    }

    @Override
    public String params() {
        String p = version + " " + data + " " + hash + " " + dataBlockBytes + " " + hashBlockBytes + " "
                + dataBlocks + " " + hashStartBlock + " " + algorithm + " " + rootDigest + " " + salt;
        return options.isEmpty() ? p : p + " " + options.size() + " " + String.join(" ", options);
    }
}
