"""A question scoped to the document it names (qa.search.docrefs), and the
structure words that need that document's tree (最后一部分, "X是第几点").
One call from the search: ``scope_question``."""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa.search.doc_structure import with_last_part
from qa.search.docrefs import DocumentReferences, Reference, without_reference
from qa.search.outline import asks_outline

# A question that needs one document's tree (a part, the last one, a count): without a clear name it
# gets the list of candidates instead of an answer from a guessed document.
NEEDS_TREE = re.compile(r"第[一二两三四五六七八九十\d]+(?:部分|点|条|项|个方面|方面)|最后一[部点条项]|第几|几部分|几个部分|几点|几条|几项|"
                        r"几个方面|几方面|分几")
_STRUCTURE = re.compile(r"第[一二两三四五六七八九十\d]+(?:部分|点|条|项|个方面|方面)|最后一|第几|几部分|几点|几条|几项|几个方面|"
                        r"几方面|哪几|主要内容|讲了什么|讲的什么|讲什么|讲的啥|讲了啥|讲些什么")


@dataclass
class Scoped:
    query: object
    file: str | None
    speech: int | None
    notice: str = ""
    reference: Reference | None = None
    stop: str = ""  # a reply instead of a search (the name fits several documents)


def focus_of(file: str | None, speech: int | None, context, passages) -> tuple[str, int] | None:
    """The document in view: the filter's, else the one the previous turn answered from."""
    if file is not None:
        return file, speech or 1
    if context is not None and context.rows:
        p = passages[min(context.rows)]
        return p.file, p.speech
    return None


def scope_question(refs: DocumentReferences, query, chosen: int | None, file: str | None, context,
                   passages, tree, keep: set | None = None) -> Scoped:
    """``tree(file, speech)`` gives a speech's directive tree. A filter the user set wins over a name;
    ``keep`` (a --year/--speaker filter) limits the documents a name may mean."""
    if (chosen is not None and file is not None) or query.speech is not None:
        return Scoped(query, file, chosen)
    if keep is not None:
        refs = refs.within(keep)
    structural = bool(_STRUCTURE.search(query.text))
    ref = refs.resolve(query.text, focus_of(file, chosen, context, passages), structural)
    if ref.doc is None:
        if ref.candidates and NEEDS_TREE.search(query.text) and len({(d.file, d.speech) for d in ref.candidates}) > 1:
            return Scoped(query, file, chosen, reference=ref, stop=ref.notice)
        if file is not None:
            query = with_last_part(query, lambda: tree(file, chosen or 1))
        return Scoped(query, file, chosen)
    if file is not None and ref.doc.file != file:
        return Scoped(query, file, chosen)  # the filter wins
    doc = ref.doc
    scoped = without_reference(query, ref)
    scoped = with_last_part(scoped, lambda: tree(doc.file, doc.speech))
    notice = "" if ref.focus and file is not None else ref.notice
    return Scoped(scoped, doc.file, doc.speech, notice, ref)


def needs_document(query, files: int) -> bool:
    """An outline question with several documents and none named."""
    return files > 1 and asks_outline(query)


def about_document(result, query) -> bool:
    """A question about the named document itself (哪天讲的, 谁发的): nothing of its topic is left
    once the naming words are out, and no key term of it went uncovered."""
    topic = re.sub(r"[^\u4e00-\u9fff]", "", query.core)
    return (result.mode == "hybrid" and bool(result.hits) and not result.answerable and not result.missing
            and len(topic) <= 4)


def filter_documents(refs: DocumentReferences, year: int | None, speaker: str | None, file: str | None,
                     speech: int | None) -> tuple[str | None, int | None, set | None, str]:
    """(file, speech, keep, problem) for a --year / --speaker filter: the one document it keeps as
    file and speech, several as ``keep``, or a sentence saying that none matches."""
    docs = [d for d in refs.matching(year, speaker) if (file is None or d.file == file)
            and (speech is None or d.speech == speech)]
    what = "、".join(filter(None, [f"{year}年" if year is not None else "", speaker or ""]))
    if not docs:
        return file, speech, None, f"没有符合“{what}”的文档。"
    if len(docs) == 1:
        return docs[0].file, docs[0].speech, None, ""
    return file, speech, {(d.file, d.speech) for d in docs}, ""
