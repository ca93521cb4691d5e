/**
 * Fidelity of the model against the real kernel: a trace of a DM stack recorded together with its lower devices
 * is replayed through the model, and for every top-level bio the lower-device bios the model produced (device,
 * sector, size, operation and flags as an rwbs string) are compared with the kernel's ({@code A} remaps and the
 * {@code Q} that follows them), together with the I/O the targets' workers issued (plain {@code Q} without
 * {@code A}), the requests dispatched per disk and the Q2C latency per device.
 */
package dev.dmreplay.analyze.fidelity;
