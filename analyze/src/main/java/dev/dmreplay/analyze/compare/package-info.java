/**
 * Several replay runs side by side: metrics grouped by topic, the best value of each row marked.
 */
package dev.dmreplay.analyze.compare;
