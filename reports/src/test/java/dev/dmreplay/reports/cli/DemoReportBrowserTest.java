package dev.dmreplay.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo report in a real browser: headless Chromium (Debian's {@code chromium} package) opens it at 800 and
 * 1600 pixels wide, and the page must load without console errors and without horizontal overflow
 * ({@code scrollWidth <= innerWidth}: wide tables scroll inside themselves, charts scale down). A screenshot per
 * width is left in {@code reports/target/browser/} for a person to look at.
 *
 * <p>How the page is observed without a driver: a copy of the report gets a small script as the first element of
 * its head that records uncaught errors, failed resource loads and {@code console.error} calls, and after the load
 * event writes them, with the page's widths, into a {@code <pre>} element; Chromium's {@code --dump-dom} prints the
 * DOM after load and the test reads that element back. The report itself stays script-free. A control page with a
 * deliberate error checks that the hook sees errors at all. Chromium's own log ({@code --enable-logging=stderr})
 * is also searched for page console messages.
 *
 * <p>Without Chromium ({@code /usr/bin/chromium}, or {@code $CHROMIUM}): under CI (environment variable {@code CI}
 * set, as {@code .ci/run} does) the test fails with a message saying how to install it; elsewhere it is skipped.
 */
@Tag("browser")
class DemoReportBrowserTest {
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--hide-scrollbars");
    private static final Pattern PROBE = Pattern.compile(
            "<pre id=\"dmreplay-probe\">\\{\"errors\":\\[(.*?)\\],\"scrollWidth\":(\\d+),\"innerWidth\":(\\d+)\\}</pre>",
            Pattern.DOTALL);
    private static final String HOOK = "<script>window.__errs=[];"
            + "addEventListener('error',function(e){__errs.push(e.message||('failed to load '+"
            + "((e.target&&(e.target.src||e.target.href))||'a resource')))},true);"
            + "(function(){var ce=console.error;console.error=function(){"
            + "__errs.push(Array.prototype.join.call(arguments,' '));return ce.apply(console,arguments)}})();"
            + "addEventListener('load',function(){var p=document.createElement('pre');p.id='dmreplay-probe';"
            + "p.textContent=JSON.stringify({errors:__errs,scrollWidth:document.documentElement.scrollWidth,"
            + "innerWidth:innerWidth});document.body.appendChild(p)});</script>";

    @TempDir
    Path tmp;

    private record Probe(String errors, int scrollWidth, int innerWidth, String log) {
    }

    @Test
    void theDemoReportLoadsCleanlyAndFitsAt800And1600PixelsWide() throws Exception {
        Path chromium = chromium();
        Path control = tmp.resolve("control.html");
        Files.writeString(control, "<!DOCTYPE html><html><head></head><body><p>control</p>"
                + "<script>console.error('deliberate')</script><img src='missing.png'></body></html>");
        Probe c = probe(chromium, control, 800);
        assertThat(c.errors()).as("the error hook sees a console error and a failed load")
                .contains("deliberate").contains("failed to load");

        Path out = tmp.resolve("demo-out");
        CliRun demo = CliRun.of("demo", "-o", out.toString(), "--traces", CliRun.traces().toString());
        assertThat(demo.code()).as(demo.err()).isZero();
        Path report = out.resolve("report.html");
        Path shots = Path.of("target", "browser");
        Files.createDirectories(shots);
        for (int width : new int[] {800, 1600}) {
            Probe p = probe(chromium, report, width);
            assertThat(p.errors()).as("errors on the page at %d px", width).isEmpty();
            assertThat(consoleLines(p.log())).as("console messages in Chromium's log at %d px", width).isEmpty();
            assertThat(p.innerWidth()).as("window width").isEqualTo(width);
            assertThat(p.scrollWidth()).as("no horizontal overflow at %d px", width).isLessThanOrEqualTo(width);
            Path shot = shots.resolve("report-" + width + ".png").toAbsolutePath();
            Files.deleteIfExists(shot);
            run(chromium, width, 4000, List.of("--screenshot=" + shot, report.toUri().toString()));
            assertThat(shot).isRegularFile();
            byte[] png = Files.readAllBytes(shot);
            assertThat(png.length).as("screenshot size").isGreaterThan(20_000);
            int pngWidth = ((png[16] & 0xff) << 24) | ((png[17] & 0xff) << 16) | ((png[18] & 0xff) << 8)
                    | (png[19] & 0xff);
            assertThat(pngWidth).as("screenshot width").isEqualTo(width);
        }
    }

    /** Chromium, or a failure under CI / a skip elsewhere when it is not installed. */
    private static Path chromium() {
        String env = System.getenv("CHROMIUM");
        Path p = Path.of(env != null && !env.isBlank() ? env : "/usr/bin/chromium");
        if (!Files.isExecutable(p)) {
            String why = "headless Chromium not found at " + p + " (install Debian's chromium package: "
                    + "apt-get install chromium; .ci/run does this)";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why + "; skipped outside CI");
        }
        return p;
    }

    private Probe probe(Path chromium, Path page, int width) throws IOException, InterruptedException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        int head = html.indexOf("<head>");
        assertThat(head).as("<head> in " + page).isNotNegative();
        Path copy = page.resolveSibling("probe-" + width + "-" + page.getFileName());
        Files.writeString(copy, html.substring(0, head + 6) + HOOK + html.substring(head + 6),
                StandardCharsets.UTF_8);
        String[] res = run(chromium, width, 1200, List.of("--enable-logging=stderr", "--v=0", "--dump-dom",
                copy.toUri().toString()));
        Matcher m = PROBE.matcher(res[0]);
        if (!m.find()) {
            fail("no probe in the DOM Chromium dumped for " + copy + "; its log:\n" + res[1]);
        }
        return new Probe(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), res[1]);
    }

    /** Console messages of the page in Chromium's log ({@code :CONSOLE(line)] "text", source: ...}). */
    private static List<String> consoleLines(String log) {
        List<String> l = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.contains(":CONSOLE")) {
                l.add(line);
            }
        }
        return l;
    }

    /** Runs Chromium with a fresh profile; returns its stdout and stderr. */
    private String[] run(Path chromium, int width, int height, List<String> args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(chromium.toString());
        cmd.addAll(FLAGS);
        cmd.add("--user-data-dir=" + Files.createTempDirectory(tmp, "profile"));
        cmd.add("--window-size=" + width + "," + height);
        cmd.addAll(args);
        Path stdout = Files.createTempFile(tmp, "chromium", ".out");
        Path stderr = Files.createTempFile(tmp, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("Chromium did not finish within 120 s: " + String.join(" ", cmd));
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("Chromium's exit status; its log:\n" + err).isZero();
        return new String[] {Files.readString(stdout, StandardCharsets.UTF_8), err};
    }
}
