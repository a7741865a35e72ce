"""The app icon in the containers Windows and macOS want, made from the committed PNGs (no Pillow).

PyInstaller sets a Windows program's icon from an ``.ico`` and a macOS app's from an ``.icns``; it
can convert a PNG only with Pillow, which the app does not need. Both formats may hold PNG images as
they are, so the committed renders of ``resources/icons/intercept-mapper.svg`` go in unchanged:

- ICO: a 6-byte header, one 16-byte entry per image (width and height 0 mean 256), then the PNGs.
- ICNS: ``icns`` and the file's length, then per image a 4-letter type, the entry's length, the PNG.
"""

from __future__ import annotations

import struct
from pathlib import Path

# ICNS types that hold a PNG of this many pixels square (Apple's "icp4".."ic08"; 48 has no PNG type).
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its IHDR chunk."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    return struct.unpack(">II", data[16:24])


def ico_bytes(pngs: list[bytes]) -> bytes:
    """An ICO file holding ``pngs`` (each at most 256 pixels square), smallest first."""
    images = sorted(pngs, key=png_size)
    header = struct.pack("<HHH", 0, 1, len(images))  # reserved, type 1 (icon), count
    offset = len(header) + 16 * len(images)
    entries, payload = b"", b""
    for data in images:
        width, height = png_size(data)
        if width > 256 or height > 256:
            raise ValueError(f"an ICO image is at most 256 pixels square, not {width}x{height}")
        # width, height (0 is 256), colours (0: not a palette), reserved, planes, bits per pixel, size, offset
        entries += struct.pack("<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + entries + payload


def icns_bytes(pngs: list[bytes]) -> bytes:
    """An ICNS file holding those of ``pngs`` whose size has a PNG type (16, 32, 64, 128, 256)."""
    body = b""
    for data in sorted(pngs, key=png_size):
        width, height = png_size(data)
        kind = ICNS_TYPES.get(width) if width == height else None
        if kind is not None:
            body += kind + struct.pack(">I", 8 + len(data)) + data
    if not body:
        raise ValueError("no image of a size ICNS holds as PNG")
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icons(icons_dir: Path, target_dir: Path, name: str = "intercept-mapper") -> tuple[Path, Path]:
    """``NAME.ico`` and ``NAME.icns`` in ``target_dir`` from ``icons_dir/NAME-SIZE.png``."""
    pngs = [path.read_bytes() for path in sorted(icons_dir.glob(f"{name}-*.png"))]
    if not pngs:
        raise FileNotFoundError(f"no {name}-SIZE.png in {icons_dir}")
    target_dir.mkdir(parents=True, exist_ok=True)
    ico, icns = target_dir / f"{name}.ico", target_dir / f"{name}.icns"
    ico.write_bytes(ico_bytes(pngs))
    icns.write_bytes(icns_bytes(pngs))
    return ico, icns
