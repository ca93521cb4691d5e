/**
 * A replay throughput benchmark over a fixed four-disk stripe with a linear volume on top.
 */
package dev.dmreplay.replay.bench;
