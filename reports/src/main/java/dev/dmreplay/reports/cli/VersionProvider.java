package dev.dmreplay.reports.cli;

import picocli.CommandLine;

/** Version from the jar manifest (Implementation-Version), else the build's resource. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        if (v == null) {
            try (var in = Main.class.getResourceAsStream("/dmreplay-version.txt")) {
                v = in == null ? "dev" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            } catch (java.io.IOException e) {
                v = "dev";
            }
        }
        return new String[] {"dmreplay " + v, "Java " + System.getProperty("java.version")};
    }
}
