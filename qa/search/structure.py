"""The directive trees of a loaded index, and which passages make up each
directive: what whole-speech questions, bare-heading checks and answers
spanning the passage cut need. Built once per loaded index."""
from __future__ import annotations

from qa.models import Directive, Passage, containing, walk
from qa.search.sentences import normalized
from qa.search.title_words import naming_words


EMPTY_DEPTH = 8  # directive levels looked through for the one a passage is


class Structure:
    def __init__(self, index) -> None:
        self.index = index
        self._trees: dict[tuple[str, int], list[Directive]] = {}
        self._headings: dict[tuple[str, int], set[str]] = {}
        self._naming: dict[tuple[str, int], frozenset[str]] = {}
        self._rows: dict[tuple[str, int], list[int]] = {}
        for row, p in enumerate(index.passages):
            self._rows.setdefault((p.file, p.speech), []).append(row)
        self._by_text: dict[str, list[int]] = {}
        for row, p in enumerate(index.passages):
            self._by_text.setdefault(normalized(p.text), []).append(row)
        self._group_of: dict[int, list[int]] = {}
        for rows in self._rows.values():
            group: list[int] = []
            for row in rows:  # neighbouring passages of one directive make a group
                if group and index.passages[group[-1]].path != index.passages[row].path:
                    self._close(group)
                    group = []
                group.append(row)
            self._close(group)

    def _close(self, group: list[int]) -> None:
        for row in group:
            self._group_of[row] = group

    def tree(self, file: str, speech: int) -> list[Directive]:
        key = (file, speech)
        if key not in self._trees:
            s = self.index.speech(file, speech)
            self._trees[key] = self.index.directives(s) if s else []  # parsed once per loaded build
        return self._trees[key]

    def title_as_written(self, file: str, speech: int, d: Directive) -> str:
        """The directive's title with the question mark the speech writes after its heading
        (10、请介绍一下…扶持政策？ of a press conference's questions): the question as asked."""
        s = self.index.speech(file, speech)
        at = s.text.find(d.heading, d.body_start, d.body_end) if s and d.heading else -1
        after = s.text[at + len(d.heading):at + len(d.heading) + 1] if at >= 0 else ""
        return d.title + after if after in ("？", "?") else d.title

    def naming_words(self, file: str, speech: int) -> frozenset[str]:
        """The words of a document's title that few of its passages repeat (qa.search.title_words)."""
        key = (file, speech)
        if key not in self._naming:
            s = self.index.speech(file, speech)
            texts = [self.index.passages[r].text for r in self.rows(file, speech)]
            self._naming[key] = naming_words(s.title, texts) if s is not None else frozenset()
        return self._naming[key]

    def speeches(self, ordinal: int, file: str | None = None) -> list[tuple[str, int]]:
        """(file, ordinal) of the speeches with this ordinal (one per file)."""
        return [(s.file, s.ordinal) for s in self.index.speeches
                if s.ordinal == ordinal and (file is None or s.file == file)]

    def group(self, row: int) -> list[int]:
        """Rows of the passages cut from the same directive text as ``row``, in order."""
        return self._group_of.get(row, [row])

    def rows(self, file: str, speech: int) -> list[int]:
        return self._rows.get((file, speech), [])

    def row_at(self, file: str, speech: int, offset: int) -> int | None:
        """The passage holding character ``offset`` of a speech (or the next one after it)."""
        after = None
        for row in self.rows(file, speech):
            p = self.index.passages[row]
            if p.start <= offset < p.end:
                return row
            if after is None and p.start >= offset:
                after = row
        return after

    def rows_within(self, file: str, speech: int, d: Directive) -> list[int]:
        return [r for r in self.rows(file, speech)
                if self.index.passages[r].start < d.end and self.index.passages[r].end > d.start]

    def empty_section(self, passage: Passage) -> Directive | None:
        """The directive the passage is, when it is a heading with nothing under it (七、提案建议管理
        in minutes that record nothing on it): no points, no words past its heading line."""
        chain = containing(self.tree(passage.file, passage.speech), passage.start, EMPTY_DEPTH)
        d = chain[-1] if chain else None
        if d is None or d.children or d.end - d.start > len(d.title) + 2:
            return None
        return d if normalized(passage.text) == normalized(d.title) else None

    def is_bare_heading(self, passage: Passage, sentence: str) -> bool:
        """The sentence only states a directive's heading (第七，要有序做好开学准备。),
        and the directive says more than that."""
        key = (passage.file, passage.speech)
        if key not in self._headings:
            heads: set[str] = set()
            for _, d in walk(self.tree(*key)):
                if d.end - d.start > len(d.title) + 2:
                    heads.update({normalized(d.title), normalized(d.heading)})
            heads.discard("")
            self._headings[key] = heads
        return normalized(sentence) in self._headings[key]

    def copies(self, row: int) -> list[Passage]:
        """The same passage text standing in other speeches (for ``also``)."""
        me = self.index.passages[row]
        seen, out = {(me.file, me.speech)}, []
        for r in self._by_text.get(normalized(me.text), []):
            p = self.index.passages[r]
            if (p.file, p.speech) not in seen:
                seen.add((p.file, p.speech))
                out.append(p)
        return out
