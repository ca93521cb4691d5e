/**
 * Rescue strategies as knob bundles: {@link dev.dmreplay.replay.strategy.Knobs} and the
 * {@link dev.dmreplay.replay.strategy.Strategy} presets (BARE, RESC, OFFL, NEIL, DF, HELP, MDSP, MODERN).
 */
package dev.dmreplay.replay.strategy;
