"""Old and other word-processor formats (.doc .wps .rtf .odt) → .docx, by LibreOffice.

LibreOffice runs headless in a temporary folder of its own: the document is
copied there under a plain name, converted with its own user profile (so a
LibreOffice the user has open is not disturbed, and two builds do not share
one), within the parse time limit; the .docx it writes is then read by the
.docx reader, so Word's automatic numbering is kept. Without LibreOffice the
file is skipped with a reason that says what to install.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from qa.errors import DocumentUnreadable
from qa.ingest.limits import Reading

INSTALL_HINT = ("install LibreOffice to read it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui), "
                "or save it as .docx")


def soffice(named: str = "") -> str | None:
    """The LibreOffice program, or None (``named``: another one, the QA_SOFFICE setting)."""
    if named:
        return shutil.which(named)
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, data: bytes, reading: Reading) -> bytes:
    program = soffice(reading.limits.soffice)
    kind = path.suffix.lower().lstrip(".")
    if program is None:
        raise DocumentUnreadable(path.name, f"a .{kind} file needs LibreOffice, which is not installed; {INSTALL_HINT}")
    if not data.strip():
        raise DocumentUnreadable(path.name, "empty file")
    limit = reading.limits.max_seconds
    with tempfile.TemporaryDirectory(prefix="qa-convert-") as tmp:
        tmp = Path(tmp)
        source = tmp / f"document.{kind}"
        source.write_bytes(data)
        out = tmp / "out"
        command = [program, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", "--invisible",
                   "--nologo", "--norestore", "--nodefault", "--nolockcheck",
                   "--convert-to", "docx", "--outdir", str(out), str(source)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, start_new_session=True, cwd=tmp,
                                   env={**os.environ, "HOME": str(tmp)})
        try:
            _, err = process.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise DocumentUnreadable(path.name, f"converting it with LibreOffice took longer than {limit:g} s "
                              f"(QA_MAX_PARSE_SECONDS); not read") from None
        finally:
            _kill(process)  # LibreOffice may leave a helper process behind
        result = out / "document.docx"
        if not result.is_file():
            detail = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise DocumentUnreadable(path.name, f"LibreOffice could not convert this .{kind} file ({detail[0][:200]})")
        if result.stat().st_size > reading.limits.max_bytes:
            raise DocumentUnreadable(path.name, "converted, it is larger than the size limit (QA_MAX_DOC_BYTES); not read")
        return result.read_bytes()


def _kill(process: subprocess.Popen) -> None:
    """End the converter's whole process group (it was started in a session of its own)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
