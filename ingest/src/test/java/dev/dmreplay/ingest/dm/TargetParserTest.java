package dev.dmreplay.ingest.dm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetParserTest {

    static TargetArgs parse(String type, String args, long length) {
        return TargetParser.parse(type, Words.split(args), length);
    }

    static TargetArgs parse(String line) {
        List<String> w = Words.split(line);
        return TargetParser.parse(w.get(0), w.subList(1, w.size()), 2304L * 512);
    }

    /** Kernel-printed parameter strings come back unchanged (no secrets in these). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "linear 8:2 2048",
            "striped 2 128 8:16 264192 8:32 2048",
            "striped 3 24 8:16 0 8:32 0 8:48 0",
            "snapshot-origin 253:8",
            "snapshot 253:8 253:9 P 8",
            "snapshot 253:8 253:9 PO 16 2 discard_zeroes_cow discard_passdown_origin",
            "snapshot-merge 254:11 254:12 P 16",
            "thin-pool 253:1 253:2 128 0 0",
            "thin-pool 253:1 253:2 1024 100 2 skip_block_zeroing error_if_no_space",
            "thin 253:3 1",
            "thin 253:3 7 253:20",
            "cache 253:1 253:2 253:3 128 2 metadata2 writethrough smq 0",
            "cache 253:1 253:2 253:3 512 1 writeback mq 4 sequential_threshold 1024 random_threshold 8",
            "writecache s 253:1 253:2 4096 4 high_watermark 50 writeback_jobs 1024",
            "crypt aes-xts-plain64 :64:logon:0000000000000000000000 0 253:5 32768",
            "crypt aes-xts-plain64 :64:logon:0 0 253:5 32768 2 allow_discards sector_size:4096",
            "mirror core 2 1024 nosync 2 8:16 0 8:32 0 1 handle_errors",
            "mirror disk 2 253:4 1024 2 8:16 0 8:32 0",
            "raid raid1 3 0 region_size 4096 2 253:12 253:13 253:14 253:15",
            "raid raid5_ls 6 128 nosync rebuild 1 region_size 8192 3 - 8:16 253:2 253:3 253:4 253:5",
            "delay 8:16 0 100",
            "delay 8:16 0 0 8:16 0 500",
            "delay 8:16 0 0 8:32 0 500 8:48 0 1000",
            "flakey 8:16 0 10 5",
            "flakey 8:16 0 10 5 5 corrupt_bio_byte 32 r 1 0",
            "multipath 1 queue_if_no_path 0 2 1 service-time 0 2 2 8:16 1 1 8:32 1 1 round-robin 0 1 1 8:48 1000",
            "multipath 0 1 alua 1 1 queue-length 0 1 1 65:16 1",
            "era 253:1 253:2 8192",
            "integrity 253:4 0 4 J 3 fix_padding block_size:512 meta_device:253:9",
            "verity 1 8:1 8:2 4096 4096 262144 1 sha256 4392712ba01368efdf14b05c76f9e4df0d53664630b5d48632ed17a137f39076 1234000000000000000000000000000000000000000000000000000000000000",
            "verity 1 8:1 8:2 4096 4096 262144 1 sha256 00ff - 2 use_fec_from_device 8:3",
            "error",
            "zero"})
    void kernelParameterStringsRoundTrip(String line) {
        TargetArgs t = parse(line);
        assertThat(t).isNotInstanceOf(GenericTargetArgs.class);
        assertThat(t.render()).isEqualTo(line);
    }

    @Test
    void constructorChecksAcceptWhatTheKernelAccepts() {
        // raid1 ignores its chunk size; a raid0 of 3 legs shares 3 x 128 sectors; a userspace log is not parsed
        assertThat(parse("raid", "raid1 1 7 2 - 8:16 - 8:32", 1000)).isInstanceOf(RaidArgs.class);
        assertThat(parse("raid", "raid0 1 8 3 - 8:16 - 8:32 - 8:48", 384)).isInstanceOf(RaidArgs.class);
        assertThat(parse("raid", "raid10 3 8 raid10_copies 2 4 - 8:16 - 8:32 - 8:48 - 8:64", 1000))
                .isInstanceOf(RaidArgs.class);
        assertThat(parse("mirror", "core 1 2 2 8:16 0 8:32 0", 2)).isInstanceOf(MirrorArgs.class);
        assertThat(parse("mirror", "userspace 3 uuid clustered-disk 253:4 2 8:16 0 8:32 0 2 handle_errors keep_log",
                1024)).isInstanceOf(MirrorArgs.class);
        assertThat(parse("crypt aes-xts-plain64 - 0 8:16 0 3 same_cpu_crypt integrity:28:aead no_read_workqueue"))
                .isInstanceOf(CryptArgs.class);
        assertThat(parse("snapshot 253:8 253:9 N 2097152")).isInstanceOf(SnapshotArgs.class);
    }

    @Test
    void kernelLeniencies() {
        // io_err_ctr ignores arguments; snapshot chunk 0 reuses the COW header's chunk size
        assertThat(parse("error 8:16 0").render()).isEqualTo("error");
        assertThat(((SnapshotArgs) parse("snapshot 253:8 253:9 P 0")).chunkSectors()).isZero();
    }

    @Test
    void devicesAreListedPerTarget() {
        assertThat(parse("cache 253:1 253:2 253:3 128 0 smq 0").devices())
                .containsExactly(DevRef.of(253, 1), DevRef.of(253, 2), DevRef.of(253, 3));
        assertThat(parse("mirror disk 2 253:4 1024 2 8:16 0 8:32 0").devices())
                .containsExactly(DevRef.of(253, 4), DevRef.of(8, 16), DevRef.of(8, 32));
        assertThat(parse("raid raid5_ls 3 128 journal_dev 8:64 2 - 8:16 - 8:32").devices())
                .containsExactly(DevRef.of(8, 64), DevRef.of(8, 16), DevRef.of(8, 32));
        assertThat(parse("delay 8:16 0 0 8:32 0 500").devices()).containsExactly(DevRef.of(8, 16), DevRef.of(8, 32));
        assertThat(parse("integrity 253:4 0 - J 1 meta_device:/dev/sdc").devices())
                .containsExactly(DevRef.of(253, 4), DevRef.parse("/dev/sdc"));
        assertThat(parse("verity 1 8:1 8:2 4096 4096 262144 1 sha256 00ff - 2 use_fec_from_device 8:3").devices())
                .containsExactly(DevRef.of(8, 1), DevRef.of(8, 2), DevRef.of(8, 3));
        assertThat(parse("multipath 0 0 1 1 round-robin 0 2 1 8:16 1000 8:32 1000").devices())
                .containsExactly(DevRef.of(8, 16), DevRef.of(8, 32));
        assertThat(parse("thin 253:3 7 253:20").devices()).containsExactly(DevRef.of(253, 3), DevRef.of(253, 20));
    }

    @Test
    void typedFields() {
        DelayArgs d = (DelayArgs) parse("delay 8:16 0 100");
        assertThat(d.write()).isEqualTo(d.read());
        assertThat(d.flush()).isEqualTo(new DelayClass(DevRef.of(8, 16), 0, 100));
        DelayArgs d6 = (DelayArgs) parse("delay 8:16 0 0 8:32 8 500");
        assertThat(d6.flush()).isEqualTo(new DelayClass(DevRef.of(8, 32), 8, 500));
        CacheArgs c = (CacheArgs) parse("cache 253:1 253:2 253:3 128 2 metadata2 writeback smq 0");
        assertThat(c.ioMode()).isEqualTo("writeback");
        // no io-mode feature: write-back, as init_features in dm-cache-target.c
        assertThat(((CacheArgs) parse("cache 253:1 253:2 253:3 128 0 smq 0")).ioMode()).isEqualTo("writeback");
        RaidArgs r = (RaidArgs) parse("raid raid1 3 0 region_size 4096 2 253:12 253:13 253:14 253:15");
        assertThat(r.param("region_size")).isEqualTo("4096");
        assertThat(r.legs()).containsExactly(new RaidLeg(DevRef.of(253, 12), DevRef.of(253, 13)),
                new RaidLeg(DevRef.of(253, 14), DevRef.of(253, 15)));
        MirrorArgs m = (MirrorArgs) parse("mirror disk 3 253:4 1024 sync 2 8:16 0 8:32 0");
        assertThat(m.regionSectors()).isEqualTo(1024);
        MultipathArgs mp = (MultipathArgs) parse(
                "multipath 1 queue_if_no_path 0 2 1 service-time 0 2 2 8:16 1 1 8:32 1 1 round-robin 0 1 1 8:48 1000");
        assertThat(mp.groups()).hasSize(2);
        assertThat(mp.groups().get(0).paths().get(1)).isEqualTo(new MultipathPath(DevRef.of(8, 32), List.of("1", "1")));
    }

    @Test
    void cryptKeyIsNeverPrinted() {
        String key = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
        CryptArgs c = (CryptArgs) parse("crypt aes-xts-plain64 " + key + " 0 8:16 4096");
        assertThat(c.key()).isEqualTo(key);
        assertThat(c.keyringKey()).isFalse();
        assertThat(c.params()).isEqualTo("aes-xts-plain64 " + "0".repeat(64) + " 0 8:16 4096");
        assertThat(c.toString()).doesNotContain("a1b2").contains("0".repeat(64));
        // as dmsetup prints them: masked keys (zeros, any length, "0" for an empty key) parse and re-render as is
        CryptArgs masked = (CryptArgs) parse("crypt aes-cbc-essiv:sha256 0 0 8:16 0");
        assertThat(masked.params()).isEqualTo("aes-cbc-essiv:sha256 0 0 8:16 0");
        assertThat(((CryptArgs) parse("crypt cipher_null - 0 8:16 0")).params()).isEqualTo("cipher_null 0 0 8:16 0");
        // keyring references name the key: size and type stay, the description is zeroed
        CryptArgs ring = (CryptArgs) parse("crypt aes-xts-plain64 :64:logon:cryptsetup:3f6a9c1e-d0 0 253:5 32768");
        assertThat(ring.keyringKey()).isTrue();
        assertThat(ring.params()).isEqualTo("aes-xts-plain64 :64:logon:" + "0".repeat(22) + " 0 253:5 32768");
        assertThat(ring.toString()).doesNotContain("cryptsetup:3f6a");
        IntegrityArgs i = (IntegrityArgs) parse("integrity 8:16 0 32 J 1 internal_hash:hmac(sha256):abcdef01");
        assertThat(i.params()).endsWith("internal_hash:hmac(sha256):00000000");
        assertThat(i.toString()).doesNotContain("abcdef01");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "linear 8:16|linear: missing offset (argument 2)",
            "linear 8:16 0 9|linear: unexpected extra argument(s) '9' at argument 3",
            "linear 8:16 x|linear: offset 'x' is not an unsigned decimal number",
            "linear sdb 0|linear: device: expected a device (major:minor or /path), got 'sdb'",
            "striped 0 128|striped: stripe count must be at least 1",
            "striped 2 0 8:16 0 8:32 0|striped: chunk size 0 must be 1..4294967295 sectors",
            "striped 2 128 8:16 0|striped: 2 stripes need 4 device/offset arguments, got 2",
            "snapshot 253:8 253:9 X 8|snapshot: persistence must be P, PO or N, got 'X'",
            "snapshot 253:8 253:9 P 12|snapshot: chunk size 12 is not a power of 2",
            "snapshot 253:8 253:9 P 8 1 discard_passdown_origin|snapshot: discard_passdown_origin needs discard_zeroes_cow",
            "snapshot-merge 253:8 253:9 N 8|snapshot-merge: snapshot-merge needs a persistent (P) exception store, got 'N'",
            "thin-pool 253:1 253:2 100 0 0|thin-pool: block size 100 must be a multiple of 128 in 128..2097152 sectors",
            "thin-pool 253:1 253:2 128 0 1 turbo|thin-pool: unknown thin-pool feature 'turbo'",
            "thin-pool 253:1 253:2 128 0 3 read_only|thin-pool: feature count 3 but only 1 argument(s) follow",
            "thin 253:3 16777216|thin: device id 16777216 out of range 0..16777215",
            "cache 253:1 253:2 253:3 100 0 smq 0|cache: block size 100 must be a multiple of 64 in 64..2097152 sectors",
            "cache 253:1 253:2 253:3 128 2 writeback writethrough smq 0|cache: more than one io mode among features [writeback, writethrough]",
            "cache 253:1 253:2 253:3 128 0 smq 1 x|cache: policy arguments must be key/value pairs, got 1 word(s)",
            "writecache x 253:1 253:2 4096 0|writecache: mode must be p or s, got 'x'",
            "writecache s 253:1 253:2 3000 0|writecache: block size 3000 must be a power of 2 in 512..4096 bytes",
            "crypt aes-xts-plain64 xyz 0 8:16 0|crypt: key must be hex digits (even count), '-' or a :<size>:<type>:<desc> keyring reference",
            "crypt aes-xts-plain64 - 0 8:16 0 1 sector_size:1000|crypt: sector_size must be a power of 2 in 512..4096, got 'sector_size:1000'",
            "mirror core 1 1024 1 8:16 0|mirror: mirror count 1 out of range 2..32",
            "raid raid7 1 0 1 - 8:16|raid: unknown raid type 'raid7'",
            "raid raid1 1 0 2 - 8:16|raid: 2 raid devices need 4 meta/data arguments, got 2",
            "delay 8:16 0 100 8:32|delay: expected 3, 6 or 9 arguments, got 4",
            "flakey 8:16 0 0 0|flakey: total (up + down) interval is zero",
            "multipath 0 0 1 2 round-robin 0 1 1 8:16 1000|multipath: initial priority group 2 out of range for 1 group(s)",
            "multipath 0 0 1 1 round-robin 0 1 1 8:16|multipath: group 1 path 1 needs 1 per-path argument(s)",
            "integrity 8:16 0 4 Q 0|integrity: mode must be D, J, B, R or I, got 'Q'",
            "verity 1 8:1 8:2 8192 4096 262144 0 sha256 00 -|verity: data block size 8192 must be a power of 2 in 512..4096 bytes",
            "verity 1 8:1 8:2 4096 4096 262144 0 sha256 xyz -|verity: root digest must be hex, got 'xyz'",
            "verity 1 8:1 8:2 4096 4096 1 0 sha256 00 -|verity: length 1179648 exceeds the 1 data blocks of 4096 bytes",
            "crypt aes-xts-plain64 - 0 8:16 1 1 sector_size:4096|crypt: offset 1 is not aligned to sector_size 4096 bytes",
            "zero 1|zero: unexpected extra argument(s) '1' at argument 1",
            "era 253:1 253:2|era: missing block size (argument 3)",
            "snapshot 253:8 253:8 P 8|snapshot: COW device 253:8 is the origin device; the kernel needs two devices",
            "snapshot 253:8 253:9 P 8388608|snapshot: chunk size 8388608 is too high (at most 4194303 sectors)",
            "thin 253:3 1 253:3|thin: external origin device 253:3 is the pool device",
            "cache 253:1 253:2 253:3 128 0 lru 0|cache: unknown policy 'lru', expected one of smq, mq, cleaner, default (or the model's own hitcount)",
            "crypt aes-xts-plain64 - 0 8:16 0 1 fast|crypt: unknown optional argument 'fast'",
            "mirror weird 1 1024 2 8:16 0 8:32 0|mirror: unknown log type 'weird', expected core, disk or userspace",
            "mirror core 1 1000 2 8:16 0 8:32 0|mirror: region size 1000 must be a power of 2 in 2..1179648 sectors (the target's length)",
            "mirror core 1 2097152 2 8:16 0 8:32 0|mirror: region size 2097152 must be a power of 2 in 2..1179648 sectors (the target's length)",
            "mirror core 1 1 2 8:16 0 8:32 0|mirror: region size 1 must be a power of 2 in 2..1179648 sectors (the target's length)",
            "mirror core 1 x 2 8:16 0 8:32 0|mirror: region size 'x' is not an unsigned 32-bit number",
            "mirror core 2 1024 maybe 2 8:16 0 8:32 0|mirror: log argument 'maybe' is neither sync nor nosync",
            "mirror core 3 1024 nosync block_on_error 2 8:16 0 8:32 0|mirror: core log needs <region_size> [sync or nosync], got 3 argument(s)",
            "mirror disk 1 253:4 2 8:16 0 8:32 0|mirror: disk log needs <log_dev> <region_size> [sync or nosync], got 1 argument(s)",
            "mirror core 1 1024 2 8:16 0 8:32 0 1 keep_log|mirror: keep_log needs the handle_errors feature",
            "raid raid5_ls 1 100 3 - 8:16 - 8:32 - 8:48|raid: chunk size 100 must be a power of 2 of at least 8 sectors",
            "raid raid0 1 4 2 - 8:16 - 8:32|raid: chunk size 4 must be a power of 2 of at least 8 sectors",
            "raid raid5_ls 1 128 6 - 8:16 - 8:32 - 8:48 - 8:64 - 8:80 - 8:96|raid: length 1179648 is not divisible by 5 data device(s) (6 devices, 1 for parity)",
            "raid raid6_zr 1 128 7 - 8:16 - 8:32 - 8:48 - 8:64 - 8:80 - 8:96 - 8:112|raid: length 1179648 is not divisible by 5 data device(s) (7 devices, 2 for parity)",
            "raid raid10 3 128 raid10_copies 3 2 - 8:16 - 8:32|raid: raid10_copies 3 needs 2..2 copies for 2 device(s)",
            "raid raid10 1 128 5 - 8:16 - 8:32 - 8:48 - 8:64 - 8:80|raid: length 1179648 x 2 copies is not divisible by 5 devices"})
    void badArgumentsNameTargetAndArgument(String line, String message) {
        assertThatThrownBy(() -> parse(line)).isInstanceOf(TargetArgException.class).hasMessage(message);
    }

    @Test
    void stripedLengthMustBeAMultipleOfChunkTimesStripes() {
        assertThatThrownBy(() -> parse("striped", "2 128 8:16 0 8:32 0", 1000))
                .hasMessage("striped: length 1000 is not a multiple of chunk 128 x 2 stripes");
        assertThat(parse("striped", "3 24 8:16 0 8:32 0 8:48 0", 72 * 10)).isInstanceOf(StripedArgs.class);
    }

    @Test
    void stripeMathMatchesKernelFormula() {
        StripedArgs s = (StripedArgs) parse("striped", "2 128 8:16 105121792 8:32 104859648", 104857600);
        assertThat(s.map(0)).isEqualTo(new MappedSector(0, DevRef.of(8, 16), 105121792));
        assertThat(s.map(127)).isEqualTo(new MappedSector(0, DevRef.of(8, 16), 105121792 + 127));
        assertThat(s.map(128)).isEqualTo(new MappedSector(1, DevRef.of(8, 32), 104859648));
        assertThat(s.map(256 + 5)).isEqualTo(new MappedSector(0, DevRef.of(8, 16), 105121792 + 128 + 5));
        assertThat(s.contiguous(130)).isEqualTo(126);
        // Non-power-of-two chunk and stripe count: every sector of the target lands on exactly one leg sector.
        StripedArgs odd = (StripedArgs) parse("striped", "3 24 8:16 0 8:32 1000 8:48 0", 72 * 4);
        boolean[][] hit = new boolean[3][24 * 4];
        for (long x = 0; x < 72 * 4; x++) {
            MappedSector m = odd.map(x);
            long onLeg = m.sector() - (m.leg() == 1 ? 1000 : 0);
            assertThat(hit[m.leg()][(int) onLeg]).isFalse();
            hit[m.leg()][(int) onLeg] = true;
        }
        assertThat(odd.map(24 * 3 + 25)).isEqualTo(new MappedSector(1, DevRef.of(8, 32), 1000 + 24 + 1));
    }

    @Test
    void linearMapsByOffset() {
        Segment seg = new Segment(1, 1000, 500, parse("linear 8:32 178268160"), 0);
        assertThat(seg.map(1000)).contains(new MappedSector(0, DevRef.of(8, 32), 178268160));
        assertThat(seg.map(1499)).contains(new MappedSector(0, DevRef.of(8, 32), 178268160 + 499));
        assertThat(seg.map(1500)).isEmpty();
        assertThat(new Segment(0, 0, 8, new ZeroArgs(), 0).map(0)).isEmpty();
    }

    @Test
    void devRefParsing() {
        assertThat(DevRef.parse("253:0")).isEqualTo(DevRef.of(253, 0));
        assertThat(DevRef.parse("/dev/sdb").path()).isEqualTo("/dev/sdb");
        assertThatThrownBy(() -> DevRef.parse("8:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DevRef.parse("4096:0")).isInstanceOf(IllegalArgumentException.class);
    }
}
