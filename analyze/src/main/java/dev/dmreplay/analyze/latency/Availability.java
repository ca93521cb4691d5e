package dev.dmreplay.analyze.latency;

import dev.dmreplay.analyze.btt.Interval;
import java.util.ArrayList;
import java.util.List;

/**
 * Why an interval has no samples: which records it needs that the trace lacks (partial traces: only D and C,
 * only Q and C, blk-mq without I, ...).
 */
public final class Availability {
    private Availability() {
    }

    /** The reason an interval with no samples is unavailable. */
    public static String reason(Interval i, ActionCounts c) {
        List<String> missing = new ArrayList<>();
        switch (i) {
            case Q2Q -> need(missing, c.count('Q', true) >= 2, "two Q records on a non-remapper device");
            case Q2Q_DM -> need(missing, c.count('Q', false) >= 2, "two Q records on a dm/md device");
            case Q2A -> {
                if (c.count('A') > 0) {
                    return "every A record remaps from a dm/md device (counted in Q2Adm); only partition remaps "
                            + "give Q2A";
                }
                need(missing, false, "A (remap) records");
            }
            case Q2A_DM -> {
                need(missing, c.count('Q', false) > 0, "Q records on a dm/md device");
                need(missing, c.count('A') > 0, "A (remap) records");
            }
            case Q2C_DM -> {
                need(missing, c.count('Q', false) > 0, "Q records on a dm/md device");
                need(missing, c.count('C', false) > 0, "C records on a dm/md device");
            }
            case Q2G -> needLetters(missing, c, "QG");
            case S2G -> needLetters(missing, c, "QSG");
            case G2I -> needLetters(missing, c, "QGI");
            case Q2M -> needLetters(missing, c, "QM");
            case I2D -> needLetters(missing, c, "QID");
            case M2D -> needLetters(missing, c, "QMD");
            case D2C -> needLetters(missing, c, "QDC");
            case Q2C -> needLetters(missing, c, "QC");
            case G2D -> {
                needLetters(missing, c, "QGD");
                if (missing.isEmpty() && c.count('I') > 0) {
                    return "every request passed an I (G2I and I2D cover it)";
                }
            }
            case D2C_RQ -> needLetters(missing, c, "DC");
            default -> {
            }
        }
        if (missing.isEmpty()) {
            return "no records matched (the records it needs exist but never line up by device and sector)";
        }
        return "no " + String.join(", no ", missing) + " in the trace";
    }

    private static void need(List<String> missing, boolean ok, String what) {
        if (!ok) {
            missing.add(what);
        }
    }

    private static void needLetters(List<String> missing, ActionCounts c, String letters) {
        for (char l : letters.toCharArray()) {
            if (c.count(l) == 0) {
                missing.add(l + " records");
            }
        }
    }
}
