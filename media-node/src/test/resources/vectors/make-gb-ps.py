#!/usr/bin/env python3
"""Writes an H.264/H.265 Annex-B elementary stream as a GB/T 28181 program stream (annex C), as
cameras send it: per frame a pack header, on key frames a system header and a program stream map
announcing the codec (stream_type 0x1B H.264, 0x24 H.265), then the frame in PES packets of at most
PES_MAX bytes, only the first with a PTS. Frames are split at access unit delimiters.

FFmpeg's own MPEG-PS muxer (-f mpeg, -f vob) cuts frames at 2048-byte packs with no regard to frame
boundaries, which no GB/T 28181 device does; hence this writer.

  ffmpeg -f lavfi -i testsrc2=size=320x240:rate=25 -t 4 -c:v libx265 -preset ultrafast \
      -x265-params keyint=25:min-keyint=25:bframes=0:crf=32:aud=1:info=0 -pix_fmt yuv420p -f hevc in.h265
  make-gb-ps.py in.h265 hevc 25 camera-320x240-h265.ps
"""
import sys

PES_MAX = 8000


def crc32_mpeg(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if crc & 0x80000000 else (crc << 1) & 0xFFFFFFFF
    return crc


def timestamp(prefix, t):
    return bytes([(prefix << 4) | ((t >> 29) & 0x0E) | 1, (t >> 22) & 0xFF, ((t >> 14) & 0xFE) | 1,
                  (t >> 7) & 0xFF, ((t << 1) & 0xFE) | 1])


def pack_header(scr):
    return b'\x00\x00\x01\xba' + bytes([
        0x44 | ((scr >> 27) & 0x38) | ((scr >> 28) & 0x03), (scr >> 20) & 0xFF,
        ((scr >> 12) & 0xF8) | 0x04 | ((scr >> 13) & 0x03), (scr >> 5) & 0xFF,
        ((scr << 3) & 0xF8) | 0x04, 0x01, 0x01, 0x89, 0xC3, 0xF8])


def system_header():
    body = bytes([0x80, 0x89, 0xC3, 0x04, 0xE1, 0xFF, 0xE0, 0xE0, 0x80])
    return b'\x00\x00\x01\xbb' + len(body).to_bytes(2, 'big') + body


def psm(stream_type):
    es = bytes([stream_type, 0xE0, 0, 0])
    body = bytes([0xE0, 0xFF, 0, 0]) + len(es).to_bytes(2, 'big') + es
    head = b'\x00\x00\x01\xbc' + (len(body) + 4).to_bytes(2, 'big') + body
    return head + crc32_mpeg(head).to_bytes(4, 'big')


def pes(payload, pts):
    header = bytes([0x80, 0x80, 5]) + timestamp(2, pts) if pts is not None else bytes([0x80, 0x00, 0])
    return b'\x00\x00\x01\xe0' + (len(header) + len(payload)).to_bytes(2, 'big') + header + payload


def nal_starts(es):
    i, out = 0, []
    while True:
        i = es.find(b'\x00\x00\x01', i)
        if i < 0:
            return out
        out.append(i + 3)
        i += 3


def main(src, codec, fps, dst):
    es = open(src, 'rb').read()
    hevc = codec == 'hevc'
    aud = 35 if hevc else 9
    starts = [s for s in nal_starts(es) if ((es[s] >> 1) & 0x3F if hevc else es[s] & 0x1F) == aud]
    starts.append(len(es) + 4)
    out = bytearray()
    for n in range(len(starts) - 1):
        begin = starts[n] - 4 if es[starts[n] - 4] == 0 else starts[n] - 3
        frame = es[begin:starts[n + 1] - 4 if n + 2 < len(starts) else len(es)]
        types = [((frame[s] >> 1) & 0x3F if hevc else frame[s] & 0x1F) for s in nal_starts(frame)]
        key = any(16 <= t <= 21 for t in types) if hevc else 5 in types
        pts = 90000 + n * 90000 // fps
        out += pack_header(pts - 3600)
        if key:
            out += system_header() + psm(0x24 if hevc else 0x1B)
        for i in range(0, len(frame), PES_MAX):
            out += pes(frame[i:i + PES_MAX], pts if i == 0 else None)
    open(dst, 'wb').write(out)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
