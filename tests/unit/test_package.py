"""The package as a whole: every module imports on its own (no import cycle),
the CLI is quiet on a closed pipe, a reply is rendered from the build that
answered it, and the shared pieces (numerals, the LRU) hold their promises.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_package_e2e.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from qa.cache import LRU
from qa.numerals import to_chinese, to_int

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                 for p in (ROOT / "qa").rglob("*.py") if p.name != "__main__.py")


def imports_of(path: Path) -> set[str]:
    """The qa modules a file imports, at the top, inside a function or under
    ``if TYPE_CHECKING:`` (a type named there is a dependency too)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "qa":
            found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module
                      for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "qa"}
    return found


def import_graph() -> dict[str, set[str]]:
    graph = {m: imports_of(ROOT / (m.replace(".", "/") + ("/__init__.py" if m in ("qa",) or
                                                           (ROOT / m.replace(".", "/")).is_dir() else ".py")))
             for m in MODULES}
    return {m: {t for t in targets if t in graph and t not in (m, "qa")} for m, targets in graph.items()}


# The pipeline's layers, bottom up: a module imports only from its own layer or below.
LAYERS = (
    ("shared", ("qa.errors", "qa.settings", "qa.config", "qa.cache", "qa.numerals", "qa.simplified",
                "qa.models")),
    ("ingest", ("qa.ingest",)),
    ("indexing", ("qa.indexing",)),
    ("search", ("qa.search",)),
    ("service/api", ("qa.service", "qa.api")),
    ("web/cli", ("qa.web", "qa.cli", "qa.testing", "qa.integrations", "qa.mcp_server")),
)


def layer_of(module: str) -> int:
    for n, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return n
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def test_modules_import_only_their_own_layer_or_below():
    """ingest < indexing < search < service/api < web/cli: the data flows one way."""
    upward = [(m, t, LAYERS[layer_of(t)][0]) for m, targets in import_graph().items() if m != "qa"
              for t in targets if layer_of(t) > layer_of(m)]
    assert not upward, upward


def test_settings_are_read_at_the_entry_points_and_stores_branch_only_in_stores():
    """The environment is read once (Settings.load, at qa.cli / app.py / qa.api); only
    qa/indexing/stores/ knows which store kinds there are."""
    import re

    sources = {p: p.read_text(encoding="utf-8") for p in [*(ROOT / "qa").rglob("*.py"), ROOT / "app.py"]}
    reads = [str(p) for p, text in sources.items() if re.search(r"settings\.read\(|os\.environ(\.get)?[\[(]\s*[\"']QA_", text)
             and p.name != "settings.py"]
    assert not reads, reads
    stores = ROOT / "qa" / "indexing" / "stores"
    branches = [str(p) for p, text in sources.items() if stores not in p.parents and p.name != "settings.py"
                and re.search(r"isinstance\([^)]*DenseIndex\)|==\s*[\"']milvus[\"']|[\"']milvus[\"']\s*==", text)]
    assert not branches, branches


def test_no_module_imports_one_that_imports_it_back():
    """Not even through an import inside a function: the arrows go one way."""
    graph = import_graph()

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), list(graph[start])
        while todo:
            m = todo.pop()
            if m == goal:
                return True
            if m not in seen:
                seen.add(m)
                todo.extend(graph[m])
        return False

    cycles = sorted(m for m in graph if reaches(m, m))
    assert not cycles, cycles
    assert "qa.ingest.corpus" in graph["qa.ingest.readers"] or "qa.ingest.readers" in graph["qa.ingest.corpus"]


# -- a reply rendered from the build that answered ---------------------------------------

OLD_SPEECH = "关于防汛的讲话\n第一，要加强监测预警。气象部门要及时发布暴雨预警信息。\n第二，要做好转移安置。\n"
NEW_SPEECH = ("关于春耕的讲话\n前言：今年春耕任务很重。\n第一，要保障农资供应。种子化肥要及时到位。\n"
              "第二，要加强农技服务。\n")


def test_a_rebuild_between_ask_and_render_does_not_mix_builds(make_index, fake_embedder, monkeypatch):
    """The page renders a reply after ask returned; a rebuild swapped in
    meanwhile must not show the old passages against the new build's text."""
    from qa.indexing.build import build_index
    from qa.web import chat

    built = make_index({"speech.txt": OLD_SPEECH})
    service = built.qa
    ask = service.ask

    def ask_then_rebuild(*args, **kwargs):
        result = ask(*args, **kwargs)
        (built.docs / "speech.txt").write_text(NEW_SPEECH, encoding="utf-8")
        build_index(built.docs, built.index, fake_embedder)
        service.pipeline  # the service moves to the new build before the reply is rendered
        return result

    monkeypatch.setattr(service, "ask", ask_then_rebuild)
    old_build = service.service.build_name
    turn = chat.ask(service, "暴雨预警信息", [])[0]
    assert service.service.build_name != old_build and "春耕" in service.build.speeches[0].title
    reply = turn["html"]
    assert "暴雨预警" in reply and "关于防汛的讲话" in reply
    assert "春耕" not in reply and "农资" not in reply  # nothing of the new build's text in the context


def test_each_result_names_its_build(make_index):
    built = make_index({"speech.txt": OLD_SPEECH})
    result = built.qa.ask("监测预警")
    assert result.build is built.qa.build
    assert result.build.folder.name == built.qa.service.build_name


# -- shared pieces ---------------------------------------------------------------------

@pytest.mark.parametrize("text, number", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99),
                                          ("两", 2), ("〇", 0), ("7", 7), ("12", 12)])
def test_numerals_read(text, number):
    assert to_int(text) == number


@pytest.mark.parametrize("text", ["一二", "十十", "百", "二十十", "x", ""])
def test_numerals_refuse_nonsense(text):
    assert to_int(text) is None


def test_numerals_write_and_read_back():
    assert [to_chinese(n) for n in (1, 10, 11, 20, 105, 110)] == ["一", "十", "十一", "二十", "一百零五", "一百一十"]
    assert to_chinese(3, "零壹贰叁肆伍陆柒捌玖", "拾", "佰") == "叁" and to_chinese(0) == "0"
    assert all(to_int(to_chinese(n)) == n for n in range(1, 100))


def test_query_reads_speech_and_part_numbers_with_the_shared_numerals():
    from qa.search.query import analyze

    q = analyze("第两篇第十二部分讲了什么")
    assert (q.speech, q.part) == (2, [12])


def test_lru_keeps_the_most_recently_used():
    cache: LRU[int] = LRU(2)
    cache.put("a", 1), cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recent
    cache.put("c", 3)
    assert (cache.get("b"), cache.get("a"), cache.get("c"), len(cache)) == (None, 1, 3, 2)
    made = []
    assert cache.get_or_make("d", lambda: made.append(1) or 4) == 4 and cache.get_or_make("d", lambda: 5) == 4
    assert made == [1]
    assert len(LRU(0).put("x", 1) and LRU(0)) == 0


def test_off_topic_anchors_stay_bounded(fake_embedder, tmp_path):
    from qa.search import relevance

    for i in range(relevance._ANCHORS.size + 5):
        path = tmp_path / f"off{i}.txt"
        path.write_text(f"第{i}个无关问题\n", encoding="utf-8")
        relevance.anchor_vectors(fake_embedder, path)
    assert len(relevance._ANCHORS) == relevance._ANCHORS.size


def test_word_lists_are_data_files():
    from qa.indexing.tokenizer import TOKENIZER
    STOP_WORDS = TOKENIZER.stop_words
    from qa.search.query import SCAFFOLDING

    assert "的" in STOP_WORDS and "进一步" in STOP_WORDS
    assert SCAFFOLDING.fullmatch("怎么办") and SCAFFOLDING.pattern.startswith("我想知道")
    for name in ("stopwords.txt", "scaffolding.txt"):
        assert (ROOT / "data" / name).is_file()


@pytest.mark.parametrize("module", ["qa.numerals", "qa.settings"])
def test_docstring_examples_hold(module):
    import doctest
    import importlib

    failed, tried = doctest.testmod(importlib.import_module(module))
    assert tried and not failed
