/**
 * A btt-compatible latency analysis (blktrace's btt 2.09): Q2Q, Q2G, G2I, I2D, D2C, Q2C and the rest,
 * per device and process, printed byte-identical to btt.
 */
package dev.dmreplay.analyze.btt;
