package dev.dmreplay.ingest.dm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmreplay.ingest.model.DevNo;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Numbers of a bare table's devices from the remap events: bound only when table and traced device match 1:1. */
class RemapBindingTest {
    private static final DevNo DM0 = new DevNo(253, 0);
    private static final DevNo DM1 = new DevNo(253, 1);
    private static final DevNo SDA = new DevNo(8, 0);
    private static final DevNo SDB = new DevNo(8, 16);

    private static SortedMap<DevNo, SortedSet<DevNo>> remaps(Object... upperThenLowers) {
        SortedMap<DevNo, SortedSet<DevNo>> m = new TreeMap<>();
        for (int i = 0; i < upperThenLowers.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<DevNo> lowers = (List<DevNo>) upperThenLowers[i + 1];
            m.put((DevNo) upperThenLowers[i], new TreeSet<>(lowers));
        }
        return m;
    }

    @Test
    void eachTableGetsTheTracedDeviceRemappingOntoExactlyItsDevices() {
        DmTopology t = DmTopology.parse("t.txt", "a: 0 100 linear 8:0 0\nb: 0 100 linear 8:16 0\n");
        assertThat(RemapBinding.infer(t, remaps(DM0, List.of(SDA), DM1, List.of(SDB))))
                .containsExactly(java.util.Map.entry(DM0, "a"), java.util.Map.entry(DM1, "b"));
    }

    @Test
    void ambiguousMatchesStayUnbound() {
        DmTopology same = DmTopology.parse("t.txt", "a: 0 100 linear 8:0 0\nb: 0 100 linear 8:0 100\n");
        assertThat(RemapBinding.infer(same, remaps(DM0, List.of(SDA)))).isEmpty();
        DmTopology one = DmTopology.parse("t.txt", "a: 0 100 linear 8:0 0\n");
        assertThat(RemapBinding.infer(one, remaps(DM0, List.of(SDA), DM1, List.of(SDA)))).isEmpty();
        DmTopology striped = DmTopology.parse("t.txt", "a: 0 256 striped 2 128 8:0 0 8:16 0\n");
        assertThat(RemapBinding.infer(striped, remaps(DM0, List.of(SDA)))).isEmpty(); // onto sda only: not a
        assertThat(RemapBinding.infer(striped, remaps(DM0, List.of(SDA, SDB)))).containsOnlyKeys(DM0);
    }
}
