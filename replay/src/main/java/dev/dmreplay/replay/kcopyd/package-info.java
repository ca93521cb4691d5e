/**
 * kcopyd and dm-io: the copy engine device-mapper targets use to move data between devices
 * (drivers/md/dm-kcopyd.c and dm-io.c; v4.15 with {@code SUB_JOB_SIZE} 128 sectors, v5.3+ with the 512 KiB
 * {@code kcopyd_subjob_size_kb}).
 *
 * <h2>API</h2>
 * <pre>{@code
 * KcopydClient kc = new KcopydClient(layer, "snap", KcopydClient.SUB_JOB_SECTORS_V4,
 *         KcopydThrottle.unlimited(), null);               // dm_kcopyd_client_create
 * // from a task (e.g. inside a target's map): may sleep in mempool_alloc(job_pool)
 * int r = kc.copy(task, new Region(origin, 0, 8), List.of(new Region(cow, 16, 8)),
 *         (worker, readErr, writeErr) -> { ...; return null; });   // or return a Frame that may sleep
 * if (r == Frame.CALL) return CALL;                       // resume when the job was allocated; t.ret = the job
 * kc.zero(task, dests, fn);                               // dm_kcopyd_zero
 * kc.prepareCallback(task, fn) / kc.doCallback(job, readErr, writeErr);
 * }</pre>
 * <ul>
 *   <li>Jobs come from the client's own mempool ({@code MIN_JOBS} = 8), allocated in the caller's task.</li>
 *   <li>Copies larger than the sub-job size are split into {@code SPLIT_COUNT} (8) sub-jobs that walk the range.</li>
 *   <li>The worker ("kcopyd/NAME", one work item, so jobs of one client are serial) reads the source and writes
 *       the destinations with {@link dev.dmreplay.replay.kcopyd.DmIoClient}: real bios from the dm-io client's
 *       bioset, submitted with {@code generic_make_request} from the worker, so they go through every lower
 *       mapped device, compete for pools and queue at the leaves.</li>
 *   <li>Completion callbacks ({@link dev.dmreplay.replay.kcopyd.KcopydNotify}) run on the worker one at a time
 *       and may sleep by returning a frame.</li>
 *   <li>{@link dev.dmreplay.replay.kcopyd.KcopydThrottle} models {@code io_job_start}'s percentage throttle.</li>
 *   <li>{@link dev.dmreplay.replay.kcopyd.DmIoClient#counts()} counts the bios per device and
 *       {@link dev.dmreplay.replay.kcopyd.IoClass} (copy read, copy write, zeroing, metadata), the numbers to
 *       compare with worker-issued {@code Q}s of a kernel trace.</li>
 * </ul>
 */
package dev.dmreplay.replay.kcopyd;
