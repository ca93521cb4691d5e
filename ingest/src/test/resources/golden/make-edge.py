#!/usr/bin/env python3
"""Writes golden/edge/trace: hand-made per-CPU files for the corner cases of blkparse 1.2.0's file mode.

Run by make-golden.sh (then blkparse renders edge/default.txt). Covered:
  * the 512-record read-ahead: pid 2's PROCESS note sits after record 550 of sda CPU 0, so earlier pid-2 lines
    on CPU 2 print "(null)"; a record with a wrong cpu field counts toward the batch;
  * first PROCESS name wins; equal timestamps across CPUs (merge tie rules);
  * zero-length sda.blktrace.1 skipped; sda.blktrace.4 ignored because .3 is missing;
  * ABORT (Bad fs action), DRV_DATA, pc P (Bad pc action), pc D/C/R/Q with a CDB, a message with a NUL, a
    cgroup-flagged message, a record without category bits, X with a remainder above 2^32, EIO, UT, A, R, S, B;
  * a second input whose name is long enough to be cut in the summary titles.
"""
import os
import struct
import sys

MAGIC = 0x65617407
DEV_SDA = 8 << 20
DEV_LONG = (8 << 20) | 16
out = sys.argv[1]
os.makedirs(out, exist_ok=True)


class File:
    def __init__(self, cpu, dev):
        self.cpu, self.dev, self.seq, self.data = cpu, dev, 0, bytearray()

    def rec(self, time, action, sector=0, nbytes=0, pid=0, pdu=b"", seq=None, cpu=None, error=0):
        if seq is None:
            if action & (0x400 << 16):
                seq = 0
            else:
                self.seq += 1
                seq = self.seq
        self.data += struct.pack("<IIQQIIIIIHH", MAGIC, seq, time, sector, nbytes, action, pid, self.dev,
                                 self.cpu if cpu is None else cpu, error, len(pdu)) + pdu

    def process(self, time, pid, name):
        self.rec(time, 0x04000000, pid=pid, pdu=name.encode().ljust(16, b"\0")[:16])

    def write(self, name):
        with open(os.path.join(out, name), "wb") as f:
            f.write(self.data)


Q_R, Q_W, G_R, M_W, S_R, I_R, D_R, C_R, C_W, R_W = (0x00110001, 0x00120001, 0x00110004, 0x00120002,
    0x00110005, 0x0011000c, 0x01410007, 0x01810008, 0x01820008, 0x01220006)
c0 = File(0, DEV_SDA)
c0.process(1, 1, "one")
c0.process(2, 1, "renamed")
c0.process(3, 3, "a-very-long-command-name")
for i in range(600):
    c0.rec(1000 + 10 * i, Q_R if i % 3 else Q_W, sector=8 * i, nbytes=4096, pid=1 if i % 7 else 3)
    if i == 100:
        c0.rec(2001, Q_R, sector=5, nbytes=512, pid=1, seq=0, cpu=9)  # wrong cpu field: skipped, counted in batch
    if i == 550:
        c0.process(6500, 2, "two")
c0.write("sda.blktrace.0")
File(1, DEV_SDA).write("sda.blktrace.1")  # zero length: skipped, the scan goes on

c2 = File(2, DEV_SDA)
cdb = bytes([0x12, 0, 0, 0, 0x24, 0]) + bytes(10)
remap = struct.pack(">IIQ", (253 << 20) | 3, DEV_SDA, 123456789)
t = 1000  # equal to CPU 0's first time: tie
c2.rec(t, G_R, sector=0, nbytes=4096, pid=2)
c2.rec(t + 10, S_R, sector=8, nbytes=4096, pid=2)
c2.rec(t + 20, I_R, sector=8, nbytes=4096, pid=2)
c2.rec(t + 30, D_R, sector=8, nbytes=4096, pid=2)
c2.rec(t + 40, R_W, sector=8, nbytes=4096, pid=2)
c2.rec(t + 45, C_R, sector=8, nbytes=4096, pid=0, error=65531)
c2.rec(t + 50, 0x00100010 | (1 << 16), sector=8, nbytes=4096, pid=2)  # ABORT
c2.rec(t + 60, 0x40010011, sector=8, nbytes=4096, pid=2, pdu=b"\1\2\3")  # DRV_DATA
c2.rec(t + 70, 0x02010007, nbytes=36, pid=2, pdu=cdb)  # pc D
c2.rec(t + 80, 0x02810008, nbytes=36, pid=0, pdu=cdb)  # pc C
c2.rec(t + 90, 0x02210006, nbytes=36, pid=0, pdu=cdb)  # pc R
c2.rec(t + 100, 0x02110001, nbytes=36, pid=2)  # pc Q (blkparse adds its KiB to the fs read counter)
c2.rec(t + 110, 0x02100009, pid=2)  # pc P: Bad pc action
c2.rec(t + 120, 0x04000002, pdu=b"hello\0world")  # message, printed up to the NUL
c2.rec(t + 130, 0x04000102, pdu=bytes(8) + b"cgroup note")  # flagged: dropped by 1.2.0
c2.rec(t + 140, 0x0000000d, sector=8, nbytes=4096, pid=2, pdu=struct.pack(">Q", 16))  # no category bit
c2.rec(t + 150, 0x0011000d, sector=8, nbytes=4096, pid=2, pdu=struct.pack(">Q", (1 << 32) + 16))  # X
c2.rec(t + 160, 0x0010000b, pid=2, pdu=struct.pack(">Q", 3))  # UT
c2.rec(t + 170, 0x0011000f, sector=64, nbytes=8192, pid=2, pdu=remap)  # A
c2.rec(t + 180, 0x0011000e, sector=64, nbytes=8192, pid=2)  # B
c2.rec(t + 190, M_W, sector=72, nbytes=4096, pid=2)
c2.rec(t + 200, 0x00130003, sector=60, nbytes=4096, pid=2)  # F
c2.rec(t + 210, C_W, sector=0, nbytes=0, pid=0)  # C with no data: "sector [error]"
for i in range(40):  # pid 2 before and after its PROCESS note was read ahead
    c2.rec(2000 + 150 * i, Q_R, sector=100000 + 8 * i, nbytes=1 << 20, pid=2)
c2.write("sda.blktrace.2")
c4 = File(4, DEV_SDA)
c4.rec(5, Q_R, nbytes=512, pid=1)
c4.write("sda.blktrace.4")  # not read: sda.blktrace.3 is missing

lng = File(0, DEV_LONG)
for i in range(5):
    lng.rec(1500 + 10 * i, D_R, sector=8 * i, nbytes=4096, pid=0)
    lng.rec(1505 + 10 * i, C_R, sector=8 * i, nbytes=4096, pid=0)
lng.write("a-very-long-input-name-to-cut-in-titles.blktrace.0")
lng1 = File(1, DEV_LONG)
lng1.rec(1600, Q_W, sector=1000, nbytes=8192, pid=3)
lng1.write("a-very-long-input-name-to-cut-in-titles.blktrace.1")
