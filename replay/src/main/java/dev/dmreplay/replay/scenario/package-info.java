/**
 * Deadlock scenarios: files (YAML/JSON) with a stack, a workload, pressure and expected outcomes per
 * strategy; loading and running them.
 */
package dev.dmreplay.replay.scenario;
