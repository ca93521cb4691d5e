package dev.dmreplay.analyze.btt;

import dev.dmreplay.ingest.model.DevNo;
import java.util.function.Consumer;

/** btt's {@code struct d_info}: everything btt keeps per traced device. */
public final class BttDevice {
    final int device;
    final boolean remapper;
    final String label;
    final RbTree<QueuedIo> qTree = new RbTree<>();
    final Avgs avgs = new Avgs();
    final SeekStats q2qSeek = new SeekStats();
    final SeekStats d2dSeek = new SeekStats();
    final LiveTree live = new LiveTree();
    final Q2dHistogram q2d = new Q2dHistogram();

    long lastQ = -1L;
    long nQs;
    long nDs;
    long nActQ;
    long tActQ;
    boolean preCulling = true;
    boolean plugged;
    int nplugs;
    int nplugsT;
    long niosUp;
    long niosUpT;
    double startTime;
    double lastPlug;
    double pluggedTime;
    double endTime;
    long inFlight;

    BttDevice(int device, long firstTime) {
        this.device = device;
        DevNo d = DevNo.ofKernel(device);
        this.remapper = d.isRemapper();
        this.label = String.format("(%3d,%3d)", d.major(), d.minor());
        this.startTime = CFormat.bitTime(firstTime);
    }

    public int device() {
        return device;
    }

    public DevNo devNo() {
        return DevNo.ofKernel(device);
    }

    public boolean isRemapper() {
        return remapper;
    }

    /** {@code (%3d,%3d)} as btt prints device names, cut to 14 characters like btt's 15-byte buffer. */
    public String label() {
        return label.length() > 14 ? label.substring(0, 14) : label;
    }

    public Avgs avgs() {
        return avgs;
    }

    /** Q (and R) records counted by btt for this device. */
    public long queued() {
        return nQs;
    }

    /** D records counted by btt for this device. */
    public long dispatched() {
        return nDs;
    }

    /** btt's Q2Q or D2D seek count, mean distance (sectors) and true median of the absolute distances. */
    public double[] seekSummary(boolean q2q) {
        SeekStats s = q2q ? q2qSeek : d2dSeek;
        return new double[] {s.nseeks(), s.nseeks() == 0 ? 0 : s.mean(), s.trueMedian()};
    }

    /**
     * {@code rb_insert()} as of blktrace 1.2.0 ("btt: Replace overlapping IO"): a Q at the start sector of a bio
     * still queued takes that bio's place in the tree (the old one most likely lost its completion). Returns the
     * replaced bio, or null.
     */
    QueuedIo insertQ(QueuedIo q) {
        QueuedIo parent = null;
        QueuedIo p = qTree.root();
        boolean left = false;
        while (p != null) {
            parent = p;
            if (q.sector < p.sector) {
                p = p.left;
                left = true;
            } else if (q.sector > p.sector) {
                p = p.right;
                left = false;
            } else {
                qTree.replace(p, q);
                return p;
            }
        }
        qTree.link(q, parent, left);
        qTree.insertColor(q);
        inFlight++;
        return null;
    }

    void removeQ(QueuedIo q) {
        qTree.erase(q);
        inFlight--;
    }

    /** {@code rb_find_sec()}: the queued bio whose range contains {@code sec}, searching as btt's tree walk does. */
    QueuedIo findQ(long sec) {
        QueuedIo n = qTree.root();
        while (n != null) {
            if (sec < n.sector) {
                n = n.left;
            } else if (sec >= n.end()) {
                n = n.right;
            } else {
                return n;
            }
        }
        return null;
    }

    /**
     * {@code rb_foreach()}: every queued bio whose whole range lies inside [start, end), in btt's pre-order with
     * its pruning (nested ranges hidden below a wider one can be missed, as in btt).
     */
    void forEachInside(long start, long end, Consumer<QueuedIo> out) {
        forEachInside(qTree.root(), start, end, out);
    }

    private static void forEachInside(QueuedIo n, long start, long end, Consumer<QueuedIo> out) {
        if (n == null) {
            return;
        }
        if (start <= n.sector && n.end() <= end) {
            out.accept(n);
        }
        if (start < n.sector) {
            forEachInside(n.left, start, end, out);
        }
        if (n.end() < end) {
            forEachInside(n.right, start, end, out);
        }
    }
}
