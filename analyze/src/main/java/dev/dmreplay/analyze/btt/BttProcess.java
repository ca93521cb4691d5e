package dev.dmreplay.analyze.btt;

/** btt's {@code struct p_info}: per-process-name statistics (names are cut at the first '/'). */
public final class BttProcess {
    final String name;
    final int pid;
    final Avgs avgs = new Avgs();
    long lastQ = -1L;

    BttProcess(String name, int pid) {
        this.name = name;
        this.pid = pid;
    }

    public String name() {
        return name;
    }

    public Avgs avgs() {
        return avgs;
    }
}
