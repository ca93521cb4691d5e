/**
 * The discrete-event core and the kernel's execution context: {@link dev.dmreplay.replay.sim.Simulator} (virtual
 * nanoseconds, events ordered by time then scheduling order, polling events that do not count as progress),
 * {@link dev.dmreplay.replay.sim.Kernel} (tasks, memory pressure, the typed observation emit API) and
 * {@link dev.dmreplay.replay.sim.Task} ({@code current}: a stack of {@link dev.dmreplay.replay.sim.Frame}s, its
 * {@code bio_list}, plug callbacks, held locks and what it sleeps on). A frame's {@code step} says how it left the
 * task with a {@link dev.dmreplay.replay.sim.Step}. Sleeping primitives follow kernel/locking and kernel/workqueue.c:
 * {@code mutex_lock}, {@code down_read/down_write}, {@code down}, {@code wait_event}, {@code queue_work}.
 */
package dev.dmreplay.replay.sim;
