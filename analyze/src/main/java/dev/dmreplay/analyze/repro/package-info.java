/**
 * Reproducers for a real kernel ({@code dmreplay repro}): from a scenario or a replay run directory, the files a
 * kernel developer needs to try the model's prediction on a disposable VM (a guarded shell script that builds the
 * stack on null_blk, scsi_debug or loop devices with dm-delay leaves, a fio job with fio iologs of the workload,
 * the fault-injection settings that reproduce the memory pressure, a blktests-style wrapper and a README with the
 * predicted outcome). Nothing here runs anything: it only writes text.
 */
package dev.dmreplay.analyze.repro;
