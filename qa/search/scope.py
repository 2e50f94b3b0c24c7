"""Which speech a question is answered from, and the notice that says so:
a speech named in the question wins over the chosen filter, and every reply
under a filter says which one was used."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from qa.models import numbered
from qa.numerals import to_chinese
from qa.search.cite import speech_name


@dataclass
class Scope:
    """Where a question is answered: a speech, a file, the rows of a part it names.

    ``problem`` is set when the scope cannot be (no such file or speech, a
    part named without its speech): the reply is then that one sentence."""

    speech: int | None = None
    file: str | None = None
    part_rows: list[int] | None = None
    notice: str = ""
    problem: str = ""


def choose_scope(build, structure, query, chosen: int | None, named: int | None, file: str | None,
                 notices: list[str], referenced: tuple | None = None) -> Scope:
    """The scope stage: the filter, the speech the question names (or its
    conversation carries), the document a file name means, the part asked for.
    ``referenced``: (speech, file, notice) of a document the question names by
    title, type, speaker or year (qa.search.doc_scope), which wins."""
    speech, scope_notice = choose_speech(chosen, named, query.speech, file)
    if referenced is not None:
        speech, file, scope_notice = referenced
    notice = " ".join(notices + ([scope_notice] if scope_notice else []))
    if file is not None:
        file, problem = document(build.files, file)
        if problem:
            return Scope(problem=problem)
    if speech is not None and not ((file, speech) in build.speech_keys if file is not None
                                   else speech in build.speech_numbers):
        where = f"《{file}》中" if file is not None else ""
        return Scope(problem=f"{where}没有第{speech}篇讲话。")
    if query.part and query.structural and speech is None and len(build.speech_keys) > 1:
        n = "".join(f"第{to_chinese(n)}{unit}" for n, unit in zip(query.part, query.units))
        where = (f"请加上“第几篇”（共有{len(build.speech_numbers)}篇讲话）" if len(build.files) == 1 else
                 f"请说明是哪一份文档（共有{len(build.files)}份），例如写出标题、类型或讲话人")
        return Scope(problem=f"问题问的是{n}，但没有说是哪一篇讲话；{where}。")
    rows = part_rows(structure, speech, query.part, file, query.units) if query.part and speech is not None else None
    return Scope(speech, file, rows, notice)


def part_rows(structure, speech: int, part: list[int], file: str | None = None,
              units: list[str] | None = None) -> list[int]:
    """Rows of the passages inside the n-th directive (its m-th child …) of a speech."""
    for key in structure.speeches(speech, file)[:1]:
        chain = numbered(structure.tree(*key), part, units)
        return structure.rows_within(*key, chain[-1]) if chain else []
    return []


def document(files: list[str], name: str) -> tuple[str | None, str]:
    """The indexed file a name means (its path, file name or name without
    extension), or a sentence saying there is none or several."""
    if name in files:
        return name, ""
    matches = [f for f in files if name in (PurePosixPath(f).name, PurePosixPath(f).stem)]
    if len(matches) == 1:
        return matches[0], ""
    if matches:
        return None, f"有多个文档名为“{name}”：{'、'.join(matches)}，请写出完整路径。"
    return None, f"索引中没有名为“{name}”的文档。"


def choose_speech(chosen: int | None, named: int | None, inherited: int | None, file: str | None = None
                  ) -> tuple[int | None, str]:
    """(speech to search, notice). ``chosen`` is the filter, ``named`` the
    speech the question itself names, ``inherited`` one from the conversation."""
    if named is not None and chosen is not None and named != chosen:
        return named, (f"问题中指明了{speech_name(named)}，已按{speech_name(named)}回答，"
                       f"没有按所选的“只看{speech_name(chosen)}”筛选。" + filter_notice(None, file))
    if named is not None:
        return named, filter_notice(chosen, file)
    if chosen is not None:
        return chosen, filter_notice(chosen, file)
    return inherited, filter_notice(None, file)


def filter_notice(speech: int | None, file: str | None) -> str:
    scope = _scope(speech, file)
    return f"按所选范围回答：只看{scope}。" if scope else ""


def _scope(speech: int | None, file: str | None) -> str:
    return "、".join(([speech_name(speech)] if speech is not None else []) + ([f"文件 {file}"] if file else []))


def _names(places: list) -> str:
    names: list[str] = []
    for p in places:
        name = f"{speech_name(p.speech)}《{p.title}》"
        if name not in names:
            names.append(name)
    return "、".join(names)


def not_covered_text(speech: int | None, file: str | None, elsewhere: list) -> str:
    """The filtered search found nothing: say so, and where the topic is discussed."""
    return f"{_scope(speech, file)}没有讲到这个问题。讲到它的有：{_names(elsewhere)}。"


def only_close_text(speech: int | None, file: str | None, elsewhere: list) -> str:
    """The filtered search found only something close, while other speeches discuss it."""
    return f"{_scope(speech, file)}只有相近的内容；直接讲到这个问题的是：{_names(elsewhere)}。"
