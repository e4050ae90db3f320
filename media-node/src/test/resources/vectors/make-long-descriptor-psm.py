#!/usr/bin/env python3
"""Rewrites every program stream map of a GB/T 28181 PS capture as some real 1080p cameras write it:
the video entry (stream 0xE0) gets an es_info of 16 bytes, a 12-byte AVC timing and HRD descriptor
(tag 0x2A, ISO/IEC 13818-1 2.6.66) followed by the bytes 90 C0 00 00, which a parser walking the
descriptors reads as tag 0x90 with length 192, running past es_info (ZLMediaKit asserts on it). Every
other byte of the capture is kept; the map's lengths and CRC_32 are written anew.

  make-long-descriptor-psm.py camera-320x240-h264-aac.ps camera-320x240-h264-long-descriptor.ps
  make-long-descriptor-psm.py camera-320x240-h265-g711a.ps camera-320x240-h265-long-descriptor.ps
"""
import importlib.util
import os
import sys

# the CRC_32 of MPEG-2 systems, as the capture writer computes it
_spec = importlib.util.spec_from_file_location('make_gb_ps', os.path.join(os.path.dirname(__file__), 'make-gb-ps.py'))
_writer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_writer)
crc32_mpeg = _writer.crc32_mpeg

ES_INFO = bytes.fromhex('2a0a7fff000007081ffea05a') + bytes.fromhex('90c00000')


def rewrite_psm(psm):
    """psm: the whole map, start code to CRC. Returns it with the video entry's es_info replaced."""
    body = psm[6:-4]
    info_len = int.from_bytes(body[2:4], 'big')
    head = body[:4 + info_len]
    map_len = int.from_bytes(body[4 + info_len:6 + info_len], 'big')
    q = 6 + info_len
    end = q + map_len
    entries = b''
    while q + 4 <= end:
        stream_type, stream_id = body[q], body[q + 1]
        es_len = int.from_bytes(body[q + 2:q + 4], 'big')
        es_info = ES_INFO if stream_id == 0xE0 else body[q + 4:q + 4 + es_len]
        entries += bytes([stream_type, stream_id]) + len(es_info).to_bytes(2, 'big') + es_info
        q += 4 + es_len
    new_body = head + len(entries).to_bytes(2, 'big') + entries
    out = b'\x00\x00\x01\xbc' + (len(new_body) + 4).to_bytes(2, 'big') + new_body
    return out + crc32_mpeg(out).to_bytes(4, 'big')


def main(src, dst):
    ps = open(src, 'rb').read()
    out = bytearray()
    i = 0
    maps = 0
    while True:
        j = ps.find(b'\x00\x00\x01\xbc', i)
        if j < 0:
            out += ps[i:]
            break
        length = int.from_bytes(ps[j + 4:j + 6], 'big')
        out += ps[i:j] + rewrite_psm(ps[j:j + 6 + length])
        i = j + 6 + length
        maps += 1
    open(dst, 'wb').write(out)
    print('%s: %d maps rewritten, %d bytes' % (dst, maps, len(out)))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
