/**
 * Minimal md devices: the flush-serialising device of scenario S6 (drivers/md/md.c {@code md_flush_request}) and
 * the raid0 of scenario S9, which splits twice in one {@code ->submit_bio} call ({@code md_submit_bio},
 * {@code raid0_make_request}).
 */
package dev.dmreplay.replay.md;
