"""packaging/app_icons.py: the Windows .ico and macOS .icns the bundle's programs carry, made from the
committed icon PNGs; read back with Qt's own ICO reader and by walking the ICNS entries."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImageReader

from intercept_mapper.resources import ICON_SIZES, ICONS_DIR

REPO = Path(__file__).resolve().parents[2]


def _load():
    spec = importlib.util.spec_from_file_location("app_icons", REPO / "packaging" / "app_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


app_icons = _load()


def test_the_ico_holds_every_size_and_qt_reads_it(tmp_path: Path) -> None:
    ico, _ = app_icons.write_icons(ICONS_DIR, tmp_path)
    data = ico.read_bytes()
    assert struct.unpack("<HHH", data[:6]) == (0, 1, len(ICON_SIZES))
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, b"ico")
    sizes = []
    for index in range(reader.imageCount()):
        assert reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        sizes.append(image.width())
    assert sorted(sizes) == sorted(ICON_SIZES)


def test_the_icns_holds_each_png_under_its_type(tmp_path: Path) -> None:
    _, icns = app_icons.write_icons(ICONS_DIR, tmp_path)
    data = icns.read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    entries, offset = {}, 8
    while offset < len(data):
        kind, length = data[offset:offset + 4], struct.unpack(">I", data[offset + 4:offset + 8])[0]
        entries[kind] = data[offset + 8:offset + length]
        offset += length
    assert offset == len(data)
    for size, kind in app_icons.ICNS_TYPES.items():
        assert entries[kind] == (ICONS_DIR / f"intercept-mapper-{size}.png").read_bytes()


def test_not_a_png_or_too_big_is_refused() -> None:
    with pytest.raises(ValueError, match="not a PNG"):
        app_icons.png_size(b"GIF89a")
    big = app_icons.PNG_SIGNATURE + b"\0\0\0\rIHDR" + struct.pack(">II", 512, 512) + b"\0" * 9
    with pytest.raises(ValueError, match="at most 256"):
        app_icons.ico_bytes([big])
