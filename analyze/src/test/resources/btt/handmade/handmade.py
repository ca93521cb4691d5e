#!/usr/bin/env python3
"""Writes bp.bin: a hand-made blkparse -d style dump (little-endian, times from 0) exercising btt's corner
cases: a Q replacing a stale Q at the same start sector, a nested Q hidden from a completion by the tree walk,
zero-byte records, a pre-culled device, requeue, sleep, plugs and timer unplugs, process names with '/', a
message note, a split dm bio and remaps. Usage: python3 handmade.py > bp.bin"""
import struct, sys

SDA, SDB, DM0 = (8 << 20) | 0, (8 << 20) | 16, (253 << 20) | 0
TC = {'R': 0x1, 'W': 0x2, 'S': 0x8, 'Q': 0x10, 'RQ': 0x20, 'D': 0x40, 'C': 0x80, 'FS': 0x100, 'N': 0x400}
ACT = {'Q': (1, 'Q'), 'M': (2, 'Q'), 'G': (4, 'Q'), 'S': (5, 'Q'), 'R': (6, 'RQ'), 'D': (7, 'D'), 'C': (8, 'C'),
       'P': (9, 'Q'), 'U': (10, 'Q'), 'T': (11, 'Q'), 'I': (12, 'Q'), 'X': (13, None), 'A': (15, 'Q')}
out = []
seq = [0]


def rec(t, dev, kind, sector=0, nsect=0, pid=100, pdu=b'', write=True):
    code, cat = ACT[kind]
    bits = TC['W'] if write else TC['R']
    if cat:
        bits |= TC[cat]
    if kind in 'DCR':
        bits |= TC['FS']
    seq[0] += 1
    out.append(struct.pack('<IIQQIIIIIHH', 0x65617407, seq[0], t, sector, nsect * 512, (bits << 16) | code, pid,
                           dev, 0, 0, len(pdu)) + pdu)


def note(kind, pid, text, dev=SDA, t=0):
    code = {'process': 0, 'message': 2}[kind]
    pdu = text.encode() + (b'\0' * (16 - len(text)) if kind == 'process' else b'')
    out.append(struct.pack('<IIQQIIIIIHH', 0x65617407, 0, t, 0, 0, (TC['N'] << 16) | code, pid, dev, 0, 0,
                           len(pdu)) + pdu)


def remap(t, lower, lsec, n, upper, usec, pid=100):
    rec(t, lower, 'A', lsec, n, pid, struct.pack('>IIQ', upper, lower, usec))


note('process', 100, 'fio')
note('process', 200, 'kworker/1:1H')
note('process', 201, 'kworker/0:2')
t = 1000
# sdb: D and C before any Q are pre-culled; then normal life
rec(t, SDB, 'D', 500, 8); t += 100
rec(t, SDB, 'C', 500, 8, 0); t += 100
rec(t, SDB, 'Q', 0, 0, 201); t += 100                     # zero-byte Q: ignored, does not end pre-culling
rec(t, SDB, 'Q', 600, 8, 201); t += 50
rec(t, SDB, 'S', 600, 8, 201); t += 400
rec(t, SDB, 'G', 600, 8, 201); t += 50
rec(t, SDB, 'P', 0, 0, 201); t += 30
rec(t, SDB, 'I', 600, 8, 201); t += 30
rec(t, SDB, 'U', 0, 0, 201, struct.pack('>Q', 1)); t += 30
rec(t, SDB, 'D', 600, 8, 201); t += 70
rec(t, SDB, 'R', 600, 8, 201); t += 70
rec(t, SDB, 'D', 600, 8, 201); t += 900
rec(t, SDB, 'C', 600, 8, 0); t += 100
# dm0: a bio split in two; the whole Q stays queued forever (wider than any completion)
rec(t, DM0, 'Q', 1000, 16); t += 20
rec(t, DM0, 'X', 1000, 8, pdu=struct.pack('>Q', 1008)); t += 20
remap(t, SDA, 5000, 8, DM0, 1000); t += 20
rec(t, SDA, 'Q', 5000, 8); t += 20
rec(t, SDA, 'G', 5000, 8); t += 20
rec(t, SDA, 'I', 5000, 8); t += 20
rec(t, DM0, 'Q', 1008, 8); t += 20
remap(t, SDA, 6000, 8, DM0, 1008); t += 20
rec(t, SDA, 'Q', 6000, 8); t += 20
rec(t, SDA, 'G', 6000, 8); t += 20
rec(t, SDA, 'I', 6000, 8); t += 20
rec(t, SDA, 'D', 5000, 8, 200); t += 20
rec(t, SDA, 'D', 6000, 8, 200); t += 800
rec(t, SDA, 'C', 5000, 8, 0); t += 20
rec(t, DM0, 'C', 1000, 8, 0); t += 300
rec(t, SDA, 'C', 6000, 8, 0); t += 20
rec(t, DM0, 'C', 1008, 8, 0); t += 500
# a new Q at the start sector of the stale whole Q replaces it
rec(t, DM0, 'Q', 1000, 8, 200); t += 20
remap(t, SDA, 5000, 8, DM0, 1000, 200); t += 20
rec(t, SDA, 'Q', 5000, 8, 200); t += 20
rec(t, SDA, 'G', 5000, 8, 200); t += 20
rec(t, SDA, 'P', 0, 0, 200); t += 20
rec(t, SDA, 'Q', 5008, 8, 100); t += 20
rec(t, SDA, 'M', 5008, 8, 100); t += 20
rec(t, SDA, 'T', 0, 0, 200, struct.pack('>Q', 1)); t += 20
rec(t, SDA, 'I', 5000, 16, 200); t += 20
rec(t, SDA, 'D', 5000, 16, 200); t += 1500
rec(t, SDA, 'C', 5000, 16, 0); t += 20
rec(t, DM0, 'C', 1000, 8, 0); t += 20
note('message', 0, 'hello from the handmade trace', SDA, t); t += 100
# nested ranges on sda: [9000,9016) stays queued; [9008,9016) sits in its right subtree and a completion of
# exactly [9008,9016) cannot reach it (btt's walk does not go right when the ends are equal)
rec(t, SDA, 'Q', 9000, 16, 100); t += 20
rec(t, SDA, 'Q', 9008, 8, 100); t += 20
rec(t, SDA, 'D', 9008, 8, 200); t += 600
rec(t, SDA, 'C', 9008, 8, 0); t += 20
rec(t, SDA, 'Q', 12000, 8, 100); t += 30
rec(t, SDA, 'G', 12000, 8, 100); t += 30
rec(t, SDA, 'P', 0, 0, 100); t += 1000
rec(t, SDA, 'D', 12000, 8, 200); t += 3000
rec(t, SDA, 'C', 12000, 8, 0); t += 20
sys.stdout.buffer.write(b''.join(out))
