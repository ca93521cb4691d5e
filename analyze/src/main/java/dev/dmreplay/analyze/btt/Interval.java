package dev.dmreplay.analyze.btt;

/**
 * The intervals btt reports, in its table order. The {@code *dm} variants are the same measurements taken on
 * remapper devices (md, device-mapper), which btt keeps apart so that stacked I/O is not counted twice.
 */
public enum Interval {
    Q2Q_DM("Q2Qdm"),
    Q2A_DM("Q2Adm"),
    Q2C_DM("Q2Cdm"),
    Q2Q("Q2Q"),
    Q2A("Q2A"),
    Q2G("Q2G"),
    S2G("S2G"),
    G2I("G2I"),
    Q2M("Q2M"),
    I2D("I2D"),
    M2D("M2D"),
    D2C("D2C"),
    Q2C("Q2C"),
    /** Not in btt: getrq to dispatch for requests that never pass an I (blk-mq direct issue). */
    G2D("G2D"),
    /** Not in btt: dispatch to completion per request (not per queued bio), from D and C records alone. */
    D2C_RQ("D2C/rq");

    private final String label;

    Interval(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** True for the intervals btt 2.09 itself reports. */
    public boolean isBtt() {
        return this != G2D && this != D2C_RQ;
    }
}
