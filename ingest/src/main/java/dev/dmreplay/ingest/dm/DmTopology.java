package dev.dmreplay.ingest.dm;

import dev.dmreplay.ingest.io.TableFormatException;
import dev.dmreplay.ingest.model.DevNo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The device-mapper stack of a machine, built from {@code dmsetup table} plus, when captured,
 * {@code dmsetup ls}, {@code ls --tree} and {@code info [-c]} (which give the major:minor numbers a table
 * alone lacks).
 *
 * <p>What it offers: mapped devices by name and by number with typed segments; the stacking graph (tables
 * reference lower devices by major:minor or path; these are resolved to mapped devices where possible);
 * top-level devices (used by no other mapped device); leaf devices (referenced, not mapped); a bottom-up
 * order (every device after all mapped devices it sits on; ties by name). Everything listed is sorted by
 * name, so output built from it is deterministic.
 *
 * <p>Checks, as errors ({@link TableFormatException} naming file and line): malformed lines, bad target
 * arguments, gaps and overlaps between segments, a first segment not starting at 0, cycles, a name listed with
 * two numbers or two names with one number, and, when numbers are known, a table referencing a dm device
 * number that no dump names. Non-fatal findings (unknown target types, ls --tree disagreeing with the tables,
 * names without tables) are collected in {@link #warnings()}.
 *
 * <p>Major numbers count as device-mapper majors when any dump lists a mapped device with that major; with no
 * numbers at all, references to majors 253 and 254 (the usual dynamic dm majors) are kept unresolved and a
 * warning says so.
 */
public final class DmTopology {

    private final Map<String, MappedDevice> byName;
    private final Map<DevNo, MappedDevice> byNumber;
    private final Map<String, List<Lower>> lowers;
    private final Map<String, List<String>> uppers;
    private final List<MappedDevice> topLevel;
    private final List<DevRef> leaves;
    private final List<MappedDevice> bottomUp;
    private final List<String> warnings;

    private DmTopology(Map<String, MappedDevice> byName, Map<DevNo, MappedDevice> byNumber,
                       Map<String, List<Lower>> lowers, Map<String, List<String>> uppers,
                       List<MappedDevice> topLevel, List<DevRef> leaves, List<MappedDevice> bottomUp,
                       List<String> warnings) {
        this.byName = byName;
        this.byNumber = byNumber;
        this.lowers = lowers;
        this.uppers = uppers;
        this.topLevel = topLevel;
        this.leaves = leaves;
        this.bottomUp = bottomUp;
        this.warnings = warnings;
    }

    /**
     * Reads dump files. {@code lsTree} and {@code ls} may each be either {@code dmsetup ls} or
     * {@code ls --tree} output; {@code info} may be {@code info -c} or {@code info} blocks. Null = not captured.
     *
     * @throws TableFormatException on bad content or an unreadable file
     */
    public static DmTopology load(Path table, Path lsTree, Path info, Path ls) {
        Builder b = builder();
        b.table(table.toString(), read(table), null);
        if (lsTree != null) {
            b.ls(lsTree.toString(), read(lsTree));
        }
        if (ls != null) {
            b.ls(ls.toString(), read(ls));
        }
        if (info != null) {
            b.info(info.toString(), read(info));
        }
        return b.build();
    }

    /** An inline {@code dmsetup table} dump (every line {@code name: }-prefixed, or {@code --concise}). */
    public static DmTopology parse(String sourceName, String tableText) {
        return builder().table(sourceName, tableText, null).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw TableFormatException.of(p.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** Collects dumps (in any order) and builds the topology. */
    public static final class Builder {
        private final List<DeviceTable> tables = new ArrayList<>();
        private final List<String> tableSources = new ArrayList<>();
        private final List<DmListing> listings = new ArrayList<>();
        private final Map<String, DevNo> explicit = new LinkedHashMap<>();
        private final List<String> warnings = new ArrayList<>();

        private Builder() {
        }

        /**
         * A {@code dmsetup table} dump.
         *
         * @param deviceName the device for unprefixed lines ({@code dmsetup table NAME}), or null
         */
        public Builder table(String source, CharSequence text, String deviceName) {
            for (DeviceTable t : DmTableParser.parse(source, text, deviceName, warnings)) {
                tables.add(t);
                tableSources.add(source);
            }
            return this;
        }

        /** {@code dmsetup ls} or {@code dmsetup ls --tree} output. */
        public Builder ls(String source, CharSequence text) {
            listings.add(DmLsParser.parse(source, text));
            return this;
        }

        /** {@code dmsetup info -c} or {@code dmsetup info} output. */
        public Builder info(String source, CharSequence text) {
            listings.add(DmInfoParser.parse(source, text));
            return this;
        }

        /** Gives a device its number directly (scenario files that know their numbering). */
        public Builder number(String name, DevNo devNo) {
            explicit.put(name, devNo);
            return this;
        }

        public DmTopology build() {
            return new Resolver(this).resolve();
        }
    }

    /** Merges numbers, resolves references, checks the graph. */
    private static final class Resolver {
        final Builder in;
        final List<String> warnings;
        final Map<String, DevNo> numbers = new TreeMap<>();
        final Map<String, String> numberSource = new LinkedHashMap<>();
        final Map<DevNo, String> names = new TreeMap<>();
        final Map<String, String> uuids = new TreeMap<>();
        final Map<String, DeviceTable> tables = new TreeMap<>();
        final Map<String, String> tableSource = new LinkedHashMap<>();

        Resolver(Builder in) {
            this.in = in;
            this.warnings = new ArrayList<>(in.warnings);
        }

        DmTopology resolve() {
            for (int i = 0; i < in.tables.size(); i++) {
                DeviceTable t = in.tables.get(i);
                String src = in.tableSources.get(i);
                if (tables.containsKey(t.name())) {
                    throw TableFormatException.atLine(src, t.line(), "device " + t.name() + " has a second table ("
                            + "first in " + tableSource.get(t.name()) + ")");
                }
                tables.put(t.name(), t);
                tableSource.put(t.name(), src);
                if (t.uuid() != null && !t.uuid().isEmpty()) {
                    uuids.put(t.name(), t.uuid());
                }
            }
            for (DeviceTable t : tables.values()) {
                if (t.number() != null) {
                    number(t.name(), t.number(), tableSource.get(t.name()));
                }
            }
            for (DmListing l : in.listings) {
                l.numbers().forEach((name, no) -> number(name, no, l.source()));
                uuids.putAll(l.uuids());
            }
            in.explicit.forEach((name, no) -> number(name, no, "given number"));
            Set<Integer> dmMajors = new TreeSet<>();
            numbers.values().forEach(n -> dmMajors.add(n.major()));
            // --concise gives minors only: borrow the major when the dumps agree on one.
            for (DeviceTable t : tables.values()) {
                if (t.minor() >= 0 && !numbers.containsKey(t.name())) {
                    if (dmMajors.size() == 1) {
                        number(t.name(), new DevNo(dmMajors.iterator().next(), t.minor()), tableSource.get(t.name()));
                    } else {
                        warnings.add(tableSource.get(t.name()) + ": " + t.name() + " has minor " + t.minor()
                                + " but no dump gives the device-mapper major");
                    }
                }
            }
            boolean numbersKnown = !dmMajors.isEmpty();

            Map<String, MappedDevice> byName = new TreeMap<>();
            for (DeviceTable t : tables.values()) {
                byName.put(t.name(), new MappedDevice(t.name(), numbers.get(t.name()), uuids.get(t.name()),
                        t.segments()));
            }
            for (String name : numbers.keySet()) {
                if (!byName.containsKey(name)) {
                    warnings.add(name + " (" + numbers.get(name).colon() + ", from " + numberSource.get(name)
                            + ") has no table in the dump");
                }
            }
            Map<DevNo, MappedDevice> byNumber = new TreeMap<>();
            byName.values().forEach(d -> {
                if (d.devNo() != null) {
                    byNumber.put(d.devNo(), d);
                }
            });

            Map<String, List<Lower>> lowers = new TreeMap<>();
            Set<DevRef> leafSet = new LinkedHashSet<>();
            int unresolved = 0;
            for (MappedDevice d : byName.values()) {
                List<Lower> ls = new ArrayList<>();
                Set<DevRef> seen = new LinkedHashSet<>();
                for (Segment s : d.segments()) {
                    for (DevRef r : s.target().devices()) {
                        if (!seen.add(r)) {
                            continue;
                        }
                        String dm = resolve(r, byName, dmMajors);
                        if (dm == null && r.isNumber() && dmMajors.contains(r.number().major())) {
                            throw TableFormatException.atLine(tableSource.get(d.name()), s.line(), d.name()
                                    + " segment " + s.index() + " (start " + s.start() + "): " + s.target().type()
                                    + " references " + r + ", a device-mapper device that no dump names");
                        }
                        if (dm == null && !numbersKnown && r.isNumber() && (r.number().major() == 253
                                || r.number().major() == 254)) {
                            unresolved++;
                        }
                        ls.add(new Lower(r, dm));
                        if (dm == null) {
                            leafSet.add(r);
                        }
                    }
                }
                lowers.put(d.name(), List.copyOf(ls));
            }
            if (unresolved > 0) {
                warnings.add(unresolved + " reference(s) to major 253/254 cannot be resolved to mapped devices: no "
                        + "dmsetup ls/info given, so the stacking of device-mapper devices is unknown");
            }

            Map<String, List<String>> uppers = new TreeMap<>();
            byName.keySet().forEach(n -> uppers.put(n, new ArrayList<>()));
            lowers.forEach((upper, ls) -> ls.forEach(l -> {
                if (l.isDm() && !uppers.get(l.dmName()).contains(upper)) {
                    uppers.get(l.dmName()).add(upper);
                }
            }));
            uppers.replaceAll((k, v) -> {
                Collections.sort(v);
                return List.copyOf(v);
            });

            checkCycles(byName, lowers);
            crossCheckTrees(byName, lowers);

            List<MappedDevice> top = new ArrayList<>();
            byName.values().forEach(d -> {
                if (uppers.get(d.name()).isEmpty()) {
                    top.add(d);
                }
            });
            List<DevRef> leaves = new ArrayList<>(leafSet);
            leaves.sort((a, b) -> a.isNumber() != b.isNumber() ? (a.isNumber() ? -1 : 1)
                    : a.isNumber() ? a.number().compareTo(b.number()) : a.path().compareTo(b.path()));
            return new DmTopology(Collections.unmodifiableMap(byName), Collections.unmodifiableMap(byNumber),
                    Collections.unmodifiableMap(lowers), Collections.unmodifiableMap(uppers), List.copyOf(top),
                    List.copyOf(leaves), bottomUp(byName, lowers), List.copyOf(warnings));
        }

        private void number(String name, DevNo no, String source) {
            DevNo old = numbers.get(name);
            if (old != null && !old.equals(no)) {
                throw TableFormatException.of(source, "device " + name + " is " + no.colon() + " here but "
                        + old.colon() + " in " + numberSource.get(name));
            }
            String other = names.get(no);
            if (other != null && !other.equals(name)) {
                throw TableFormatException.of(source, "devices " + other + " and " + name + " both have number "
                        + no.colon());
            }
            numbers.put(name, no);
            numberSource.putIfAbsent(name, source);
            names.put(no, name);
        }

        /** The mapped device a reference names, or null for a leaf. */
        private String resolve(DevRef r, Map<String, MappedDevice> byName, Set<Integer> dmMajors) {
            if (r.isNumber()) {
                return names.containsKey(r.number()) && byName.containsKey(names.get(r.number()))
                        ? names.get(r.number()) : null;
            }
            String p = r.path();
            if (p.startsWith("/dev/mapper/")) {
                String n = p.substring("/dev/mapper/".length());
                return byName.containsKey(n) ? n : null;
            }
            if (p.startsWith("/dev/dm-") && dmMajors.size() == 1) {
                long minor = Numbers.parseUnsigned(p.substring("/dev/dm-".length()));
                if (minor >= 0 && minor <= DevNo.MINOR_MASK) {
                    String n = names.get(new DevNo(dmMajors.iterator().next(), (int) minor));
                    return n != null && byName.containsKey(n) ? n : null;
                }
            }
            return null;
        }

        private void checkCycles(Map<String, MappedDevice> byName, Map<String, List<Lower>> lowers) {
            Map<String, Integer> state = new TreeMap<>();
            for (String start : byName.keySet()) {
                if (state.containsKey(start)) {
                    continue;
                }
                Deque<String> path = new ArrayDeque<>();
                Deque<java.util.Iterator<Lower>> its = new ArrayDeque<>();
                state.put(start, 1);
                path.push(start);
                its.push(lowers.get(start).iterator());
                while (!its.isEmpty()) {
                    java.util.Iterator<Lower> it = its.peek();
                    if (!it.hasNext()) {
                        its.pop();
                        state.put(path.pop(), 2);
                        continue;
                    }
                    Lower l = it.next();
                    if (!l.isDm()) {
                        continue;
                    }
                    Integer st = state.get(l.dmName());
                    if (st == null) {
                        state.put(l.dmName(), 1);
                        path.push(l.dmName());
                        its.push(lowers.get(l.dmName()).iterator());
                    } else if (st == 1) {
                        List<String> cycle = new ArrayList<>();
                        for (java.util.Iterator<String> pi = path.descendingIterator(); pi.hasNext(); ) {
                            cycle.add(pi.next());
                        }
                        cycle = cycle.subList(cycle.indexOf(l.dmName()), cycle.size());
                        String from = cycle.get(cycle.size() - 1);
                        throw TableFormatException.of(tableSource.get(from), "device-mapper stack has a cycle: "
                                + String.join(" -> ", cycle) + " -> " + l.dmName());
                    }
                }
            }
        }

        /** ls --tree edges should be the tables' references: disagreement is worth a warning, not an error. */
        private void crossCheckTrees(Map<String, MappedDevice> byName, Map<String, List<Lower>> lowers) {
            for (DmListing l : in.listings) {
                for (DmListing.Edge e : l.edges()) {
                    List<Lower> ls = lowers.get(e.upper());
                    if (ls == null) {
                        continue;
                    }
                    boolean found = false;
                    for (Lower lo : ls) {
                        if (lo.ref().isNumber() && lo.ref().number().equals(e.lower())
                                || e.lowerName() != null && e.lowerName().equals(lo.dmName())) {
                            found = true;
                            break;
                        }
                    }
                    if (!found) {
                        warnings.add(l.source() + ": ls --tree shows " + e.upper() + " on "
                                + (e.lowerName() == null ? "" : e.lowerName() + " ") + "(" + e.lower().colon()
                                + ") but its table does not reference it");
                    }
                }
            }
        }

        /** Kahn's algorithm with a name-ordered ready set, so the order is deterministic. */
        private static List<MappedDevice> bottomUp(Map<String, MappedDevice> byName, Map<String, List<Lower>> lowers) {
            Map<String, Integer> pending = new TreeMap<>();
            Map<String, List<String>> users = new TreeMap<>();
            for (String n : byName.keySet()) {
                Set<String> dms = new TreeSet<>();
                lowers.get(n).forEach(l -> {
                    if (l.isDm()) {
                        dms.add(l.dmName());
                    }
                });
                pending.put(n, dms.size());
                dms.forEach(d -> users.computeIfAbsent(d, k -> new ArrayList<>()).add(n));
            }
            TreeSet<String> ready = new TreeSet<>();
            pending.forEach((n, c) -> {
                if (c == 0) {
                    ready.add(n);
                }
            });
            List<MappedDevice> out = new ArrayList<>();
            while (!ready.isEmpty()) {
                String n = ready.pollFirst();
                out.add(byName.get(n));
                for (String u : users.getOrDefault(n, List.of())) {
                    if (pending.merge(u, -1, Integer::sum) == 0) {
                        ready.add(u);
                    }
                }
            }
            return List.copyOf(out);
        }
    }

    /** All mapped devices with a table, sorted by name. */
    public List<MappedDevice> devices() {
        return List.copyOf(byName.values());
    }

    public Optional<MappedDevice> device(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<MappedDevice> device(DevNo number) {
        return Optional.ofNullable(byNumber.get(number));
    }

    /** The mapped device a table reference points to (by number, {@code /dev/mapper/NAME} or {@code /dev/dm-N}). */
    public Optional<MappedDevice> resolve(DevRef ref) {
        if (ref.isNumber()) {
            return device(ref.number());
        }
        for (List<Lower> ls : lowers.values()) {
            for (Lower l : ls) {
                if (l.ref().equals(ref) && l.isDm()) {
                    return device(l.dmName());
                }
            }
        }
        if (ref.path().startsWith("/dev/mapper/")) {
            return device(ref.path().substring("/dev/mapper/".length()));
        }
        return Optional.empty();
    }

    /** What {@code name}'s table references, in first-reference order, each resolved where possible. */
    public List<Lower> lowers(String name) {
        List<Lower> l = lowers.get(name);
        if (l == null) {
            throw new IllegalArgumentException("no mapped device " + name);
        }
        return l;
    }

    /** The mapped devices whose tables reference {@code name}, sorted. */
    public List<String> uppers(String name) {
        List<String> u = uppers.get(name);
        if (u == null) {
            throw new IllegalArgumentException("no mapped device " + name);
        }
        return u;
    }

    /** Mapped devices no other mapped device uses, sorted by name. */
    public List<MappedDevice> topLevel() {
        return topLevel;
    }

    /** Referenced devices that are not mapped devices (disks, partitions), numbers first, sorted. */
    public List<DevRef> leaves() {
        return leaves;
    }

    /** Every mapped device after the mapped devices it sits on; ties broken by name. */
    public List<MappedDevice> bottomUp() {
        return bottomUp;
    }

    /** Non-fatal findings, in the order found. */
    public List<String> warnings() {
        return warnings;
    }

    /** Whether any dump gave device numbers. */
    public boolean numbersKnown() {
        return !byNumber.isEmpty();
    }
}
