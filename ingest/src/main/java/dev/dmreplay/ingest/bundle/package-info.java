/**
 * Opening whatever a user hands over as a trace: trace bundles (trace files plus {@code dmsetup} dumps and an
 * optional {@code bundle.json}), directories of blktrace per-CPU files, and single files in any supported format,
 * recognised by content ({@link dev.dmreplay.ingest.bundle.FormatDetector}). The entry point is
 * {@link dev.dmreplay.ingest.bundle.TraceOpener#open}; the layout rules are in
 * {@link dev.dmreplay.ingest.bundle.BundleLayout} and {@code docs/FORMATS.md}.
 */
package dev.dmreplay.ingest.bundle;
