/**
 * Jazzer fuzz tests for the ingest parsers. The rules they check: bad input never produces anything but a
 * {@link dev.dmreplay.ingest.io.TraceFormatException} (which the CLI turns into one line and exit status 2);
 * any other exception from a parser on arbitrary bytes is a bug; and in lenient mode an input once opened is read
 * to its end without any exception (bad records are skipped and counted).
 *
 * <ul>
 *   <li>{@link dev.dmreplay.ingest.fuzz.BlktraceFuzzTest}: the binary reader
 *       ({@link dev.dmreplay.ingest.blktrace.BlktraceSource}) over a temp file, named as a per-CPU file or as
 *       a merged dump;</li>
 *   <li>{@link dev.dmreplay.ingest.fuzz.BlkparseTextFuzzTest}: the blkparse text reader;</li>
 *   <li>{@link dev.dmreplay.ingest.fuzz.CsvFuzzTest}: the MSR, Alibaba and Tencent CSV readers, with the format
 *       given or sniffed;</li>
 *   <li>{@link dev.dmreplay.ingest.fuzz.DmTopologyFuzzTest}: {@code dmsetup table} parsing;</li>
 *   <li>{@link dev.dmreplay.ingest.fuzz.LineTracesFuzzTest}: the blkreplay, DiskSim/MQSim, fio iolog and
 *       biosnoop readers and the block tracepoint text reader;</li>
 *   <li>{@link dev.dmreplay.ingest.fuzz.BlkparseRoundTripFuzzTest}: records as the kernel fills them, written by
 *       the blkparse writer and read back by the text reader, must come back the same;</li>
 *   <li>{@link dev.dmreplay.ingest.fuzz.EventStoreFuzzTest}: records with arbitrary fields round-trip through the
 *       Parquet event store, and changed bytes in the file are refused or change nothing read.</li>
 * </ul>
 *
 * <p>Strict and lenient reading are both covered: each test's class comment says how the last input byte picks
 * the options.
 *
 * <h2>In CI and plain {@code mvn test}</h2>
 * Without {@code JAZZER_FUZZ} the {@code @FuzzTest} methods run in regression mode: each runs once per seed
 * input in {@code src/test/resources/dev/dmreplay/ingest/fuzz/<TestClass>Inputs/<method>/} (small valid and
 * broken inputs, plus every crash input fuzzing has found, kept so the fix stays tested). That takes seconds.
 *
 * <h2>Fuzzing locally</h2>
 * From the repository root, one fuzz test per run (Jazzer fuzzes only one per JVM):
 * <pre>{@code
 * JAZZER_FUZZ=1 mvn -q -B -ntp -pl ingest -am test -Dtest=BlktraceFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * JAZZER_FUZZ=1 mvn -q -B -ntp -pl ingest -am test -Dtest=BlkparseTextFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * JAZZER_FUZZ=1 mvn -q -B -ntp -pl ingest -am test -Dtest=CsvFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * JAZZER_FUZZ=1 mvn -q -B -ntp -pl ingest -am test -Dtest=DmTopologyFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * JAZZER_FUZZ=1 mvn -q -B -ntp -pl ingest -am test -Dtest=LineTracesFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * JAZZER_FUZZ=1 mvn -q -B -ntp -pl ingest -am test -Dtest=BlkparseRoundTripFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * JAZZER_FUZZ=1 mvn -q -B -ntp -pl ingest -am test -Dtest=EventStoreFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 * Each stops after {@code maxExecutions} (5000) or {@code maxDuration} (60 s), whichever comes first (change them
 * in the annotation for a longer run), or at the first finding. {@code .ci/fuzz} runs every target of the project
 * this way, {@code replay}'s {@code RunDirectoryFilesFuzzTest} and {@code analyze}'s
 * {@code RunDirectoryFuzzTest} included.
 * The generated corpus goes to {@code .cifuzz-corpus/} (git-ignored). A finding fails the test and
 * Jazzer saves the input as {@code crash-<hash>} in the test's inputs directory above: fix the parser, give the
 * file a descriptive name and commit it, so it runs as a regression input from then on.
 */
package dev.dmreplay.ingest.fuzz;
