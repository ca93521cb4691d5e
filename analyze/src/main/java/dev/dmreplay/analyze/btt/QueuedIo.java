package dev.dmreplay.analyze.btt;

/**
 * A queued bio (a Q record) that btt keeps in its device's Q tree until a C covers it: the Q-type
 * {@code struct io} of btt 2.09. Keyed by start sector; a later Q at the same start sector replaces it.
 *
 * <p>Kept small because btt never forgets a bio whose completion it cannot match (a split dm bio completes with
 * its last fragment's sector on v5.19+ kernels, e.g. 6.1), so on a dm stack these objects pile up to the
 * in-flight bound: 72 bytes each (the end sector is computed, not stored). What only some bios need lives in
 * objects made on first use: the request times ({@link RequestTimes}: only bios that meet G, I, M, S or D, i.e.
 * on request-based devices, which complete and leave the tree) and the layer attribution ({@link LayerLink}: only
 * with layer attribution on, never in {@code analyze --btt}).
 */
final class QueuedIo extends RbTree.Node<QueuedIo> {
    static final long UNSET = -1L;

    final long time;
    final long sector;
    final int bytes;
    final BttDevice dev;
    BttProcess proc;

    /** In-flight bookkeeping for the bounded table: insertion-ordered doubly linked list. */
    QueuedIo olderInFlight;
    QueuedIo newerInFlight;

    private RequestTimes times;
    private LayerLink layer;

    QueuedIo(long time, long sector, int bytes, BttDevice dev, BttProcess proc) {
        this.time = time;
        this.sector = sector;
        this.bytes = bytes;
        this.dev = dev;
        this.proc = proc;
    }

    /** First sector after the bio. */
    long end() {
        return sector + (Integer.toUnsignedLong(bytes) >>> 9);
    }

    long gTime() {
        return times == null ? UNSET : times.g;
    }

    long iTime() {
        return times == null ? UNSET : times.i;
    }

    long mTime() {
        return times == null ? UNSET : times.m;
    }

    long dTime() {
        return times == null ? UNSET : times.d;
    }

    /** Time of the last S (sleep for a request), 0 if none (btt's zero-initialised field). */
    long sTime() {
        return times == null ? 0 : times.s;
    }

    /** The request times, made on first use. */
    RequestTimes times() {
        if (times == null) {
            times = new RequestTimes();
        }
        return times;
    }

    /** Layer attribution, null until {@link #layer()} first made it. */
    LayerLink layerOrNull() {
        return layer;
    }

    /** Layer attribution, made on first use. */
    LayerLink layer() {
        if (layer == null) {
            layer = new LayerLink();
        }
        return layer;
    }

    /** Times of the G, I, M, D and S records met by a queued bio (btt's {@code struct io} fields). */
    static final class RequestTimes {
        long g = UNSET;
        long i = UNSET;
        long m = UNSET;
        long d = UNSET;
        long s;
    }

    /**
     * Layer attribution of a queued bio: the upper (remapper) Q it was remapped from, if any; and, on an upper
     * Q, the pieces below still open and done, the first lower Q time and the last lower C time.
     */
    static final class LayerLink {
        QueuedIo upper;
        int lowerOpen;
        int lowerDone;
        long lowerStart = UNSET;
        long lowerEnd = UNSET;
    }
}
