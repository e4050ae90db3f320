#!/usr/bin/env python3
"""Writes an H.264/H.265 Annex-B elementary stream, and an audio one if given (G.711 A-law or mu-law
raw, or AAC in ADTS), as a GB/T 28181 program stream (annex C), as cameras send it: per frame a pack
header, on key frames a system header and a program stream map announcing the codecs (stream_type
0x1B H.264, 0x24 H.265; 0x90 G.711A, 0x91 G.711U, 0x0F AAC), then the frame in PES packets of at most
PES_MAX bytes, only the first with a PTS. Video frames are split at access unit delimiters; audio
goes in packs of its own (stream 0xC0) by its PTS, G.711 in 40 ms PES packets, AAC an ADTS frame each.

FFmpeg's own MPEG-PS muxer (-f mpeg, -f vob) cuts frames at 2048-byte packs with no regard to frame
boundaries, which no GB/T 28181 device does; hence this writer.

  ffmpeg -f lavfi -i testsrc2=size=320x240:rate=25 -t 4 -c:v libx265 -preset ultrafast \
      -x265-params keyint=25:min-keyint=25:bframes=0:crf=32:aud=1:info=0 -pix_fmt yuv420p -f hevc in.h265
  ffmpeg -f lavfi -i sine=frequency=440:sample_rate=8000 -t 4 -c:a pcm_alaw -f alaw in.alaw
  make-gb-ps.py in.h265 hevc 25 camera-320x240-h265-g711a.ps in.alaw alaw

  ffmpeg -f lavfi -i testsrc2=size=320x240:rate=25 -t 4 -c:v libx264 -preset ultrafast \
      -x264-params keyint=25:min-keyint=25:bframes=0:crf=32:aud=1 -pix_fmt yuv420p -f h264 in.h264
  ffmpeg -f lavfi -i sine=frequency=440:sample_rate=16000 -t 4 -c:a aac -b:a 32k -f adts in.aac
  make-gb-ps.py in.h264 h264 25 camera-320x240-h264-aac.ps in.aac aac
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


def psm(stream_type, audio_type):
    es = bytes([stream_type, 0xE0, 0, 0]) + (bytes([audio_type, 0xC0, 0, 0]) if audio_type else b'')
    body = bytes([0xE0, 0xFF, 0, 0]) + len(es).to_bytes(2, 'big') + es
    head = b'\x00\x00\x01\xbc' + (len(body) + 4).to_bytes(2, 'big') + body
    return head + crc32_mpeg(head).to_bytes(4, 'big')


def pes(payload, pts, stream_id=0xE0):
    header = bytes([0x80, 0x80, 5]) + timestamp(2, pts) if pts is not None else bytes([0x80, 0x00, 0])
    return b'\x00\x00\x01' + bytes([stream_id]) + (len(header) + len(payload)).to_bytes(2, 'big') + header + payload


AAC_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350]


def audio_frames(path, kind):
    """(pts, bytes) of each audio PES: G.711 40 ms at 8 kHz, AAC one ADTS frame of 1024 samples."""
    data = open(path, 'rb').read()
    out = []
    if kind in ('alaw', 'ulaw'):
        for n, i in enumerate(range(0, len(data), 320)):
            out.append((90000 + n * 3600, data[i:i + 320]))
        return out
    i = n = 0
    while i + 7 <= len(data):
        assert data[i] == 0xFF and data[i + 1] & 0xF0 == 0xF0, 'not ADTS at %d' % i
        rate = AAC_RATES[(data[i + 2] >> 2) & 0x0F]
        length = ((data[i + 3] & 0x03) << 11) | (data[i + 4] << 3) | (data[i + 5] >> 5)
        out.append((90000 + n * 1024 * 90000 // rate, data[i:i + length]))
        i += length
        n += 1
    return out


def nal_starts(es):
    i, out = 0, []
    while True:
        i = es.find(b'\x00\x00\x01', i)
        if i < 0:
            return out
        out.append(i + 3)
        i += 3


def main(src, codec, fps, dst, audio_src=None, audio_kind=None):
    es = open(src, 'rb').read()
    audio = audio_frames(audio_src, audio_kind) if audio_src else []
    audio_type = {'alaw': 0x90, 'ulaw': 0x91, 'aac': 0x0F}.get(audio_kind)
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
        while audio and audio[0][0] < pts:
            apts, payload = audio.pop(0)
            out += pack_header(apts - 3600) + pes(payload, apts, 0xC0)
        out += pack_header(pts - 3600)
        if key:
            out += system_header() + psm(0x24 if hevc else 0x1B, audio_type)
        for i in range(0, len(frame), PES_MAX):
            out += pes(frame[i:i + PES_MAX], pts if i == 0 else None)
    open(dst, 'wb').write(out)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], *sys.argv[5:7])
