package dev.dmreplay.ingest.dm;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code mirror <log_type> <#log_args> <log_args> <#mirrors> (<dev> <offset>){#mirrors} [<#features>
 * features]} ({@code mirror_ctr}, dm-raid1.c). For a {@code disk} log the first log argument is the log
 * device.
 *
 * @param logArgs the log's words, without their count
 */
public record MirrorArgs(String logType, List<String> logArgs, List<StripeLeg> mirrors, List<String> features)
        implements TargetArgs {

    public MirrorArgs {
        logArgs = List.copyOf(logArgs);
        mirrors = List.copyOf(mirrors);
        features = List.copyOf(features);
    }

    /** The on-disk log device for a {@code disk} log, else null. */
    public DevRef logDevice() {
        return logType.equals("disk") && !logArgs.isEmpty() ? DevRef.parse(logArgs.get(0)) : null;
    }

    /** Region size in sectors: the log argument after the log device (disk) or the first one (core). */
    public long regionSectors() {
        int i = logType.equals("disk") ? 1 : 0;
        return i < logArgs.size() ? Numbers.parseUnsigned(logArgs.get(i)) : -1;
    }

    @Override
    public String type() {
        return "mirror";
    }

    @Override
    public List<DevRef> devices() {
        List<DevRef> out = new ArrayList<>();
        DevRef log = logDevice();
        if (log != null) {
            out.add(log);
        }
        for (StripeLeg m : mirrors) {
            out.add(m.dev());
        }
        return List.copyOf(out);
    }

    @Override
    public String params() {
        StringBuilder sb = new StringBuilder(logType).append(' ').append(logArgs.size());
        for (String a : logArgs) {
            sb.append(' ').append(a);
        }
        sb.append(' ').append(mirrors.size());
        for (StripeLeg m : mirrors) {
            sb.append(' ').append(m);
        }
        if (!features.isEmpty()) {
            sb.append(' ').append(features.size());
            for (String f : features) {
                sb.append(' ').append(f);
            }
        }
        return sb.toString();
    }
}
