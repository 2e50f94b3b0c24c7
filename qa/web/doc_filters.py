"""The page's year and speaker filters: extra entries of the 限定讲话 choice
("2010年的文档", "讲话人：陈国阳"), read from what each document is called
(qa.search.docrefs), and the search arguments they stand for."""
from __future__ import annotations

YEAR, SPEAKER = "year:", "speaker:"


def choices(index) -> list[tuple[str, str]]:
    """(label, value) for each year and each speaker that more than nothing can be filtered by."""
    try:
        refs = index.pipeline.docrefs  # the build in use (a qa.api.Index)
    except Exception:  # no usable index: the page says so elsewhere
        return []
    years = sorted({d.year for d in refs.docs if d.year is not None}, reverse=True)
    speakers = sorted({s for d in refs.docs for s in d.speakers[:1]})
    return ([(f"{y}年的文档", f"{YEAR}{y}") for y in years]
            + [(f"讲话人：{s}", f"{SPEAKER}{s}") for s in speakers])


def search_args(value) -> dict | None:
    """{"year": …} or {"speaker": …} for a value from ``choices``; None for any other value."""
    if not isinstance(value, str):
        return None
    if value.startswith(YEAR) and value[len(YEAR):].isdigit():
        return {"year": int(value[len(YEAR):])}
    if value.startswith(SPEAKER) and value[len(SPEAKER):].strip():
        return {"speaker": value[len(SPEAKER):].strip()}
    return None
