package dev.dmreplay.ingest.csv;

/** A CSV record that does not fit its format; the source adds file and line. */
final class CsvLineException extends Exception {
    private static final long serialVersionUID = 1L;

    CsvLineException(String message) {
        super(message, null, false, false);
    }
}
