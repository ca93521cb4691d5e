package dev.dmreplay.ingest.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A DM device and every block device below it, found through sysfs as the kernel publishes the stack:
 * {@code /sys/block/dm-N/dm/name} names a DM device, {@code /sys/class/block/X/slaves/} lists the devices X sits
 * on (drivers/md/dm-sysfs.c and {@code bd_link_disk_holder}, block/holder.c).
 *
 * @param top     the top device's kernel name ({@code dm-0})
 * @param name    its DM name
 * @param devices the top first, then everything below it depth first, each once
 * @param dmNames the DM names among {@code devices}, in the same order
 */
public record DmDeviceTree(String top, String name, List<String> devices, List<String> dmNames) {

    /** @param device {@code /dev/mapper/NAME}, {@code /dev/dm-N} or {@code NAME} */
    public static DmDeviceTree resolve(Path sysfs, String device) throws IOException {
        String top = null;
        if (device.startsWith("/dev/dm-")) {
            top = device.substring("/dev/".length());
        } else {
            String name = device.startsWith("/dev/mapper/") ? device.substring("/dev/mapper/".length()) : device;
            if (name.contains("/")) {
                throw new CaptureRefusedException(device + " is not a device-mapper device (give /dev/mapper/NAME,"
                        + " /dev/dm-N or NAME)");
            }
            for (String dm : dmDevices(sysfs)) {
                if (name.equals(dmName(sysfs, dm).orElse(null))) {
                    top = dm;
                }
            }
        }
        if (top == null || dmName(sysfs, top).isEmpty()) {
            throw new CaptureRefusedException(device + " is not a device-mapper device on this machine (no "
                    + sysfs.resolve("block") + "/dm-*/dm/name names it)");
        }
        Set<String> all = new LinkedHashSet<>();
        below(sysfs, top, all, 0);
        List<String> devices = List.copyOf(all);
        List<String> names = new ArrayList<>();
        for (String d : devices) {
            dmName(sysfs, d).ifPresent(names::add);
        }
        return new DmDeviceTree(top, dmName(sysfs, top).orElseThrow(), devices, List.copyOf(names));
    }

    private static void below(Path sysfs, String dev, Set<String> out, int depth) throws IOException {
        if (!out.add(dev) || depth > 64) {
            return;
        }
        Path slaves = sysfs.resolve("class/block").resolve(dev).resolve("slaves");
        if (!Files.isDirectory(slaves)) {
            return;
        }
        Set<String> sorted = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(slaves)) {
            for (Path p : ds) {
                sorted.add(p.getFileName().toString());
            }
        }
        for (String s : sorted) {
            below(sysfs, s, out, depth + 1);
        }
    }

    private static List<String> dmDevices(Path sysfs) throws IOException {
        Set<String> out = new TreeSet<>();
        Path block = sysfs.resolve("block");
        if (Files.isDirectory(block)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(block, "dm-*")) {
                for (Path p : ds) {
                    out.add(p.getFileName().toString());
                }
            }
        }
        return List.copyOf(out);
    }

    /** The DM name of kernel device {@code dev}, if it is a DM device. */
    static Optional<String> dmName(Path sysfs, String dev) {
        Path p = sysfs.resolve("block").resolve(dev).resolve("dm/name");
        try {
            return Files.isRegularFile(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8).trim())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
