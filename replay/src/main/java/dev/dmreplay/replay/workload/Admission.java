package dev.dmreplay.replay.workload;

import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.InFlightList;
import dev.dmreplay.replay.sim.WaitQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The admission bound of a trace replay: at most {@code limit} top-level bios in flight per top device, a submitter
 * finding its device full sleeping until one completes. This is the bound a real system has and an unbounded
 * replay would not: an application only has as many bios in flight as its own depth (the trace's recorded
 * in-flight count shows it), and every bio ends up needing a tag of a blk-mq queue, which sleeps in
 * {@code blk_mq_get_tag()} (block/blk-mq-tag.c, v6.1) once the tags are gone and has at most
 * {@code BLK_MQ_MAX_DEPTH} (10240, include/linux/blk-mq.h) of them per hardware queue. Without it a trace
 * submitting millions of bios at one instant puts them all in flight at once and fills any heap.
 *
 * <p>Departure: the bound is per top device and counts top-level bios, not the tags of the disks below (the leaf
 * model queues its requests without putting the submitter to sleep, docs/kernel-model.md §9); the bios it holds
 * back are counted and their delays reported, so a replay the bound shaped says so.
 */
public final class Admission {
    /** {@code BLK_MQ_MAX_DEPTH} of include/linux/blk-mq.h: no blk-mq hardware queue has more tags. */
    public static final int MAX_DEPTH = 10240;

    /** Where a device's limit came from. */
    public enum Source {
        /** {@code --max-in-flight N}. */
        OPTION,
        /** The largest number of its Q records not yet completed in the trace. */
        RECORDED,
        /** No completions recorded on the device: {@link #MAX_DEPTH}. */
        CONSTANT
    }

    /** One top device's bound and what it did. */
    public static final class Device {
        public final String name;
        public final int limit;
        public final Source source;
        private int inFlight;
        private final InFlightList bios = new InFlightList();
        final WaitQueue wait;
        /**
         * Bios submitted later than their time behind a wait for admission (their own or an earlier bio's of the
         * same task), and the total and longest lateness (submission minus recorded time).
         */
        public long delayed;
        public long delayNanos;
        public long maxDelayNanos;
        /** The largest number of top-level bios in flight at once in the replay. */
        public int peak;

        Device(String name, int limit, Source source) {
            this.name = name;
            this.limit = limit;
            this.source = source;
            this.wait = new WaitQueue("admission to " + name + " (" + limit + " in flight)", bios::toList);
        }

        boolean tryAdmit() {
            if (inFlight >= limit) {
                return false;
            }
            inFlight++;
            peak = Math.max(peak, inFlight);
            return true;
        }

        void admitted(Bio bio) {
            bios.add(bio);
        }

        void released(Bio bio) {
            bios.remove(bio);
            inFlight--;
            wait.wakeAll();
        }

        void waited(long ns) {
            delayed++;
            delayNanos += ns;
            maxDelayNanos = Math.max(maxDelayNanos, ns);
        }
    }

    private final Map<String, Device> devices = new LinkedHashMap<>();

    /** @param limits top device name → limit and its source, in the order the summary lists them */
    public Admission(Map<String, Map.Entry<Integer, Source>> limits) {
        for (Map.Entry<String, Map.Entry<Integer, Source>> e : limits.entrySet()) {
            int l = e.getValue().getKey();
            if (l < 1) {
                throw new IllegalArgumentException("admission limit of " + e.getKey() + " must be >= 1: " + l);
            }
            devices.put(e.getKey(), new Device(e.getKey(), l, e.getValue().getValue()));
        }
    }

    /** No bound (workloads built in code, scenarios). */
    public static Admission none() {
        return new Admission(Map.of());
    }

    /** The bound of {@code device}, or null if it has none. */
    Device device(String device) {
        return devices.get(device);
    }

    /** The bounded devices in order. */
    public List<Device> devices() {
        return List.copyOf(devices.values());
    }

    /** Bios held back by the bound, over all devices. */
    public long delayed() {
        long n = 0;
        for (Device d : devices.values()) {
            n += d.delayed;
        }
        return n;
    }

    /**
     * The default limit of a top device: the recorded largest in-flight count when the trace has completions on
     * it, else {@link #MAX_DEPTH}; never above {@link #MAX_DEPTH}.
     */
    public static Map.Entry<Integer, Source> recorded(int maxInFlight, long completions) {
        if (completions == 0 || maxInFlight < 1) {
            return Map.entry(MAX_DEPTH, Source.CONSTANT);
        }
        return Map.entry(Math.min(MAX_DEPTH, maxInFlight), Source.RECORDED);
    }

    /** Sorted view for tests and renderers: device → limit. */
    public Map<String, Integer> limits() {
        Map<String, Integer> m = new TreeMap<>();
        for (Device d : devices.values()) {
            m.put(d.name, d.limit);
        }
        return m;
    }
}
