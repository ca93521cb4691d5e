package dev.dmreplay.ingest.bundle;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The device-mapper dumps of a bundle, each null when absent.
 *
 * @param table  {@code dmsetup table}
 * @param lsTree {@code dmsetup ls --tree}
 * @param infoC  {@code dmsetup info -c}
 * @param ls     {@code dmsetup ls}
 * @param lsblk  {@code lsblk} (not parsed)
 * @param thinBefore {@code thin_dump} XML of a thin pool's metadata at trace start (read by
 *                   {@link dev.dmreplay.ingest.thin.ThinDumpReader})
 */
public record DmDumps(Path table, Path lsTree, Path infoC, Path ls, Path lsblk, Path thinBefore) {
    public static final DmDumps NONE = new DmDumps(null, null, null, null, null, null);

    /** Default names looked for in a bundle directory (dash or underscore spelling). */
    static final String[] TABLE = {"dmsetup-table.txt", "dmsetup_table.txt"};
    static final String[] LS_TREE = {"dmsetup-ls-tree.txt", "dmsetup_ls_tree.txt"};
    static final String[] INFO_C = {"dmsetup-info-c.txt", "dmsetup_info_c.txt"};
    static final String[] LS = {"dmsetup-ls.txt", "dmsetup_ls.txt"};
    static final String[] LSBLK = {"lsblk.txt"};
    static final String[] THIN_BEFORE = {"thin-dump-before.xml", "thin_dump_before.xml"};

    /** Without a thin metadata dump. */
    public DmDumps(Path table, Path lsTree, Path infoC, Path ls, Path lsblk) {
        this(table, lsTree, infoC, ls, lsblk, null);
    }

    /** The dumps found under their default names in {@code dir}. */
    static DmDumps find(Path dir) {
        return new DmDumps(first(dir, TABLE), first(dir, LS_TREE), first(dir, INFO_C), first(dir, LS),
                first(dir, LSBLK), first(dir, THIN_BEFORE));
    }

    static boolean isDumpName(String name) {
        for (String[] names : new String[][] {TABLE, LS_TREE, INFO_C, LS, LSBLK, THIN_BEFORE}) {
            for (String n : names) {
                if (n.equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Replaces the table (the CLI's {@code --table}). */
    public DmDumps withTable(Path newTable) {
        return new DmDumps(newTable, lsTree, infoC, ls, lsblk, thinBefore);
    }

    public boolean hasTable() {
        return table != null;
    }

    private static Path first(Path dir, String[] names) {
        for (String n : names) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
