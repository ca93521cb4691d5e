package dev.dmreplay.replay.observe;

/**
 * One observation of the model, in simulation order. The common fields say when, what kind, which task, device,
 * resource and bio; {@code value} depends on the kind (see {@link ObservationKind}). Every fact a reader may act on
 * is typed, in {@link Facts} (with shortcuts below); {@code detail} is free text for people (the kernel function,
 * the op name, the wait-for chain) and is never parsed by readers of this contract.
 */
public record Observation(long time, ObservationKind kind, String task, String device, String resource, long bio,
                          long sector, int sectors, long value, String detail, Facts facts) {

    public Observation {
        if (facts == null) {
            throw new IllegalArgumentException("facts must not be null (use Facts.NONE)");
        }
    }

    /** This observation with other typed facts. */
    public Observation with(Facts f) {
        return new Observation(time, kind, task, device, resource, bio, sector, sectors, value, detail, f);
    }

    public BioRole role() {
        return facts.role();
    }

    public SplitKind split() {
        return facts.split();
    }

    public AllocMode alloc() {
        return facts.alloc();
    }

    public PoolRef pool() {
        return facts.pool();
    }

    public FreeTo freeTo() {
        return facts.freeTo();
    }

    public RescueMechanism rescue() {
        return facts.rescue();
    }

    public int status() {
        return facts.status();
    }

    public OrderFact order() {
        return facts.order();
    }

    public String rwbs() {
        return facts.rwbs();
    }

    /** The bio's request flags (SUBMIT, REMAP, DISPATCH); empty otherwise and in files before version 3. */
    public java.util.Set<BioFlag> flags() {
        return facts.flags();
    }
}
