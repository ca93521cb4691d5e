package dev.dmreplay.replay.target.crypt;

import dev.dmreplay.replay.observe.PoolKind;
import dev.dmreplay.replay.target.WorkerTakes;
import dev.dmreplay.ingest.dm.CryptArgs;
import dev.dmreplay.replay.block.Bio;
import dev.dmreplay.replay.block.BioAlloc;
import dev.dmreplay.replay.block.BioOps;
import dev.dmreplay.replay.block.Bioset;
import dev.dmreplay.replay.block.BlockDevice;
import dev.dmreplay.replay.block.EndIo;
import dev.dmreplay.replay.block.Gfp;
import dev.dmreplay.replay.block.Gmr;
import dev.dmreplay.replay.block.Mempool;
import dev.dmreplay.replay.block.Op;
import dev.dmreplay.replay.dm.DmMapio;
import dev.dmreplay.replay.dm.Target;
import dev.dmreplay.replay.dm.TargetContext;
import dev.dmreplay.replay.dm.TargetIo;
import dev.dmreplay.replay.sim.Frame;
import dev.dmreplay.replay.sim.Kernel;
import dev.dmreplay.replay.sim.Mutex;
import dev.dmreplay.replay.sim.Step;
import dev.dmreplay.replay.sim.Task;
import dev.dmreplay.replay.sim.WorkItem;
import dev.dmreplay.replay.sim.Workqueue;
import dev.dmreplay.replay.strategy.Knobs;
import dev.dmreplay.replay.strategy.TargetKnobs;
import java.util.ArrayList;
import java.util.List;

/**
 * dm-crypt, {@code crypt_ctr} and {@code crypt_map} of drivers/md/dm-crypt.c v6.1 (target version 1.24.0):
 * <ul>
 *   <li>{@code REQ_PREFLUSH} and discards are remapped to the lower device unchanged (discards only reach the
 *       target with {@code allow_discards}: {@code num_discard_bios = 1});</li>
 *   <li>writes larger than {@code BIO_MAX_VECS} pages (1 MiB) are cut with {@code dm_accept_partial_bio};</li>
 *   <li>a read tries {@code kcryptd_io_read(io, GFP_NOWAIT)} in the submitting task (a fast clone from
 *       {@code cc->bs} submitted at once) and otherwise queues {@code kcryptd_io_read_work} on
 *       {@code kcryptd_io}; a completed read is decrypted on {@code kcryptd} ({@code no_read_workqueue}: in the
 *       completion's tasklet, modelled as its own workqueue);</li>
 *   <li>a write is queued on {@code kcryptd} ({@code no_write_workqueue}: encrypted in {@code crypt_map} itself,
 *       in the submitting task) which allocates the buffer ({@link CryptAllocBuffer}), encrypts and hands the
 *       clone to {@link DmcryptWrite} ({@code submit_from_crypt_cpus}: submits it itself).</li>
 * </ul>
 * Pools per era: {@code cc->bs} = {@code bioset_init(MIN_IOS = 64, BIOSET_NEED_BVECS)} and
 * {@code cc->page_pool} = {@code BIO_MAX_VECS} (256) pages in v5.x–v6.1; in the v4.0 era (knob
 * {@code cryptAllocBuffer=BLOCKING_PER_PAGE}) {@code MIN_IOS} was 16 and the page pool also 256 pages
 * ({@code BIO_MAX_PAGES}). Before v4.13 every bioset had a rescuer: {@code cc->bs} gets one when the strategy
 * gives DM's biosets one. Not modelled: the per-client page cap {@code dm_crypt_pages_per_client} (it only
 * bites when the page allocator succeeds), {@code req_pool}/{@code tag_pool} (per-bio data covers the common
 * case; integrity is not modelled), asynchronous cipher completions.
 */
public final class CryptTarget extends Target {
    /** {@code BIO_MAX_VECS << PAGE_SHIFT >> SECTOR_SHIFT}: the largest write crypt_map lets through. */
    public static final int MAX_WRITE_SECTORS = 2048;
    /** {@code MIN_IOS} of dm-crypt v5.x–v6.1. */
    public static final int MIN_IOS = 64;
    /** {@code MIN_IOS} of dm-crypt v4.0. */
    public static final int MIN_IOS_V4_0 = 16;
    /** {@code BIO_MAX_VECS} (earlier {@code BIO_MAX_PAGES}). */
    public static final int PAGE_POOL_PAGES = 256;

    private final Kernel kernel;
    private final String mdName;
    private final String cipher;
    private final BlockDevice dev;
    private final long start;
    private final boolean sameCpuCrypt;
    private final boolean submitFromCryptCpus;
    private final boolean noReadWorkqueue;
    private final boolean noWriteWorkqueue;
    private final boolean mutexForm;
    private final long psPerByte;
    private final Bioset bs;
    private final Mempool pagePool;
    private final Mutex bioAllocLock;
    private final Workqueue ioQueue;
    private final Workqueue cryptQueue;
    private final Workqueue readTasklets;
    private final DmcryptWrite writer;
    /** Trace replays: the kernel's decryption delay per read (null: none). */
    private WorkerTakes decryptGaps;
    private final EndIo cryptEndio = this::cryptEndio;
    private long reads;
    private long writes;
    private long readsQueuedToIo;

    /** {@code crypt_ctr}: the parsed table line; the key is not kept. */
    public CryptTarget(TargetContext c, long begin, long len, CryptArgs a) {
        this(c.kernel(), c.mdName(), begin, len, a.cipher(), c.device(a.dev()), a.offset(), a.options());
    }

    CryptTarget(Kernel kernel, String mdName, long begin, long len, String cipher, BlockDevice dev, long start,
                List<String> options) {
        super(begin, len);
        this.kernel = kernel;
        this.mdName = mdName;
        this.cipher = cipher;
        this.dev = dev;
        this.start = start;
        boolean discards = false;
        boolean sameCpu = false;
        boolean noOffload = false;
        boolean noRead = false;
        boolean noWrite = false;
        for (String o : options) {
            switch (o) {
                case "allow_discards" -> discards = true;
                case "same_cpu_crypt" -> sameCpu = true;
                case "submit_from_crypt_cpus" -> noOffload = true;
                case "no_read_workqueue" -> noRead = true;
                case "no_write_workqueue" -> noWrite = true;
                default -> {
                    // sector_size:, iv_large_sectors, integrity: change no allocation or thread behaviour here
                }
            }
        }
        this.sameCpuCrypt = sameCpu;
        this.submitFromCryptCpus = noOffload;
        this.noReadWorkqueue = noRead;
        this.noWriteWorkqueue = noWrite;
        Knobs k = kernel.globalOrNull(Knobs.class);
        TargetKnobs tk = k == null ? TargetKnobs.DEFAULT : k.targets();
        this.mutexForm = tk.cryptAllocBuffer() == TargetKnobs.CryptAllocBuffer.MUTEX_RETRY;
        this.psPerByte = tk.cryptPsPerByte();
        int minIos = mutexForm ? MIN_IOS : MIN_IOS_V4_0;
        Workqueue rescuer = k != null && k.dmBiosetRescuer() ? new Workqueue(kernel, "bioset/crypt " + mdName, 0) : null;
        this.bs = new Bioset(dev.layer, "cc->bs of " + mdName, minIos, true, rescuer);
        this.pagePool = new Mempool(kernel, "cc->page_pool of " + mdName, PoolKind.MEMPOOL, PAGE_POOL_PAGES, 0);
        this.bioAllocLock = new Mutex("cc->bio_alloc_lock of " + mdName);
        this.ioQueue = new Workqueue(kernel, "kcryptd_io/" + mdName, 1);
        // same_cpu_crypt: a bound queue with max_active 1 per CPU; unbound: max_active = num_online_cpus()
        this.cryptQueue = new Workqueue(kernel, "kcryptd/" + mdName, tk.cryptCpus());
        this.readTasklets = noRead ? new Workqueue(kernel, "kcryptd tasklet/" + mdName, tk.cryptCpus()) : null;
        this.writer = new DmcryptWrite(kernel, dev.layer, mdName);
        numFlushBios = 1;
        numDiscardBios = discards ? 1 : 0;
    }

    @Override
    public String type() {
        return "crypt";
    }

    /** The cipher specification (never the key). */
    public String cipher() {
        return cipher;
    }

    @Override
    public List<BlockDevice> devices() {
        return List.of(dev);
    }

    @Override
    public List<Mempool> mempools() {
        List<Mempool> l = new ArrayList<>(3);
        l.add(bs.bioPool);
        l.add(bs.bvecPool);
        l.add(pagePool);
        return l;
    }

    Bioset bs() {
        return bs;
    }

    Mempool pagePool() {
        return pagePool;
    }

    Mutex bioAllocLock() {
        return bioAllocLock;
    }

    /**
     * Trace replays: each write's encrypted clone reaches {@code dmcrypt_write} no earlier than the traced kernel
     * submitted it ({@link WorkerTakes}, by the clone's lower sector).
     */
    public void writeTakes(WorkerTakes schedule) {
        writer.takes(schedule);
    }

    /**
     * Trace replays: each read is decrypted after the traced kernel's delay from its lower completion to its own
     * ({@link WorkerTakes#recorded}, by the clone's lower sector and the read's Q).
     */
    public void readDecryptGaps(WorkerTakes gaps) {
        this.decryptGaps = gaps;
    }

    long kernelNow() {
        return kernel.sim.now();
    }

    DmcryptWrite writer() {
        return writer;
    }

    boolean mutexForm() {
        return mutexForm;
    }

    boolean submitFromCryptCpus() {
        return submitFromCryptCpus;
    }

    boolean sameCpuCrypt() {
        return sameCpuCrypt;
    }

    /** Reads, writes, reads whose clone allocation had to go to kcryptd_io, writes submitted by dmcrypt_write. */
    public record CryptStats(long reads, long writes, long readsQueuedToIo, long writesSorted, int largestSortedBatch) {
    }

    public CryptStats stats() {
        return new CryptStats(reads, writes, readsQueuedToIo, writer.submitted(), writer.largestBatch());
    }

    /** Encryption or decryption time of {@code sectors}. */
    long cryptNanos(int sectors) {
        return sectors * 512L * psPerByte / 1000;
    }

    @Override
    public DmMapio map(Task t, TargetIo tio) {
        Bio bio = tio.clone;
        if (bio.has(Bio.PREFLUSH) || bio.op == Op.DISCARD) {
            bio.dev = dev;
            if (bio.sectors > 0) {
                bio.sector = start + offset(bio.sector);
            }
            return DmMapio.REMAPPED;
        }
        if (bio.sectors > MAX_WRITE_SECTORS && bio.op.isWrite()) {
            tio.acceptPartial(MAX_WRITE_SECTORS);
        }
        CryptIo io = new CryptIo(this, tio, start + offset(bio.sector));
        tio.perBioData = io;
        bio.at = io;
        if (!bio.op.isWrite()) {
            reads++;
            // kcryptd_io_read(io, CRYPT_MAP_READ_GFP = GFP_NOWAIT): never sleeps here
            BioAlloc.alloc(t, bs, Gfp.NOWAIT, 0);
            Bio clone = t.retBio;
            if (clone != null) {
                initReadClone(io, clone);
                noteRemap(t, io, clone);
                Gmr.submit(t, clone); // inside generic_make_request: appended to current->bio_list
            } else {
                readsQueuedToIo++;
                queue(ioQueue, io, KcryptdCrypt.Kind.IO_READ, "kcryptd_io_read_work");
            }
            return DmMapio.SUBMITTED;
        }
        writes++;
        if (noWriteWorkqueue) {
            // kcryptd_queue_crypt with DM_CRYPT_NO_WRITE_WORKQUEUE: kcryptd_crypt runs right here, may sleep
            t.call(new InlineWrite(io));
            return DmMapio.CALLED;
        }
        queue(cryptQueue, io, KcryptdCrypt.Kind.WRITE_CONVERT, "kcryptd_crypt");
        return DmMapio.SUBMITTED;
    }

    /** {@code kcryptd_crypt} called from {@code crypt_map} ({@code no_write_workqueue}). */
    private static final class InlineWrite extends Frame {
        /** kcryptd_queue_crypt() with {@code DM_CRYPT_NO_WRITE_WORKQUEUE}, v6.1: {@code kcryptd_crypt(&io->work)}. */
        private static final int KCRYPTD_CRYPT = 0;
        /** v6.1: {@code kcryptd_crypt} returned in {@code crypt_map}'s task: {@code DM_MAPIO_SUBMITTED}. */
        private static final int KCRYPTD_CRYPT_RETURNED = 1;

        private final CryptIo io;

        InlineWrite(CryptIo io) {
            this.io = io;
        }

        @Override
        public Step step(Task t) {
            if (pc == KCRYPTD_CRYPT) {
                pc = KCRYPTD_CRYPT_RETURNED;
                return t.call(new KcryptdCrypt(io, KcryptdCrypt.Kind.WRITE_CONVERT));
            }
            io.tio.mapio = DmMapio.SUBMITTED;
            return RETURN;
        }

        @Override
        public String function() {
            return "kcryptd_crypt";
        }
    }

    private void queue(Workqueue wq, CryptIo io, KcryptdCrypt.Kind kind, String fn) {
        WorkItem w = new WorkItem(fn + "(bio #" + io.base.id + ")", () -> new KcryptdCrypt(io, kind));
        io.work = w;
        wq.queue(w);
    }

    void initReadClone(CryptIo io, Bio clone) {
        BioOps.cloneFast(clone, io.base);
        clone.dev = dev;
        clone.sector = io.sector;
        clone.endIo = cryptEndio;
        clone.priv = io;
        io.clone = clone;
    }

    void initWriteClone(CryptIo io) {
        Bio clone = io.clone;
        clone.dev = dev;
        clone.sector = io.sector;
        clone.sectors = io.base.sectors;
        clone.op = io.base.op;
        clone.flags = io.base.flags;
        clone.segments = io.pages.size();
        clone.submitTime = io.base.submitTime;
        clone.endIo = cryptEndio;
        clone.priv = io;
    }

    /** The clone leaves dm-crypt for the lower device (the REMAP the kernel's block trace shows as 'A'). */
    void noteRemap(Task t, CryptIo io, Bio clone) {
        kernel.observeRemap(t, mdName, clone, io.tio.io.origBio.id, "crypt");
    }

    /** {@code crypt_free_buffer_pages}. */
    void freePages(CryptIo io) {
        for (CryptPage p : io.pages) {
            pagePool.free(p);
        }
        io.pages.clear();
    }

    /** {@code crypt_endio} (completion context). */
    private void cryptEndio(Bio clone) {
        CryptIo io = (CryptIo) clone.priv;
        boolean write = clone.op.isWrite();
        if (write) {
            freePages(io);
        }
        int error = clone.status;
        BioOps.put(clone);
        io.clone = null;
        if (!write && error == 0) {
            // kcryptd_queue_crypt: decrypt in kcryptd, or in the tasklet with no_read_workqueue. In a trace replay
            // the read ends the traced kernel's delay after its lower completion: that delay (lower C to crypt C)
            // is kcryptd's wait, the decryption and dm's completion path together, so the decryption is queued
            // its own CPU time before the delay ends and the device's learnt completion time is not added again
            long gap = decryptGaps == null ? -1 : decryptGaps.recorded(io.sector, io.mappedAt);
            if (gap > 0 && gap <= WorkerTakes.MAX_WAIT_NS) {
                io.tio.io.completionReplayed = true;
                long wait = Math.max(0, gap - cryptNanos(io.base.sectors));
                kernel.sim.after(wait, () -> queue(noReadWorkqueue ? readTasklets : cryptQueue, io,
                        KcryptdCrypt.Kind.READ_CONVERT, "kcryptd_crypt"));
                return;
            }
            queue(noReadWorkqueue ? readTasklets : cryptQueue, io, KcryptdCrypt.Kind.READ_CONVERT, "kcryptd_crypt");
            return;
        }
        endBase(io, error);
    }

    /** {@code crypt_dec_pending} of the last reference: the base bio ends. */
    void endBase(CryptIo io, int error) {
        Bio base = io.base;
        base.at = null;
        if (error != 0 && base.status == 0) {
            base.status = error;
        }
        BioOps.endio(base);
    }

    @Override
    public String toString() {
        // never the key: a crypt line prints as its cipher and lower device only
        return begin + " " + len + " crypt " + cipher + " <key redacted> " + dev.name + " " + start;
    }
}
