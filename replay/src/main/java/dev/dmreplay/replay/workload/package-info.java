/**
 * What drives the model: submitter tasks ({@code submit_bio}), synthetic, generated and trace-driven
 * workloads, replay modes (timed, as fast as possible, scaled) and suspend/resume schedules.
 */
package dev.dmreplay.replay.workload;
