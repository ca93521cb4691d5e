package dev.dmreplay.replay.stack;

import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.target.DelayTarget;
import dev.dmreplay.replay.target.ErrorTarget;
import dev.dmreplay.replay.target.LinearTarget;
import dev.dmreplay.replay.target.StripedTarget;
import dev.dmreplay.replay.target.ZeroTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The target constructors ({@code ctr}) of the modelled target types: they interpret a table line's arguments
 * as the kernel's constructors do. Unknown types and bad arguments raise {@link TableFormatException} with
 * the line (the caller adds the file).
 */
public final class TargetFactory {
    private TargetFactory() {
    }

    public static Target create(Kernel kernel, String mdName, StackSpec.TargetLine line,
                                Function<String, BlockDevice> devices) {
        List<String> a = line.args();
        try {
            return switch (line.type()) {
                case "linear" -> {
                    need(line, 2);
                    yield new LinearTarget(line.start(), line.length(), dev(devices, a.get(0), line), num(a.get(1)));
                }
                case "striped" -> {
                    need(line, 2);
                    int n = (int) num(a.get(0));
                    long chunk = num(a.get(1));
                    need(line, 2 + 2 * n);
                    List<BlockDevice> devs = new ArrayList<>();
                    List<Long> starts = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        devs.add(dev(devices, a.get(2 + 2 * i), line));
                        starts.add(num(a.get(3 + 2 * i)));
                    }
                    yield new StripedTarget(line.start(), line.length(), chunk, devs, starts);
                }
                case "error" -> new ErrorTarget(line.start(), line.length());
                case "zero" -> new ZeroTarget(line.start(), line.length());
                case "delay" -> {
                    need(line, 3);
                    BlockDevice rd = dev(devices, a.get(0), line);
                    long rs = num(a.get(1));
                    long rms = num(a.get(2));
                    BlockDevice wd = null;
                    long ws = 0;
                    long wms = 0;
                    if (a.size() >= 6) {
                        wd = dev(devices, a.get(3), line);
                        ws = num(a.get(4));
                        wms = num(a.get(5));
                    }
                    yield new DelayTarget(kernel, line.start(), line.length(), rd, rs, rms * 1_000_000L, wd, ws,
                            wms * 1_000_000L, mdName);
                }
                default -> throw new TableFormatException("target type '" + line.type()
                        + "' is not modelled (linear, striped, error, zero, delay)");
            };
        } catch (NumberFormatException e) {
            throw new TableFormatException(describe(line) + ": bad number (" + e.getMessage() + ")");
        } catch (IllegalArgumentException | TableFormatException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(describe(line))) {
                throw e;
            }
            throw new TableFormatException(describe(line) + ": " + e.getMessage());
        }
    }

    /** The devices a line refers to (for ordering construction). */
    public static List<String> references(StackSpec.TargetLine line) {
        List<String> a = line.args();
        List<String> out = new ArrayList<>();
        switch (line.type()) {
            case "linear" -> {
                if (!a.isEmpty()) {
                    out.add(a.get(0));
                }
            }
            case "striped" -> {
                if (!a.isEmpty()) {
                    int n = Integer.parseInt(a.get(0));
                    for (int i = 0; i < n && 2 + 2 * i < a.size(); i++) {
                        out.add(a.get(2 + 2 * i));
                    }
                }
            }
            case "delay" -> {
                if (!a.isEmpty()) {
                    out.add(a.get(0));
                }
                if (a.size() >= 6) {
                    out.add(a.get(3));
                }
            }
            default -> {
            }
        }
        return out;
    }

    private static String describe(StackSpec.TargetLine l) {
        return "table line '" + l.start() + " " + l.length() + " " + l.type() + " " + String.join(" ", l.args()) + "'";
    }

    private static void need(StackSpec.TargetLine l, int n) {
        if (l.args().size() < n) {
            throw new TableFormatException(describe(l) + ": expected at least " + n + " arguments");
        }
    }

    private static long num(String s) {
        return Long.parseLong(s.trim());
    }

    private static BlockDevice dev(Function<String, BlockDevice> devices, String ref, StackSpec.TargetLine l) {
        BlockDevice d = devices.apply(ref);
        if (d == null) {
            throw new TableFormatException(describe(l) + ": unknown device '" + ref + "'");
        }
        return d;
    }
}
