/**
 * The canonical event store: one Parquet row per {@link dev.dmreplay.ingest.model.BlockEvent}
 * ({@link dev.dmreplay.ingest.store.EventSchema}), written streaming by
 * {@link dev.dmreplay.ingest.store.ParquetEventWriter} and read back in order by
 * {@link dev.dmreplay.ingest.store.ParquetEventSource}. The footer ({@link dev.dmreplay.ingest.store.StoreMetadata})
 * keeps the inputs, their devices, the pid→comm table and the dmsetup dumps, so a store stands on its own.
 * Schema documented for DuckDB/pandas users in {@code docs/FORMATS.md}.
 */
package dev.dmreplay.ingest.store;
