/**
 * The observation contract: what the model reports while it runs, typed, and the one Parquet format that stores
 * it. Analysis reads only the typed fields; the free-text {@code detail} is for people and is never parsed.
 *
 * <h2>The record</h2>
 * {@link dev.dmreplay.replay.observe.Observation}: time, {@link dev.dmreplay.replay.observe.ObservationKind kind},
 * task, device, resource, bio (id, sector, sectors), value (meaning per kind), detail, and the typed
 * {@link dev.dmreplay.replay.observe.Facts} (with shortcuts on the record; the {@code Facts} factories say which
 * kinds carry which facts):
 * <ul>
 *   <li>{@link dev.dmreplay.replay.observe.BioRole role} — SUBMIT/COMPLETE of a top-level bio, DISPATCH/COMPLETE at
 *       a leaf, REMAP of a clone;</li>
 *   <li>{@link dev.dmreplay.replay.observe.SplitKind split} — DM piece, G2 remainder, G3 split head, block
 *       {@code bio_split}, and which bio is in {@code bio} and which in {@code value};</li>
 *   <li>{@link dev.dmreplay.replay.observe.AllocMode alloc} — which non-sleeping attempt failed (masked,
 *       GFP_NOWAIT, the offload trigger's GFP_NOWAIT probe);</li>
 *   <li>{@link dev.dmreplay.replay.observe.PoolRef pool} with its {@link dev.dmreplay.replay.observe.PoolKind kind}
 *       (bioset bio pool, bioset bvec pool, plain mempool such as {@code md->io_pool}) — on ALLOC, ALLOC_FAIL, FREE
 *       and on waits, timeouts of a mempool's wait queue;</li>
 *   <li>{@link dev.dmreplay.replay.observe.FreeTo freeTo} — reserve or slab;</li>
 *   <li>{@link dev.dmreplay.replay.observe.RescueMechanism rescue} — bioset rescuer, dm_offload,
 *       {@code md->rescued}, helpers — on PUNT, OFFLOAD, RESCUE;</li>
 *   <li>{@code status} — {@code bi_status} of a top-level COMPLETE.</li>
 * </ul>
 *
 * <h2>Emitting (for model code, e.g. a new target)</h2>
 * Use the typed {@code observe*} methods of {@link dev.dmreplay.replay.sim.Kernel}: {@code observeSubmit},
 * {@code observeTopLevelComplete}, {@code observeLeafDispatch}, {@code observeLeafComplete}, {@code observeRemap},
 * {@code observeSplit(SplitKind, ...)}, {@code observeAlloc}/{@code observeAllocFail}/{@code observeFree} (a
 * {@code Mempool} does these itself), {@code observePunt}, {@code observeOffload}/{@code observeRescue}
 * ({@link dev.dmreplay.replay.observe.RescueMechanism}), {@code observeDeadlock}; waits, timeouts, stalls and locks
 * are emitted by the simulator core. Each builds the observation only when a listener is attached. A target that
 * needs a fact none of these carries adds an enum constant (or a new enum and column) here, a method on
 * {@code Kernel}, and the column in the writer and reader — never a string a reader has to parse.
 *
 * <h2>Levels</h2>
 * {@link dev.dmreplay.replay.observe.ObserveLevel} says which kinds a run records ({@code --observe all|pools|summary}):
 * the kernel builds only those, so a lower level also costs less. A file below {@code all} names its level in the
 * footer ({@value dev.dmreplay.replay.observe.ObserveLevel#FOOTER_KEY}); a file without the key holds every kind.
 *
 * <h2>Storing and reading</h2>
 * {@link dev.dmreplay.replay.observe.ParquetObservationWriter} writes format version
 * {@value dev.dmreplay.replay.observe.ParquetObservationWriter#VERSION} (footer key
 * {@value dev.dmreplay.replay.observe.ParquetObservationWriter#VERSION_KEY}); enums are stored by name in Parquet
 * {@code ENUM} columns. {@link dev.dmreplay.replay.observe.ObservationReader} is the only reader: it reads version 3,
 * version 2 (no {@code rwbs} and {@code flags} columns: the rwbs reads back null, the flags empty) and version 1
 * (the ten untyped columns, before this contract), recovering a version-1 file's typed facts from its
 * text; what version 1 lacks is listed on the reader.
 */
package dev.dmreplay.replay.observe;
