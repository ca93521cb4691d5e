package dev.dmreplay.ingest.dm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmreplay.ingest.io.TableFormatException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tables the kernel refuses in device_area_is_invalid(): a target reaching beyond the device below it. */
class DeviceAreaCheckTest {
    /** lsblk as the real bundles hold it: vda 256 MiB (524288 sectors), vdb 1 GiB. */
    static final String LSBLK = """
            NAME  MAJ:MIN  SIZE TYPE
            vda   254:0    256M disk
            `-lin 253:0    128M dm
            vdb   254:16     1G disk
            """;

    private static void check(String table) {
        DeviceAreaCheck.check("table.txt", DmTopology.parse("table.txt", table), LsblkSizes.parse(LSBLK));
    }

    @Test
    void aLinearTargetLongerThanItsDiskIsRefusedWithFileAndLine() {
        assertThatThrownBy(() -> check("lin: 0 8192 linear 254:0 0\nbig: 0 600000 linear 254:0 2048\n"))
                .isInstanceOf(TableFormatException.class)
                .hasMessage("table.txt:2: big segment 0 (linear): 254:0 too small for target: start=2048, len=600000,"
                        + " dev_size=525312 sectors (the kernel refuses the table: device_area_is_invalid)");
    }

    @Test
    void anOffsetBeyondTheDiskIsRefused() {
        assertThatThrownBy(() -> check("lin: 0 8 linear 254:0 600000\n"))
                .hasMessageStartingWith("table.txt:1: lin segment 0 (linear): 254:0 too small for target: start=600000");
    }

    @Test
    void eachStripeLegHoldsItsShareOfTheTarget() {
        // 2 x 524288 on vda (256M: at most 525312 sectors) does not fit from offset 2048; on vdb (1G) it does
        assertThatThrownBy(() -> check("str: 0 1048576 striped 2 128 254:16 0 254:0 2048\n"))
                .hasMessageStartingWith("table.txt:1: str segment 0 (striped): 254:0 too small for target: start=2048,"
                        + " len=524288");
        assertThatCode(() -> check("str: 0 1048576 striped 2 128 254:16 0 254:16 2048\n")).doesNotThrowAnyException();
    }

    /** vda holds at most 525312 sectors: each target type below names vda in an area that does not fit. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "m: 0 600000 mirror core 1 1024 2 254:16 0 254:0 0|(mirror): 254:0 too small for target: start=0, len=600000",
            "m: 0 500000 mirror disk 2 254:16 1024 2 254:16 0 254:0 30000|(mirror): 254:0 too small for target: start=30000, len=500000",
            "s: 0 600000 snapshot 254:0 254:16 P 8|(snapshot): 254:0 too small for target: start=0, len=600000",
            "o: 0 600000 snapshot-origin 254:0|(snapshot-origin): 254:0 too small for target: start=0, len=600000",
            "p: 0 600000 thin-pool 254:16 254:0 128 0|(thin-pool): 254:0 too small for target: start=0, len=600000",
            "c: 0 600000 cache 254:16 254:16 254:0 128 0 smq 0|(cache): 254:0 too small for target: start=0, len=600000",
            "r: 0 1200000 raid raid1 1 0 2 - 254:16 - 254:0|(raid): 254:0 too small for target: start=0, len=1200000",
            "r: 0 1200000 raid raid5_ls 1 128 3 - 254:16 - 254:16 - 254:0|(raid): 254:0 too small for target: start=0, len=600000",
            "r: 0 1200000 raid raid10 1 128 4 - 254:16 - 254:16 - 254:16 - 254:0|(raid): 254:0 too small for target: start=0, len=600000"})
    void everyTargetWithAnAreaOnItsLowerDeviceIsChecked(String table, String message) {
        assertThatThrownBy(() -> check(table + "\n"))
                .isInstanceOf(TableFormatException.class)
                .hasMessageStartingWith("table.txt:1: " + table.substring(0, 1) + " segment 0 " + message);
    }

    @Test
    void targetsThatFitTheirLowerDevicesPass() {
        assertThatCode(() -> check("""
                m: 0 500000 mirror core 1 1024 2 254:16 0 254:0 0
                s: 0 500000 snapshot 254:0 254:16 P 8
                p: 0 1000000 thin-pool 254:0 254:16 128 0
                t: 0 99999999 thin /dev/mapper/p 1
                c: 0 500000 cache 254:16 254:16 254:0 128 0 smq 0
                r: 0 1000000 raid raid5_ls 1 128 3 - 254:16 - 254:16 - 254:0
                z: 0 99999999 zero
                """)).doesNotThrowAnyException();
    }

    @Test
    void aMappedDeviceIsAsLargeAsItsTable() {
        // no lsblk line needed: base's own table says 1000 sectors
        assertThatThrownBy(() -> DeviceAreaCheck.check("t", DmTopology.parse("t",
                "base: 0 1000 linear 254:0 0\nvol: 0 999 linear /dev/mapper/base 2\n"), Map.of()))
                .hasMessageStartingWith("t:2: vol segment 0 (linear): /dev/mapper/base too small for target: start=2,"
                        + " len=999, dev_size=1000");
    }

    @Test
    void unknownSizesAndTablesThatFitPass() {
        assertThatCode(() -> DeviceAreaCheck.check("t", DmTopology.parse("t", "x: 0 99999999 linear 8:0 0\n"),
                Map.of())).doesNotThrowAnyException();
        assertThatCode(() -> check("lin: 0 262144 linear 254:0 2048\n")).doesNotThrowAnyException();
    }

    @Test
    void lsblkSizesAreUpperBoundsOfWhatWasPrinted() {
        assertThat(LsblkSizes.maxSectors("256M")).isEqualTo((long) Math.ceil(256.5 * 2048));
        assertThat(LsblkSizes.maxSectors("1.8T")).isEqualTo((long) Math.ceil(1.85 * 1024L * 1024 * 1024 * 2));
        assertThat(LsblkSizes.maxSectors("268435456")).isEqualTo(524288); // lsblk -b: bytes, exact
        assertThat(LsblkSizes.maxSectors("huge")).isEqualTo(-1);
        assertThat(LsblkSizes.parse("no header here\n")).isEmpty();
    }
}
