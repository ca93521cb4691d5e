package dev.dmreplay.reports.cli;

import dev.dmreplay.ingest.io.TraceFormatException;
import dev.dmreplay.ingest.io.OptionException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the bundled {@code traces/} directory: the one given, else {@code traces/} in the working directory or
 * one of its parents, else beside the application jar's checkout ({@code <repo>/reports/target/dmreplay.jar},
 * which the {@code ./dmreplay} launcher at the repository root runs).
 */
final class DemoLocator {
    private DemoLocator() {
    }

    static Path traces(Path given) {
        if (given != null) {
            if (!usable(given)) {
                throw TraceFormatException.of(given.toString(), "not a traces directory (needs oracle-small/ and scenarios/)");
            }
            return given;
        }
        List<Path> tried = new ArrayList<>();
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            tried.add(d.resolve("traces"));
        }
        Path code = codeLocation();
        if (code != null) {
            // .../reports/target/dmreplay.jar or .../reports/target/classes: the repository is three levels up
            Path repo = code.getParent() == null ? null : code.getParent().getParent();
            if (repo != null && repo.getParent() != null) {
                tried.add(repo.getParent().resolve("traces"));
            }
        }
        for (Path p : tried) {
            if (usable(p)) {
                return p;
            }
        }
        throw OptionException.usage("cannot find the bundled traces/ directory (looked in the working directory, "
                + "its parents and beside the launcher); give it with --traces DIR");
    }

    private static boolean usable(Path p) {
        return Files.isDirectory(p.resolve("oracle-small")) && Files.isDirectory(p.resolve("scenarios"));
    }

    private static Path codeLocation() {
        try {
            var src = DemoLocator.class.getProtectionDomain().getCodeSource();
            return src == null ? null : Path.of(src.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
