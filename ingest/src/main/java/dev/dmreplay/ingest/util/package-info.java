/**
 * Small primitive collections for the readers' per-record paths, where boxed keys and values would cost an
 * allocation per record.
 */
package dev.dmreplay.ingest.util;
