"""Draws the extension icon (a sync ring on Omni-ish blue) as PNGs at the sizes the manifest uses."""
import math, struct, zlib, sys

def png(size):
    rows = []
    c = (size - 1) / 2
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            dx, dy = x - c, y - c
            r = math.hypot(dx, dy) / (size / 2)
            corner = max(abs(dx), abs(dy)) / (size / 2)
            inside = corner <= 0.96
            a = math.atan2(dy, dx)
            ring = 0.48 <= r <= 0.70 and not (-0.35 < a < 0.15 or 2.8 < a or a < -2.95)
            arrow = (0.38 <= r <= 0.80) and (-0.35 < a < -0.05 or 2.8 < a < 3.05)
            if not inside:
                row += bytes([0, 0, 0, 0])
            elif ring or arrow:
                row += bytes([255, 255, 255, 255])
            else:
                row += bytes([19, 181, 234, 255])
        rows.append(bytes(row))
    raw = zlib.compress(b''.join(rows), 9)
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)) + chunk(b'IDAT', raw) + chunk(b'IEND', b'')

for size in (16, 32, 48, 128):
    with open(f'{sys.argv[1]}/{size}.png', 'wb') as f:
        f.write(png(size))
