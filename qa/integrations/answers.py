"""What the MCP tools and Dify's /retrieval say, built from the public library only
(``qa.Index.ask(...).to_dict()``, ``Index.outline()``, ``Index.build``).

Relevance in 0–1 (``relevance``): the search's fused score ranks passages
relative to the best one of the same question (0.6·keyword/best + 0.4·dense
stretched from the median to the best), so on its own it says nothing about
whether the index answers the question at all. The score given to other
systems therefore folds in what the tool itself decided:

* the question is answered (``answerable``) and the passage is quoted in the
  answer (an answer sentence's ``result`` points at it): 0.5 + 0.5·r;
* answered, but this passage is only listed as a further source: 0.25 + 0.24·r;
* not answered (the passages are only the nearest ones): 0.24·r,

where r is the passage's fused score over the best fused score of the reply
(clipped to 0–1). So a score threshold of 0.5 keeps exactly the passages the
tool cites in its answer, 0.25 keeps every source of an answered question, and
0 keeps everything; Dify gets no records at all for an unanswered question.
"""
from __future__ import annotations

import functools
import inspect
import json
from pathlib import PurePosixPath

from qa.errors import BadSetting

CITED, LISTED = 0.5, 0.25  # the floors of the two upper bands (see above)
MAX_DEPTH = 6
MAX_READ_PARAGRAPHS = 60


# -- scores and sources -------------------------------------------------------------

def relevance(result: dict) -> list[float]:
    """The 0–1 relevance of each of ``result["results"]`` (a `qa ask --json` object), in order."""
    hits = result.get("results") or []
    if not hits:
        return []
    best = max(float(h.get("score") or 0.0) for h in hits)
    quoted = {s.get("result") for s in (result.get("answer") or {}).get("sentences", [])}
    if result.get("answerable") and not quoted & set(range(1, len(hits) + 1)):
        quoted = {1}  # answered from the tree without quoting: the first result is what it stands on
    scores = []
    for rank, hit in enumerate(hits, 1):
        r = min(max(float(hit.get("score") or 0.0) / best, 0.0), 1.0) if best > 0 else 0.0
        if result.get("answerable") and rank in quoted:
            score = CITED + (1 - CITED) * r
        elif result.get("answerable"):
            score = LISTED + (CITED - LISTED - 0.01) * r
        else:
            score = (LISTED - 0.01) * r
        scores.append(round(score, 4))
    return scores


def sources(result: dict) -> list[dict]:
    """Each result as a cited source: its number [n], the citation's fields, the quote and the relevance."""
    out = []
    for hit, score in zip(result.get("results") or [], relevance(result)):
        citation = dict(hit["citation"])
        also = citation.pop("also", [])
        out.append({"n": hit["rank"], **citation, "quote": hit["text"], "score": score, "also": also})
    return out


def place(source: dict) -> str:
    """Where a source stands, on one line: file · 第N篇《title》 › path · 第N段."""
    where = f"{source['file']} · 第{source['speech']}篇《{source['title']}》"
    if source.get("path"):
        where += " › " + " › ".join(source["path"])
    where += f" · 第{source['paragraph']}段"
    for key, name in (("speaker", "讲话人"), ("date", "日期")):
        if source.get(key):
            where += f" · {name}：{source[key]}"
    return where


def ask_text(result: dict) -> str:
    """The reply an assistant reads: the answer with [n] markers, then the numbered sources with their quotes."""
    lines = []
    if result.get("notice"):
        lines.append(f"（{result['notice']}）")
    answer = (result.get("answer") or {}).get("text") or ""
    if answer:
        lines.append(answer)
    if not result.get("answerable"):
        lines.append("（材料中没有找到这个问题的答案；下面是最接近的段落，仅供参考。"
                     " The documents do not answer this; the nearest passages follow.）")
    found = sources(result)
    if found:
        lines.append("\n来源 / Sources:")
        for s in found:
            lines.append(f"[{s['n']}] {place(s)} · 相关度 {s['score']:.2f}")
            lines.append(f"    “{s['quote']}”")
            for other in s["also"]:
                lines.append(f"    亦见 {place(other)}")
    return "\n".join(lines)


def filters(index) -> set[str]:
    """The filters ``index.ask`` takes (file and speech always; year and speaker where the library has them)."""
    return _filters(index.ask.__func__ if hasattr(index.ask, "__func__") else index.ask)


@functools.lru_cache(maxsize=8)
def _filters(ask) -> frozenset[str]:
    return frozenset(name for name in ("file", "speech", "year", "speaker")
                     if name in inspect.signature(ask).parameters)


# -- documents, outline, reading ------------------------------------------------------

def documents(index) -> list[dict]:
    """Every document with its speeches: file, and for each speech its number, title, points and paragraphs."""
    build = index.build
    out: dict[str, dict] = {}
    for speech in build.speeches:
        doc = out.setdefault(speech.file, {"file": speech.file, "speeches": []})
        doc["speeches"].append({"speech": speech.ordinal, "title": speech.title,
                                "points": len(build.directives(speech)), "paragraphs": len(speech.paragraphs)})
    return list(out.values())


def resolve_file(index, name: str | None) -> str | None:
    """The indexed file ``name`` means (its path, file name or name without extension); None for None.
    Raises BadSetting naming the documents when there is no such file, or several."""
    if name is None or name == "":
        return None
    files = sorted({s.file for s in index.build.speeches})
    if name in files:
        return name
    matches = [f for f in files if name in (PurePosixPath(f).name, PurePosixPath(f).stem)]
    if len(matches) == 1:
        return matches[0]
    shown = "、".join(matches or files[:20]) + ("…" if not matches and len(files) > 20 else "")
    raise BadSetting("file", f"{'one of the documents named so' if matches else 'a document of the index'}: "
                             f"{shown}", name)


def _speeches(index, file: str | None, speech: int | None) -> list:
    chosen = [s for s in index.build.speeches
              if (file is None or s.file == file) and (speech is None or s.ordinal == speech)]
    if not chosen and speech is not None:
        where = f" in {file}" if file else ""
        numbers = sorted({s.ordinal for s in index.build.speeches if file is None or s.file == file})
        raise BadSetting("speech", f"a speech number{where}: {', '.join(map(str, numbers))}", speech)
    return chosen


def _trimmed(nodes: list[dict], depth: int) -> list[dict]:
    if depth <= 0:
        return []
    return [{**n, "children": _trimmed(n["children"], depth - 1)} for n in nodes]


def outline(index, file: str | None = None, speech: int | None = None, depth: int = 2) -> list[dict]:
    """``qa outline --json`` of one document or speech (or all), down to ``depth`` levels of points."""
    if not 1 <= depth <= MAX_DEPTH:
        raise BadSetting("depth", f"an integer 1–{MAX_DEPTH}", depth)
    file = resolve_file(index, file)
    keys = {(s.file, s.ordinal) for s in _speeches(index, file, speech)}
    return [{**s, "directives": _trimmed(s["directives"], depth)} for s in index.outline()
            if (s["file"], s["speech"]) in keys]


def outline_text(tree: list[dict]) -> str:
    lines = []

    def walk(nodes: list[dict], level: int) -> None:
        for n in nodes:
            lines.append("  " * level + f"{n['title']}（第{n['paragraph']}段）")
            walk(n["children"], level + 1)

    for s in tree:
        lines.append(f"{s['file']} · 第{s['speech']}篇《{s['title']}》")
        walk(s["directives"], 1)
    return "\n".join(lines) if lines else "（没有讲话 / no speeches）"


def _find(nodes: list, wanted: str, speech) -> list:
    """The directive path (nodes from the top) that ``wanted`` names: titles or
    labels separated by › or /, as a citation's path is written; or one
    title, label or heading words anywhere in the tree."""
    parts = [p.strip() for p in wanted.replace("›", "/").split("/") if p.strip()]
    level, path = nodes, []
    for part in parts:
        match = next((d for d in level if part in (d.title, d.label, d.heading)), None)
        if match is None:
            break
        path.append(match)
        level = match.children
    else:
        if path:
            return path

    def search(level: list, trail: list) -> list:
        for d in level:
            if wanted in (d.title, d.label) or wanted in d.heading:
                return trail + [d]
            found = search(d.children, trail + [d])
            if found:
                return found
        return []

    found = search(nodes, [])
    if not found:
        tops = "、".join(d.title for d in nodes[:12]) or "（这篇讲话没有分点）"
        raise BadSetting("directive", f"a point of 第{speech.ordinal}篇 (its top points: {tops})", wanted)
    return found


def read(index, file: str | None = None, speech: int | None = None, directive: str | None = None,
         start: int | None = None, end: int | None = None) -> dict:
    """The text of one point (``directive``: its title, label or a path like 三/（二）),
    or of paragraphs ``start``–``end`` (at most MAX_READ_PARAGRAPHS) of one speech."""
    file = resolve_file(index, file)
    chosen = _speeches(index, file, speech)
    if len(chosen) != 1:
        names = "; ".join(f"{s.file} 第{s.ordinal}篇" for s in chosen[:10])
        more = "…" if len(chosen) > 10 else ""
        raise BadSetting("file/speech", f"one speech (there are {len(chosen)}: {names}{more})",
                         {"file": file, "speech": speech})
    s = chosen[0]
    out = {"file": s.file, "speech": s.ordinal, "title": s.title}
    if directive:
        path = _find(index.build.directives(s), directive, s)
        target = path[-1]
        first = target.paragraph
        last = first + s.text[target.start:target.end].rstrip("\n").count("\n")
        return {**out, "path": [d.title for d in path], "paragraphs": [first, last],
                "text": s.text[target.start:target.end].strip()}
    count = len(s.paragraphs)
    first = 1 if start is None else start
    last = min(count, first + MAX_READ_PARAGRAPHS - 1) if end is None else end
    if not 1 <= first <= count or not first <= last <= count:
        raise BadSetting("start/end", f"paragraphs within 1–{count}, start ≤ end", [start, end])
    if last - first + 1 > MAX_READ_PARAGRAPHS:
        raise BadSetting("start/end", f"at most {MAX_READ_PARAGRAPHS} paragraphs at once", [start, end])
    text = "\n".join(f"[{n}] {p}" for n, p in enumerate(s.paragraphs[first - 1:last], first))
    return {**out, "path": [], "paragraphs": [first, last], "text": text}


def read_text(found: dict) -> str:
    where = f"{found['file']} · 第{found['speech']}篇《{found['title']}》"
    if found["path"]:
        where += " › " + " › ".join(found["path"])
    first, last = found["paragraphs"]
    where += f" · 第{first}段" if first == last else f" · 第{first}–{last}段"
    return f"{where}\n\n{found['text']}"


# -- size ------------------------------------------------------------------------------

def capped(text: str, structured: object, max_chars: int) -> tuple[str, object | None]:
    """``text`` cut to ``max_chars`` with a notice saying so; ``structured``
    only when its JSON fits in ``max_chars`` too (else None: the text stands alone)."""
    if structured is not None and len(json.dumps(structured, ensure_ascii=False)) > max_chars:
        structured = None
    if len(text) <= max_chars:
        return text, structured
    notice = (f"\n…（结果过长，只给出前 {max_chars} 个字；请缩小范围，如指定文件、讲话或层数。"
              f" Cut at {max_chars} characters: narrow the request, e.g. a file, a speech or a smaller depth.）")
    return text[:max(0, max_chars - len(notice))] + notice, structured
