/**
 * Command-line option groups (picocli mixins) that more than one front end declares: the placement and selection
 * of a trace ({@link dev.dmreplay.analyze.options.ShapingArgs}: {@code replay}, {@code info}, {@code batch}, the
 * Spark job) and the options of a batch ({@link dev.dmreplay.analyze.options.BatchArgs}: {@code dmreplay batch} and
 * {@code dmreplay-spark batch}). Declared here, beside the batch they configure, so both front ends parse the same
 * text the same way.
 */
package dev.dmreplay.analyze.options;
