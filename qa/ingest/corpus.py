"""Loading documents: encodings, compilation splitting, boilerplate removal."""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from qa.errors import DocumentUnreadable
from qa.ingest.files import read_bytes
from qa.ingest.docmeta import PAGE_SUFFIXES, describe, find_date, page_date, published_date, published_line
from qa.ingest.flat_tables import unflatten_tables
from qa.ingest.layout import front_matter_end, head_and_body, is_credit, is_front_matter
from qa.ingest.parts import split_parts, unspaced
from qa.ingest.roles import frame_paragraphs, is_frame_line
from qa.ingest.limits import Limits, Reading, display_name, megabytes, safe_text
from qa.ingest.readers import read_document
from qa.ingest.sources import attach_sources
from qa.models import Speech

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md"}

# 第三篇：标题 — a compilation's speech header (also 第3篇 / half-width colon).
SPEECH_HEADER = re.compile(r"^\s*第([一二三四五六七八九十百零〇两\d]+)篇(?:\s*[：:]|\s)\s*(.+?)\s*$")


@dataclass
class Skipped:
    file: str
    reason: str


@dataclass
class Duplicate:
    file: str
    same_as: str  # the byte-identical document that was indexed


@dataclass
class Corpus:
    """Everything found in a documents folder, file by file."""

    hashes: dict[str, str] = field(default_factory=dict)  # every file → SHA-256 of its bytes
    speeches: list[Speech] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # documents read only in part, and why


def normalize_line(line: str) -> str:
    """Trim whitespace (including full-width and NBSP) around a line."""
    return line.replace("\u00a0", " ").replace("\u3000", " ").strip()


def split_speeches(text: str, file: str, published: str = "", page_line: str = "") -> list[Speech]:
    """Split a document into speeches at 第X篇 lines; otherwise one speech.

    A speech without a title line (it opens with 一、… or with body text)
    is titled by its file name without extension. ``published``/``page_line``: the date a
    saved page gives its article, and its words for it (发布时间：2013年05月23日).
    """
    lines = [normalize_line(l) for l in text.splitlines()]
    lines = unflatten_tables([l for l in lines if l])
    front, lines = front_matter(lines)
    published = published_date(lines) or published
    # the page's 发布时间 stays as the first speech's frame (哪天发布的 is answered from it), without
    # the credits around it on its line
    page_line = next((said for l in lines if is_credit(l) and (said := published_line(l))), "") or page_line
    lines = [l for l in lines if not is_credit(l)]
    if not lines:
        return []
    headers = [i for i, l in enumerate(lines) if SPEECH_HEADER.match(l)]
    if not headers:
        return _parts(lines, file, front, published, page_line)
    speeches = []
    bounds = headers + [len(lines)]
    for n, (start, stop) in enumerate(zip(bounds, bounds[1:]), 1):
        title = SPEECH_HEADER.match(lines[start]).group(2)
        body = lines[start + 1 : stop]
        if body and _is_title_repeat(body[0], title):
            body = body[1:]
        head = []
        while body and is_front_matter(body[0]):
            head.append(body.pop(0))
        if body:
            speech = Speech(file=file, ordinal=n, title=title, paragraphs=head + body)
            speeches.append(_described(speech, head, published, lead=len(head)))
    return speeches


def _parts(lines: list[str], file: str, front: dict, published: str, page_line: str = "") -> list[Speech]:
    """One speech per part of a document without 第X篇 headers (qa.ingest.parts)."""
    speeches = []
    parts = split_parts(lines)
    shared = {}  # what a compilation's frame says for all its parts (date, meeting)
    if len(parts) > 1:
        framing = [l for l in lines if is_frame_line(l, near_edge=True)]
        shared = describe("", [], framing, "", "", front.get("date") or published).fields()
    for part in parts:
        fallback = front.get("title") or PurePosixPath(file).stem
        if part.kind == "main":
            title, body = head_and_body(part.lines, fallback)
            if front.get("title") and title != fallback and not _is_title_repeat(title, fallback):
                # the post's own title says what it is; its first line (**南开新闻网讯** （记者…) is text,
                # and so are the lines read as its byline or date after it
                start = part.lines.index(title) if title in part.lines else len(part.lines) - len(body) - 1
                title, body = fallback, part.lines[start:]
        else:
            title, body = part.title, part.lines[part.skip:]
            _, body = head_and_body(body, title)  # its speaker / date lines, if any
        # (a part's own title lines, where its start kept them, stay as its frame)
        head = [l for l in part.lines[part.skip: len(part.lines) - len(body)] if l != title or part.kind != "main"]
        # byline, speaker, date and note lines stay as the speech's frame: searchable, never content
        page = ([page_line] if page_line else []) + front.get("frame", []) if not speeches else []
        paragraphs = part.lead + page + head + (body or [title])
        # a title set letter-spaced (印发国 家 粮 食 应 急 预 案 的 函) is named by its words
        speech = Speech(file=file, ordinal=len(speeches) + 1, title=unspaced(title), paragraphs=paragraphs)
        speeches.append(_described(speech, head, front.get("date") or published,
                                   lead=len(part.lead) + len(page) + len(head),
                                   document=lines, shared=shared))
    return speeches


def _described(speech: Speech, head: list[str], published: str, lead: int = 0,
               document: list[str] | None = None, shared: dict | None = None) -> Speech:
    """The speech with its frame paragraphs and what it says about itself
    (qa.ingest.docmeta); ``shared``: a compilation's date and meeting, for a
    part that states none of its own (its date is the compilation's)."""
    speech.frame = frame_paragraphs(speech.paragraphs, lead)
    framed = [speech.paragraphs[n - 1] for n in speech.frame]
    first = next((p for i, p in enumerate(speech.paragraphs, 1) if i not in speech.frame), "")
    meta = describe(speech.title, head, framed, first, "\n".join(document or speech.paragraphs), published)
    shared = shared or {}
    if shared.get("date") and not any(find_date(t) for t in [speech.title, *head]):
        meta.date = shared["date"]
    meta.meeting = meta.meeting or shared.get("meeting", "")
    for key, value in meta.fields().items():
        setattr(speech, key, value)
    return speech


_FRONT_KEY = re.compile(r"^(title|date|标题|题目|发布日期|成文日期|日期)\s*[:：]\s*['\"]?(.*?)['\"]?\s*$")
_FRONT_KEYS = {"标题": "title", "题目": "title", "发布日期": "date", "成文日期": "date", "日期": "date"}
# 文号: 沪交科〔2023〕429号 / 发布单位: 上海市交通委员会: what a saved policy page says of the document,
# kept as its frame (文号是多少, 谁发的, a question naming it by its number)
_FRONT_FRAME = re.compile(r"^(文号|发文字号|发布单位|发文机关|发文单位|发布机构)\s*[:：]\s*(\S.*?)\s*$")


def front_matter(lines: list[str]) -> tuple[dict, list[str]]:
    """A Markdown file's YAML front matter (--- … ---): its title and date, and
    the lines after it."""
    end = front_matter_end(lines) - 1
    if end < 1:
        return {}, lines
    found: dict = {}
    for line in lines[1:end]:
        m = _FRONT_KEY.match(line)
        if m and m.group(2):
            key = _FRONT_KEYS.get(m.group(1), m.group(1))
            found[key] = _post_title(m.group(2)) if key == "title" else find_date(m.group(2))
        m = _FRONT_FRAME.match(line)
        if m:
            found.setdefault("frame", []).append(f"{m.group(1)}：{m.group(2)}")
    return found, lines[end + 1:]


def _post_title(title: str) -> str:
    """A post's title without the site (… | nankai.info); the section path before it (哈尔滨工程大学->…)
    names its publisher, kept where the headline does not already say it (学校召开… of 南开大学->南开大学召开…)."""
    title = max(re.split(r"\s+[|｜]\s+", title), key=len)
    *path, headline = [t.strip() for t in re.split(r"\s*(?:->|＞|>>)\s*", title)]
    return " ".join([t for t in path if t and t not in headline] + [headline])


def _is_title_repeat(line: str, title: str) -> bool:
    """The line under a 第X篇 header often repeats the title (…讲话范文)."""
    core = re.sub(r"(范文|全文|原文)$", "", line)
    if len(core) > len(title) + 10:
        return False
    if len(title) >= 4 and title in core and not re.search(r"[。，；：！？,;:!?]", core):
        return True  # 椰城社區規約 over a page titled 社區規約: the same title, written in full
    a, b = set(core), set(title)
    return len(a & b) / max(len(a | b), 1) >= 0.7


# What stands in the manifest for a link that is not followed (it is never read).
OUTSIDE_LINK = "link-outside-documents-folder"


def list_documents(docs_dir: Path) -> list[Path]:
    """Every file under ``docs_dir`` except hidden ones (or in hidden folders) and Word's ~$ lock files."""
    docs_dir = Path(docs_dir)
    return sorted(p for p in docs_dir.rglob("*")
                  if p.is_file() and not p.name.startswith("~$")
                  and not any(part.startswith(".") for part in p.relative_to(docs_dir).parts))


def is_folder_notes(path: Path) -> bool:
    """README.md / readme.txt: what a folder says about its documents (sources, licences),
    which answers no question about what they say."""
    return path.stem.lower() == "readme"


def named_documents(docs_dir: Path) -> list[tuple[Path, str]]:
    """Every document with the name it goes by everywhere: its path in the
    folder as valid Unicode (two names whose bad bytes read alike get ~2, ~3 …)."""
    out, taken = [], set()
    for path in list_documents(docs_dir):
        name = base = display_name(path.relative_to(docs_dir).as_posix())
        n = 1
        while name in taken:
            n += 1
            stem, dot, ext = base.rpartition(".")
            name = f"{stem}~{n}.{ext}" if dot and stem else f"{base}~{n}"
        taken.add(name)
        out.append((path, name))
    return out


def outside_link(path: Path, root: Path) -> bool:
    """A symbolic link (or a file in a linked folder) whose target lies outside ``root``."""
    try:
        return not path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop
        return True


def file_digest(path: Path) -> str:
    """SHA-256 of a file, read a megabyte at a time (a huge file is never held whole)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise DocumentUnreadable(path.name, f"cannot be read ({exc.strerror})") from exc
    return digest.hexdigest()


def file_hashes(docs_dir: Path) -> dict[str, str]:
    """Document name → SHA-256 of every document (cheap: no parsing; links outside are not read)."""
    docs_dir = Path(docs_dir)
    root = docs_dir.resolve()
    return {name: OUTSIDE_LINK if outside_link(p, root) else file_digest(p)
            for p, name in named_documents(docs_dir)}


def scan_documents(docs_dir: Path, limits: Limits | None = None, ocr_cache: Path | None = None,
                   progress: bool = False) -> Corpus:
    """Read every document under ``docs_dir``; unusable files are reported, not fatal.

    Byte-identical copies are read once: the first (in path order) is indexed,
    the others are listed as duplicates of it. A file over the size limit is
    skipped unread, a link to a file outside the folder is not followed, and a
    text longer than the character limit is cut (with a note). Pages
    recognised by OCR are cached in ``ocr_cache`` by content hash.
    """
    corpus, docs_dir = Corpus(), Path(docs_dir)
    limits = limits or Limits()
    root = docs_dir.resolve()
    first: dict[str, str] = {}  # digest → first file with it
    reasons: dict[str, str] = {}  # file → why it was skipped
    for path, rel in named_documents(docs_dir):
        if is_folder_notes(path):
            corpus.hashes[rel] = file_digest(path)
            _skip(corpus, reasons, rel, "the folder's README: notes about the documents, not one of them")
            continue
        if outside_link(path, root):
            corpus.hashes[rel] = OUTSIDE_LINK
            _skip(corpus, reasons, rel, "a link to a file outside the documents folder; not followed")
            continue
        try:
            size = path.stat().st_size
            if size > limits.max_bytes:
                corpus.hashes[rel] = file_digest(path)
                _skip(corpus, reasons, rel, f"{megabytes(size)}, over the {megabytes(limits.max_bytes)} limit "
                                            f"(QA_MAX_DOC_BYTES); not read")
                continue
            data = read_bytes(path)
        except (DocumentUnreadable, OSError) as exc:
            reason = _reason(exc, path.name) if isinstance(exc, DocumentUnreadable) else f"cannot be read ({exc.strerror})"
            _skip(corpus, reasons, rel, reason)
            continue
        digest = corpus.hashes[rel] = hashlib.sha256(data).hexdigest()
        if digest in first:
            original = first[digest]
            if original in reasons:  # the same unusable bytes again
                _skip(corpus, reasons, rel, reasons[original])
            else:
                corpus.duplicates.append(Duplicate(rel, original))
                log.info("duplicate %s: same bytes as %s", rel, original)
            continue
        first[digest] = rel
        reading = Reading(rel, limits, cache_dir=ocr_cache, digest=digest, progress=progress)
        try:
            text = read_document(path, data, reading)
            published, page_line = page_date(data) if path.suffix.lower() in PAGE_SUFFIXES else ("", "")
            del data
            if len(text) > limits.max_chars:
                reading.notes.append(f"cut at {limits.max_chars:,} characters (QA_MAX_DOC_CHARS)")
                text = text[:limits.max_chars]
            found = split_speeches(text, rel, published, page_line)
            attach_sources(found, text, reading.sources)
        except DocumentUnreadable as exc:
            _skip(corpus, reasons, rel, _reason(exc, path.name))
            continue
        corpus.notes += [f"{rel}: {safe_text(n)}" for n in reading.notes]
        if not found:
            _skip(corpus, reasons, rel, "no text")
        corpus.speeches.extend(found)
    return corpus


def _reason(exc: DocumentUnreadable, name: str) -> str:
    return exc.reason or str(exc)


def _skip(corpus: Corpus, reasons: dict[str, str], rel: str, reason: str) -> None:
    reason = safe_text(reason)
    reasons[rel] = reason
    corpus.skipped.append(Skipped(rel, reason))
    log.info("skipped %s: %s", rel, reason)


def load_speeches(docs_dir: Path) -> tuple[list[Speech], list[Skipped]]:
    """Every speech under ``docs_dir``, and the files that could not be used."""
    corpus = scan_documents(docs_dir)
    return corpus.speeches, corpus.skipped
