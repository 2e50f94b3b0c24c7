"""Which speech a question is answered from, and the notice that says so:
a speech named in the question wins over the chosen filter, and every reply
under a filter says which one was used."""
from __future__ import annotations

from qa.search.cite import speech_name


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
