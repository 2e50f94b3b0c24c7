"""No file in the documents folder can hurt the build: hostile files are skipped
or cut with a reason, odd names and links are handled, repeats indexed once.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_ingest_safety.py."""
from __future__ import annotations

import time



from hostile_files import docx_bomb
from qa.ingest.corpus import scan_documents
from ingest_fixtures import docs, skipped  # noqa: F401 (docs is a fixture)


def test_docx_of_millions_of_elements_that_packs_like_text_is_refused(docs):
    """Under the size limit and packed no tighter than real Word XML, but with
    far more elements than any text needs: refused before parsing."""
    import io
    import random
    import zipfile

    rng = random.Random(7)
    docx_bomb(docs / "plain.docx", xml_bytes=1000)  # a valid package to start from
    with zipfile.ZipFile(docs / "plain.docx") as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    paras = b"".join(b"<w:t>%04x</w:t>" % rng.getrandbits(16) for _ in range(1_050_000))
    parts["word/document.xml"] = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                                  b"<w:body>" + paras + b"</w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    (docs / "plain.docx").write_bytes(buffer.getvalue())
    (docs / "bomb.docx").unlink(missing_ok=True)
    started = time.monotonic()
    reason = skipped(scan_documents(docs))["plain.docx"]
    assert time.monotonic() - started < 20
    assert "more than 2,000,000 XML tags" in reason
