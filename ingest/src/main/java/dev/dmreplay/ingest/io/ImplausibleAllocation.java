package dev.dmreplay.ingest.io;

/**
 * Tells, after an {@link OutOfMemoryError} inside a file decoder, a damaged length field from an exhausted heap.
 *
 * <p>Columnar decoders size their buffers from numbers stored in the file: a page header's uncompressed size, a
 * run length of the RLE/bit-packing hybrid, a Thrift list size in the footer. One flipped byte there asks for
 * gigabytes in a single allocation, which fails while the heap is nearly empty. A heap that is genuinely full
 * fails with the live set close to the limit. The JVM collects fully before it throws, so the live set measured
 * right after the error tells the two apart: under three quarters of the maximum heap means the request alone
 * could never have fit, so the file is damaged (a bad-input line, exit 2); otherwise the error is passed on and
 * the CLI reports memory exhaustion (exit 3).
 */
public final class ImplausibleAllocation {
    private static final String ARRAY_LIMIT = "Requested array size exceeds VM limit";

    private ImplausibleAllocation() {
    }

    /** Whether {@code e} came from one request larger than the heap could ever hold, not from a full heap. */
    public static boolean fromDamagedLength(OutOfMemoryError e) {
        if (ARRAY_LIMIT.equals(e.getMessage())) {
            return true;
        }
        Runtime rt = Runtime.getRuntime();
        long live = rt.totalMemory() - rt.freeMemory();
        return live < rt.maxMemory() / 4 * 3;
    }

    /** The refusal's wording, shared by every reader that uses this check. */
    public static String problem(String where) {
        return where + " asks for more memory than the whole heap in one piece (a damaged length or run count)";
    }
}
