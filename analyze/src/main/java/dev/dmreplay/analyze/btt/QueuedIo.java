package dev.dmreplay.analyze.btt;

/**
 * A queued bio (a Q record) that btt keeps in its device's Q tree until a C covers it: the Q-type
 * {@code struct io} of btt 2.09. Keyed by start sector; a later Q at the same start sector replaces it.
 */
final class QueuedIo extends RbTree.Node<QueuedIo> {
    static final long UNSET = -1L;

    final long time;
    final long sector;
    final long end;
    final int bytes;
    final BttDevice dev;
    BttProcess proc;
    long gTime = UNSET;
    long iTime = UNSET;
    long mTime = UNSET;
    long dTime = UNSET;
    long sTime;

    /** In-flight bookkeeping for the bounded table: insertion-ordered doubly linked list. */
    QueuedIo olderInFlight;
    QueuedIo newerInFlight;

    /** Layer attribution: the upper (remapper) Q this bio was remapped from, if any. */
    QueuedIo upper;
    /** Layer attribution on an upper Q: pieces below still open, first lower Q and last lower C time. */
    int lowerOpen;
    long lowerStart = UNSET;
    long lowerEnd = UNSET;
    long lowerQ2dSum;
    long lowerD2cSum;
    int lowerDone;

    QueuedIo(long time, long sector, int bytes, BttDevice dev, BttProcess proc) {
        this.time = time;
        this.sector = sector;
        this.bytes = bytes;
        this.end = sector + (Integer.toUnsignedLong(bytes) >>> 9);
        this.dev = dev;
        this.proc = proc;
    }
}
