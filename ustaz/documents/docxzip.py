""".docx bytes: python-docx's parts in python-docx's order, zipped here so that the compression of a part
every document shares is done once per process, and the same document is always the same bytes.

Every .docx made from the styled base document carries the template's parts unchanged: a 438 KB
``stylesWithEffects.xml``, the theme, the font table, the thumbnail, usually the styles. Deflating
them again for each document was a third of the cost of a program's .docx in the site build
(bench/RESULTS.md). The zip written here is the one ``zipfile`` writes for python-docx (the same
headers, deflate at zlib's default level, the same order), except that every entry is dated
1980-01-01 instead of the moment of writing — so a document whose content did not change is
byte-for-byte the file it was before (a site deploy uploads only what changed).
"""

from __future__ import annotations

import io
import struct
import zlib
from collections import OrderedDict
from typing import Any, Protocol

from docx.opc.pkgwriter import PackageWriter

_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile.structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # zipfile.structCentralDir
_END = struct.Struct("<4s4H2LH")  # zipfile.structEndArchive
_VERSION = 20  # zipfile.DEFAULT_VERSION: deflate
_UNIX = 3  # zipfile's create_system outside Windows
_DEFLATED = 8
_ATTRIBUTES = 0o600 << 16  # what ZipFile.writestr gives an entry
_DOS_TIME, _DOS_DATE = 0, (1 << 5) | 1  # 1980-01-01 00:00:00, the earliest date a zip can hold
_LIMIT = 0x7FFFFFFF  # beyond this zip64 would be needed; no document comes near it
_CACHED_PARTS = 48  # entries in the compression cache: the shared parts stay, one-off ones pass through


class _PackageWriting(Protocol):
    """The steps of ``PackageWriter.write`` that docx_bytes runs, typed (python-docx leaves two unannotated)."""

    @staticmethod
    def _write_content_types_stream(phys_writer: Any, parts: Any) -> None: ...

    @staticmethod
    def _write_pkg_rels(phys_writer: Any, pkg_rels: Any) -> None: ...

    @staticmethod
    def _write_parts(phys_writer: Any, parts: Any) -> None: ...


class _DeflateCache:
    """The deflated form and CRC of recently written part blobs, by content."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[bytes, tuple[int, bytes]] = OrderedDict()

    def get(self, blob: bytes) -> tuple[int, bytes]:
        hit = self._entries.get(blob)
        if hit is not None:
            self._entries.move_to_end(blob)
            return hit
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        entry = (zlib.crc32(blob), compressor.compress(blob) + compressor.flush())
        self._entries[blob] = entry
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return entry


_cache = _DeflateCache(_CACHED_PARTS)


class _ZipWriter:
    """The ``PhysPkgWriter`` interface python-docx's ``PackageWriter`` writes to: ``write`` and ``close``."""

    def __init__(self) -> None:
        self.out = io.BytesIO()
        self._central: list[bytes] = []

    def write(self, pack_uri: Any, blob: bytes) -> None:
        name: str = pack_uri.membername
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800
        crc, data = _cache.get(blob)
        offset = self.out.tell()
        if max(offset, len(blob), len(data)) > _LIMIT:
            raise ValueError(f"{name}: a part too large for a .docx")
        self.out.write(_LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, _DEFLATED, _DOS_TIME, _DOS_DATE, crc,
                                   len(data), len(blob), len(encoded), 0))
        self.out.write(encoded)
        self.out.write(data)
        self._central.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, flags, _DEFLATED, _DOS_TIME,
                                           _DOS_DATE, crc, len(data), len(blob), len(encoded), 0, 0, 0, 0,
                                           _ATTRIBUTES, offset) + encoded)

    def close(self) -> None:
        start = self.out.tell()
        for entry in self._central:
            self.out.write(entry)
        size = self.out.tell() - start
        self.out.write(_END.pack(b"PK\x05\x06", 0, 0, len(self._central), len(self._central), size, start, 0))


def docx_bytes(document: Any) -> bytes:
    """What ``document.save()`` writes, dated 1980-01-01; the same content gives the same bytes."""
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    zipped = _ZipWriter()
    writer: Any = zipped  # duck-typed PhysPkgWriter
    # PackageWriter.write with our writer in place of its zipfile one (python-docx is pinned in pyproject.toml)
    steps: _PackageWriting = PackageWriter
    steps._write_content_types_stream(writer, parts)
    steps._write_pkg_rels(writer, package.rels)
    steps._write_parts(writer, parts)
    zipped.close()
    return zipped.out.getvalue()
