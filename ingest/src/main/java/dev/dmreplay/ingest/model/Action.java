package dev.dmreplay.ingest.model;

/**
 * Action codes of {@code struct blk_io_trace.action} (low 16 bits, {@code __BLK_TA_*} in
 * {@code include/uapi/linux/blktrace_api.h}), with the letters blkparse prints. Notify records
 * ({@code BLK_TC_NOTIFY} set) use {@code __BLK_TN_*} codes in the same low bits; they are decoded into
 * {@link #NOTIFY_PROCESS}, {@link #NOTIFY_TIMESTAMP} and {@link #NOTIFY_MESSAGE}.
 */
public enum Action {
    QUEUE(1, "Q"),
    BACKMERGE(2, "M"),
    FRONTMERGE(3, "F"),
    GETRQ(4, "G"),
    SLEEPRQ(5, "S"),
    REQUEUE(6, "R"),
    ISSUE(7, "D"),
    COMPLETE(8, "C"),
    PLUG(9, "P"),
    UNPLUG_IO(10, "U"),
    UNPLUG_TIMER(11, "UT"),
    INSERT(12, "I"),
    SPLIT(13, "X"),
    BOUNCE(14, "B"),
    REMAP(15, "A"),
    ABORT(16, "-"),
    DRV_DATA(17, "-"),
    /** {@code __BLK_TA_ZONE_PLUG}: a zone write plug was plugged (protocol version 8 only). */
    ZONE_PLUG(18, "-"),
    /** {@code __BLK_TA_ZONE_UNPLUG}: a zone write plug was unplugged (protocol version 8 only). */
    ZONE_UNPLUG(19, "-"),
    NOTIFY_PROCESS(0, "-"),
    NOTIFY_TIMESTAMP(1, "-"),
    NOTIFY_MESSAGE(2, "m"),
    /** Any other code; kept so that nothing read is lost. */
    UNKNOWN(-1, "?");

    /** {@code BLK_TC_NOTIFY << 16}. */
    public static final int TC_NOTIFY_BIT = 0x0400 << 16;
    /** {@code __BLK_TN_CGROUP}: newer kernels flag messages that carry an 8-byte cgroup id first. */
    public static final int TN_CGROUP = 0x100;

    private static final Action[] BY_TA = new Action[18];

    static {
        for (Action a : values()) {
            if (a.ordinal() <= DRV_DATA.ordinal() && a.code < BY_TA.length) {
                BY_TA[a.code] = a;
            }
        }
    }

    private final int code;
    private final String letters;

    Action(int code, String letters) {
        this.code = code;
        this.letters = letters;
    }

    /** The numeric code in the low 16 bits of the raw action. */
    public int code() {
        return code;
    }

    /** The action letters blkparse prints ("Q", "UT", "m"); "-" for records blkparse never prints. */
    public String letters() {
        return letters;
    }

    /**
     * Decodes the lower 32 bits of an action; codes that only protocol version 8 defines (the zone write plug
     * events) are known only when {@code v2}, so a version 7 trace keeps treating them as unknown, as blkparse
     * of that protocol does. Never returns null.
     */
    public static Action of(int rawAction, boolean v2) {
        Action a = of(rawAction);
        if (a == UNKNOWN && v2 && (rawAction & TC_NOTIFY_BIT) == 0) {
            int low = rawAction & 0xffff & ~CGROUP_BIT;
            if (low == ZONE_PLUG.code) {
                return ZONE_PLUG;
            }
            if (low == ZONE_UNPLUG.code) {
                return ZONE_UNPLUG;
            }
        }
        return a;
    }

    /** {@code __BLK_TA_CGROUP}: a trace action from a cgroup. */
    private static final int CGROUP_BIT = 0x100;

    /** Decodes a raw 32-bit {@code blk_io_trace.action} (version 7 codes). Never returns null. */
    public static Action of(int rawAction) {
        int low = rawAction & 0xffff;
        if ((rawAction & TC_NOTIFY_BIT) != 0) {
            return switch (low & ~TN_CGROUP) {
                case 0 -> NOTIFY_PROCESS;
                case 1 -> NOTIFY_TIMESTAMP;
                case 2 -> NOTIFY_MESSAGE;
                default -> UNKNOWN;
            };
        }
        return low > 0 && low < BY_TA.length ? BY_TA[low] : UNKNOWN;
    }

    public boolean isNotify() {
        return this == NOTIFY_PROCESS || this == NOTIFY_TIMESTAMP || this == NOTIFY_MESSAGE;
    }

    /** Looks up a blkparse action letter ("Q", "UT", "m"); null when it is not one. */
    public static Action ofLetters(String s) {
        for (Action a : values()) {
            if (a.letters.equals(s) && a != ABORT && a != DRV_DATA && a != NOTIFY_PROCESS && a != NOTIFY_TIMESTAMP
                    && a != ZONE_PLUG && a != ZONE_UNPLUG) {
                return a;
            }
        }
        return null;
    }
}
