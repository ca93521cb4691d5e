package dev.dmreplay.ingest.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory written as a whole: replaced only when complete, one writer at a time, nothing foreign deleted. */
class AtomicDirectoryTest {
    static final Set<String> OURS = Set.of("a.txt", "b.txt");

    @TempDir
    Path dir;

    private static java.util.List<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCommittedDirectoryReplacesThePreviousOneWhole() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("a.txt"), "old a");
        Files.writeString(run.resolve("b.txt"), "old b");
        try (AtomicDirectory d = AtomicDirectory.create(run, OURS)) {
            Files.writeString(d.path().resolve("a.txt"), "new a");
            assertThat(Files.readString(run.resolve("a.txt"))).isEqualTo("old a");
            d.commit();
        }
        assertThat(names(run)).containsExactly("a.txt"); // the old b.txt does not survive into the new run
        assertThat(Files.readString(run.resolve("a.txt"))).isEqualTo("new a");
        assertThat(names(dir)).containsExactly(".run.lock", "run");
    }

    @Test
    void closingWithoutCommitKeepsThePreviousDirectoryAndLeavesNoTemporary() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("a.txt"), "old a");
        try (AtomicDirectory d = AtomicDirectory.create(run, OURS)) {
            Files.writeString(d.path().resolve("a.txt"), "half");
        }
        assertThat(Files.readString(run.resolve("a.txt"))).isEqualTo("old a");
        assertThat(names(dir)).containsExactly(".run.lock", "run");
    }

    @Test
    void aSecondWriterOfTheSameDirectoryIsRefusedWhileTheFirstHoldsIt() throws Exception {
        Path run = dir.resolve("run");
        try (AtomicDirectory first = AtomicDirectory.create(run, OURS)) {
            assertThatThrownBy(() -> AtomicDirectory.create(run, OURS)).isInstanceOf(RunDirectoryException.class)
                    .hasMessageStartingWith(run + ": another dmreplay is writing this run directory");
            first.commit();
        }
        try (AtomicDirectory again = AtomicDirectory.create(run, OURS)) {
            again.commit(); // free again once the first is closed
        }
        assertThat(run).isDirectory();
    }

    @Test
    void aDirectoryHoldingOtherFilesIsNotReplaced() throws Exception {
        Files.writeString(dir.resolve("thesis.tex"), "precious");
        assertThatThrownBy(() -> AtomicDirectory.create(dir, OURS)).isInstanceOf(RunDirectoryException.class)
                .hasMessage(dir + ": holds thesis.tex, which a run directory does not: give a new or empty directory"
                        + " (it would be replaced)");
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> AtomicDirectory.create(file, OURS)).hasMessage(file
                + ": is a file, expected a run directory to write");
        assertThat(Files.readString(dir.resolve("thesis.tex"))).isEqualTo("precious");
    }

    @Test
    void leftoversOfDeadProcessesAreCleanedAndAMovedAsidePreviousRunComesBack() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path staleTemp = Files.createDirectories(dir.resolve(AtomicDirectory.tempName("run", gone.pid())));
        Files.writeString(staleTemp.resolve("a.txt"), "half");
        Path aside = Files.createDirectories(dir.resolve(AtomicDirectory.asideName("run", gone.pid())));
        Files.writeString(aside.resolve("a.txt"), "previous");
        Path run = dir.resolve("run");
        try (AtomicDirectory d = AtomicDirectory.create(run, OURS)) {
            assertThat(staleTemp).doesNotExist();
            assertThat(Files.readString(run.resolve("a.txt"))).isEqualTo("previous");
        }
        assertThat(names(dir)).containsExactly(".run.lock", "run");
    }
}
