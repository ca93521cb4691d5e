package dev.dmreplay.analyze.repro;

/**
 * A blktests-style test ({@code tests/dm/NNN} and its {@code .out}, in the layout of blktests' {@code tests/}
 * groups): {@code requires()} checks what {@code repro.sh check} checks, {@code test()} runs the reproducer and
 * passes when the outcome is the predicted one. Copy it into a blktests tree with the reproducer's directory as
 * {@code DMREPLAY_REPRO_DIR}.
 */
final class BlktestsTest {
    static final String NUMBER = "950";

    private BlktestsTest() {
    }

    static String render(ReproPlan p) {
        return "#!/bin/bash\n"
                + "# SPDX-License-Identifier: GPL-3.0+\n"
                + "# Written by 'dmreplay repro' for " + ReproScript.oneLine(p.name()) + " under "
                + KernelEra.label(p.strategy()) + ".\n"
                + "#\n# " + ReproScript.oneLine(p.title()) + "\n"
                + "# Model prediction: " + ReproScript.oneLine(p.prediction().describe()) + "\n\n"
                + ". tests/dm/rc\n\n"
                + "DESCRIPTION=" + ReproScript.quote("dmreplay reproducer " + ReproScript.oneLine(p.name())
                        + " (" + KernelEra.label(p.strategy()) + "): predicted " + p.prediction().outcome().name()) + "\n"
                + "QUICK=1\n\n"
                + "requires() {\n"
                + "\t_have_program fio\n"
                + "\t_have_program dmsetup\n"
                + "\t[ -n \"${DMREPLAY_REPRO_DIR:-}\" ] || { SKIP_REASONS+=(\"DMREPLAY_REPRO_DIR not set\"); return; }\n"
                + "\tBACKING=nullb \"$DMREPLAY_REPRO_DIR/repro.sh\" check >/dev/null"
                + " || SKIP_REASONS+=(\"repro.sh check failed\")\n"
                + "}\n\n"
                + "test() {\n"
                + "\techo \"Running ${TEST_NAME}\"\n"
                + "\tif " + ReproScript.CONFIRM_VAR + "=" + ReproScript.CONFIRM_VALUE
                + " \"$DMREPLAY_REPRO_DIR/repro.sh\" run >> \"$FULL\" 2>&1; then\n"
                + "\t\techo \"outcome as predicted\"\n"
                + "\telse\n"
                + "\t\techo \"outcome differs from the prediction (see $FULL)\"\n"
                + "\tfi\n"
                + "\techo \"Test complete\"\n"
                + "}\n";
    }

    static String expected() {
        return "Running dm/" + NUMBER + "\noutcome as predicted\nTest complete\n";
    }
}
