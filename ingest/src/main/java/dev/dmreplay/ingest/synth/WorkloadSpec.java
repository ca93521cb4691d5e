package dev.dmreplay.ingest.synth;

import dev.dmreplay.ingest.io.OptionException;
import java.util.Locale;

/**
 * What the synthetic application does, parsed from {@code key=value} pairs separated by commas, e.g.
 * {@code read=70,bs=4k-64k,seq=30,qd=32,rate=0,procs=4}.
 *
 * @param readPercent  share of top-level bios that are reads (the rest are writes), 0..100
 * @param minBytes     smallest bio size (a power of two, at least 512)
 * @param maxBytes     largest bio size (a power of two); sizes are drawn uniformly among the powers of two between
 * @param seqPercent   share of bios that start where the same process's previous bio ended, 0..100
 * @param queueDepth   top-level bios in flight at most, all processes together
 * @param rate         Poisson arrival rate in bios per second; 0 submits as fast as the queue depth allows
 * @param processes    submitting processes ({@code fio}, pids from 1000), spread over the CPUs
 */
public record WorkloadSpec(int readPercent, int minBytes, int maxBytes, int seqPercent, int queueDepth, long rate,
                           int processes) {
    public static final String DEFAULT = "read=70,bs=4k-64k,seq=30,qd=32,rate=0,procs=4";
    public static final String HELP = "read=PCT (reads, rest writes), bs=SIZE or MIN-MAX (powers of two, k/m"
            + " suffixes), seq=PCT (sequential bios), qd=N (top-level bios in flight), rate=N (bios/s, Poisson;"
            + " 0 = as fast as qd allows), procs=N (submitting processes)";

    public WorkloadSpec {
        if (readPercent < 0 || readPercent > 100 || seqPercent < 0 || seqPercent > 100) {
            throw OptionException.of("--workload", "read and seq are percentages, 0..100");
        }
        if (minBytes < 512 || Integer.bitCount(minBytes) != 1 || Integer.bitCount(maxBytes) != 1
                || maxBytes < minBytes || maxBytes > (1 << 24)) {
            throw OptionException.of("--workload", "bs must be powers of two between 512 and 16m, MIN <= MAX");
        }
        if (queueDepth < 1 || queueDepth > 4096) {
            throw OptionException.of("--workload", "qd must be 1..4096");
        }
        if (rate < 0) {
            throw OptionException.of("--workload", "rate must be >= 0");
        }
        if (processes < 1 || processes > 1024) {
            throw OptionException.of("--workload", "procs must be 1..1024");
        }
    }

    /** The defaults ({@link #DEFAULT}) overridden by the pairs given. */
    public static WorkloadSpec parse(String text) {
        int read = 70;
        int min = 4096;
        int max = 65536;
        int seq = 30;
        int qd = 32;
        long rate = 0;
        int procs = 4;
        for (String pair : text.split(",")) {
            String p = pair.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw OptionException.of("--workload", "'" + p + "': expected key=value (" + HELP + ")");
            }
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim();
            switch (key) {
                case "read" -> read = (int) number(key, value);
                case "seq" -> seq = (int) number(key, value);
                case "qd" -> qd = (int) number(key, value);
                case "rate" -> rate = number(key, value);
                case "procs" -> procs = (int) number(key, value);
                case "bs" -> {
                    int dash = value.indexOf('-');
                    min = (int) size(dash < 0 ? value : value.substring(0, dash));
                    max = dash < 0 ? min : (int) size(value.substring(dash + 1));
                }
                default -> throw OptionException.of("--workload", "unknown key '" + key + "' (" + HELP + ")");
            }
        }
        return new WorkloadSpec(read, min, max, seq, qd, rate, procs);
    }

    /** The spec in its canonical text form (every key). */
    public String render() {
        return "read=" + readPercent + ",bs=" + bytes(minBytes) + (maxBytes == minBytes ? "" : "-" + bytes(maxBytes))
                + ",seq=" + seqPercent + ",qd=" + queueDepth + ",rate=" + rate + ",procs=" + processes;
    }

    private static String bytes(int b) {
        if (b % (1 << 20) == 0) {
            return (b >> 20) + "m";
        }
        return b % 1024 == 0 ? (b >> 10) + "k" : Integer.toString(b);
    }

    private static long number(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw OptionException.of("--workload", key + "='" + value + "': expected a whole number");
        }
    }

    private static long size(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("k")) {
            unit = 1024;
        } else if (v.endsWith("m")) {
            unit = 1 << 20;
        }
        String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
        try {
            long n = Long.parseLong(digits) * unit;
            if (n > Integer.MAX_VALUE) {
                throw OptionException.of("--workload", "bs='" + value + "': too large");
            }
            return n;
        } catch (NumberFormatException e) {
            throw OptionException.of("--workload", "bs='" + value + "': expected a size such as 4k or 1m");
        }
    }
}
