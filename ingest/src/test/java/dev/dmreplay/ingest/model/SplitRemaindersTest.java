package dev.dmreplay.ingest.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SplitRemaindersTest {
    private static final int DEV = (8 << 20) | 16;
    private static final int QUEUE = (1 << 16) | 1; // any action: SplitRemainders only reads device, pid, sector

    private static BlockEvent split(int device, int pid, long sector, long remainder) {
        byte[] pdu = ByteBuffer.allocate(8).putLong(remainder).array();
        return new BlockEvent(0, 0, sector, 0, 13, pid, device, 0, 0, pdu);
    }

    private static BlockEvent q(int device, int pid, long sector) {
        return new BlockEvent(0, 0, sector, 4096, QUEUE, pid, device, 0, 0, null);
    }

    @Test
    void onlyTheTasksNextQOnThatDeviceAtTheRemaindersSectorIsARemainder() {
        SplitRemainders r = new SplitRemainders();
        r.split(split(DEV, 7, 0, 256));
        assertFalse(r.isRemainder(q(DEV, 8, 256)), "another task");
        assertFalse(r.isRemainder(q(DEV + 1, 7, 256)), "another device");
        assertTrue(r.isRemainder(q(DEV, 7, 256)));
        assertFalse(r.isRemainder(q(DEV, 7, 256)), "consumed");
    }

    @Test
    void anyOtherQOfTheTaskEndsTheWait() {
        SplitRemainders r = new SplitRemainders();
        r.split(split(DEV, 7, 0, 256));
        assertFalse(r.isRemainder(q(DEV, 7, 512)));
        assertFalse(r.isRemainder(q(DEV, 7, 256)), "the wait ended at the unrelated Q");
    }

    @Test
    void aLaterSplitReplacesTheEarlierAndPidsAreUnsigned() {
        SplitRemainders r = new SplitRemainders();
        r.split(split(DEV, -1, 0, 100));
        r.split(split(DEV, -1, 100, 200));
        r.split(split(0, 0, 0, -1L)); // key 0, remainder sector all ones
        assertTrue(r.isRemainder(q(DEV, -1, 200)));
        assertTrue(r.isRemainder(q(0, 0, -1L)));
    }

    @Test
    void splitWithoutItsPayloadIsIgnored() {
        SplitRemainders r = new SplitRemainders();
        r.split(new BlockEvent(0, 0, 0, 0, 13, 7, DEV, 0, 0, null));
        assertFalse(r.isRemainder(q(DEV, 7, 0)));
    }
}
