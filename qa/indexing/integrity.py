"""Checks that an index build is the one its manifest describes.

The manifest records the SHA-256 and size of every file of the build; a
load hashes each file once and refuses one that differs (a replaced keyword
matrix changed the top answer silently before). The records themselves are
checked for shape and type, so a hand-edited or truncated file is named
instead of answering with nonsense.
"""
from __future__ import annotations

import functools
import hashlib
import sys
import types
import typing
from dataclasses import fields
from pathlib import Path

MANIFEST = "manifest.json"
CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_records(folder: Path) -> dict[str, dict]:
    """{relative path: {"sha256", "bytes"}} of every file of a build but the manifest."""
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): {"sha256": sha256_of(p), "bytes": p.stat().st_size}
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MANIFEST}


def mismatch(folder: Path, records: object, only: tuple[str, ...] | None = None) -> str | None:
    """Why the build's files differ from ``records`` (one phrase naming the file), or None.

    Sizes are compared first (no reading), then each file is hashed once.
    ``only`` limits the check to those files."""
    folder = Path(folder)
    if not isinstance(records, dict) or not records:
        return f"manifest {folder / MANIFEST} lists no file checksums"
    names = [n for n in records if only is None or n in only]
    for name in names:
        record = records[name]
        path = folder / name
        if not isinstance(record, dict) or ".." in Path(name).parts or Path(name).is_absolute():
            return f"manifest {folder / MANIFEST} has a bad entry for {name!r}"
        if not path.is_file():
            return f"index file {path} is missing"
        if path.stat().st_size != record.get("bytes"):
            return f"index file {path} has {path.stat().st_size} bytes, its manifest says {record.get('bytes')}"
    for name in names:
        path = folder / name
        if sha256_of(path) != records[name].get("sha256"):
            return f"index file {path} does not match its manifest checksum (changed after the build)"
    if only is None:
        extra = sorted(set(file_records_names(folder)) - set(records))
        if extra:
            return f"index file {folder / extra[0]} is not listed in its manifest"
    return None


def file_records_names(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in Path(folder).rglob("*")
            if p.is_file() and p.name != MANIFEST]


# -- record shapes -----------------------------------------------------------------------

def _checker(kind: object):
    """A fast test for values of ``kind`` (int, str, list[str] …; bool is not an int)."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        options = [_checker(k) for k in typing.get_args(kind)]
        return lambda v: any(check(v) for check in options)
    if kind is type(None):
        return lambda v: v is None
    if typing.get_origin(kind) is list:
        item = _checker(typing.get_args(kind)[0])
        return lambda v: type(v) is list and all(map(item, v))
    return lambda v: type(v) is kind


@functools.lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[tuple, frozenset]:
    hints = typing.get_type_hints(cls)
    checks = tuple((f.name, _checker(hints[f.name]),
                    hints[f.name].__name__ if isinstance(hints[f.name], type) else str(hints[f.name]))
                   for f in fields(cls))
    return checks, frozenset(name for name, _, _ in checks)


def record_problem(cls: type, record: object) -> str | None:
    """What is wrong with ``record`` as the fields of dataclass ``cls``, or None."""
    if not isinstance(record, dict):
        return f"expected an object, found {type(record).__name__}"
    checks, names = _fields(cls)
    optional = getattr(sys.modules.get(cls.__module__), "OPTIONAL", frozenset())
    if not (names - optional) <= record.keys() <= names:
        missing, extra = sorted(names - optional - record.keys()), sorted(record.keys() - names)
        return f"fields differ (missing {missing}, unexpected {extra})"
    for name, check, expected in checks:
        if name in record and not check(record[name]):
            return f"field '{name}' is {type(record[name]).__name__}, expected {expected}"
    return None
