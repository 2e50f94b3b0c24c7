"""How a documents folder differs from the one a build was made from: the
one comparison of file hashes that the build report and the page's status
line both use."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DocChanges:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def compare_documents(built: dict[str, str], now: dict[str, str], leave_out: set[str] = frozenset()) -> DocChanges:
    """Compare file → SHA-256 maps (the manifest's ``documents`` against the
    folder's); files in ``leave_out`` (skipped, duplicates) are in no list."""
    changes = DocChanges()
    for name in sorted(now):
        if name in leave_out:
            continue
        bucket = (changes.unchanged if built.get(name) == now[name]
                  else changes.changed if name in built else changes.added)
        bucket.append(name)
    changes.removed = sorted(set(built) - set(now) - set(leave_out))
    return changes
