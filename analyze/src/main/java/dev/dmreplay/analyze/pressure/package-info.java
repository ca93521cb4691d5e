/**
 * Analysis of a replay run's mempool and bioset pressure from its observations: occupancy and reserve
 * over time, failures and sleeps per pool, bio families (clones per original), punts, offloads and rescues.
 */
package dev.dmreplay.analyze.pressure;
