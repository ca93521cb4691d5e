/**
 * dm-crypt (drivers/md/dm-crypt.c, v6.1 = crypt target 1.24.0 as on the captured Debian 12 kernel, with the v4.0
 * form of {@code crypt_alloc_buffer} as an era knob): the target's own bioset and page mempool, the blocking and
 * non-blocking page allocation, the kcryptd and kcryptd_io workqueues and the {@code dmcrypt_write} thread that
 * submits encrypted writes in sector order. Key material never enters this package: the target is built from the
 * parsed arguments and keeps only the cipher name.
 */
package dev.dmreplay.replay.target.crypt;
