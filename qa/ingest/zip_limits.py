"""The zip behind a .docx or an .ofd, checked before any XML in it is parsed."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from qa.errors import DocumentUnreadable
from qa.ingest.limits import Reading, megabytes

# A .docx member larger than this that packs more than ZIP_RATIO times smaller
# is a zip bomb (real Word XML packs 5-20 times).
ZIP_BOMB_BYTES, ZIP_RATIO = 10_000_000, 100
# A .docx of 5 M characters has some 500,000 tags; a tree of this many
# still parses in well under 1 GB.
MAX_DOCX_TAGS = 2_000_000


def check_unpacked_size(path: Path, data: bytes, reading: Reading) -> None:
    """Refuse a .docx (or .ofd) whose parts unpack to more than the size limit, or far
    more than Word ever packs, before any XML is parsed (sizes from the zip
    directory; Python's zip reader never returns more than they say)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the reader below says so
    total = sum(m.file_size for m in members)
    if total > reading.limits.max_bytes:
        raise DocumentUnreadable(path.name, f"unpacks to {megabytes(total)}, over the "
                          f"{megabytes(reading.limits.max_bytes)} limit (QA_MAX_DOC_BYTES); not read")
    for m in members:
        if m.file_size > ZIP_BOMB_BYTES and m.file_size > ZIP_RATIO * max(m.compress_size, 1):
            raise DocumentUnreadable(path.name, f"{m.filename} unpacks {m.file_size // max(m.compress_size, 1)} times "
                              f"larger ({megabytes(m.file_size)}), which no Word or OFD file does; not read")
    tags = 0
    for m in members:  # the parsed tree's size follows its tags: count them first, unpacking as a stream
        if m.filename.endswith(".xml"):
            try:
                with archive.open(m) as part:
                    for block in iter(lambda: part.read(1 << 20), b""):
                        tags += block.count(b"<")
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
                return  # a damaged part: the reader below says so
            if tags > MAX_DOCX_TAGS:
                raise DocumentUnreadable(path.name, f"more than {MAX_DOCX_TAGS:,} XML tags, far more than "
                                  f"its text needs; not read")
