"""Optical character recognition of page images, offline (RapidOCR on onnxruntime).

The Chinese PP-OCR models (text detection, line orientation, recognition with
its character list inside) ship inside the ``rapidocr`` wheel. They are named
here by path, so RapidOCR never looks for them elsewhere and never downloads:
when one is missing the document is skipped with one line that says so.

``recognise(image)`` gives the text lines of one page image as ``Box``es
(pixel corners, text, confidence). Results are cached by the document's
content hash and page number (``OcrCache``), so a rebuild never recognises an
unchanged file again.
"""
from __future__ import annotations

import json
import os
import threading
from dataclasses import astuple, dataclass
from pathlib import Path

from qa.errors import DocumentUnreadable

# The models RapidOCR's own defaults name, as they lie in its wheel.
MODEL_FILES = {"Det": "PP-OCRv6_det_small.onnx", "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
               "Rec": "PP-OCRv6_rec_small.onnx"}
# A PDF page is rendered at this many pixels per point (2 ≈ 144 dpi: a 12 pt
# character is 24 px high, which the recogniser reads well) and never wider
# or taller than MAX_SIDE pixels.
RENDER_SCALE, MAX_SIDE = 2.0, 2400
INSTALL_HINT = "install the OCR packages (pip install rapidocr onnxruntime) or set QA_OCR=0"


@dataclass(frozen=True)
class Box:
    """One recognised line: its corners in pixels, its text and confidence (0–1)."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float


_engine = None
_lock = threading.Lock()


def model_folder() -> Path | None:
    try:
        import rapidocr
    except ImportError:
        return None
    return Path(rapidocr.__file__).resolve().parent / "models"


def missing_models() -> str | None:
    """Why OCR cannot run here (one line), or None when the engine and its models are present."""
    folder = model_folder()
    if folder is None:
        return f"OCR is not installed; {INSTALL_HINT}"
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return f"onnxruntime is not installed; {INSTALL_HINT}"
    for name in MODEL_FILES.values():
        if not (folder / name).is_file():
            return (f"the OCR model {name} is missing from {folder} (it ships inside the rapidocr wheel; "
                    f"reinstall rapidocr); nothing is downloaded")
    return None


def engine(name: str = ""):
    """The one RapidOCR engine of this process, its models named by path."""
    global _engine
    with _lock:
        if _engine is None:
            problem = missing_models()
            if problem:
                raise DocumentUnreadable(name, problem)
            import logging

            from rapidocr import RapidOCR

            folder = model_folder()
            params = {"Global.log_level": "error"}
            for part, file in MODEL_FILES.items():
                params[f"{part}.model_path"] = str(folder / file)
            try:
                _engine = RapidOCR(params=params)
            except Exception as exc:  # a damaged model file
                raise DocumentUnreadable(name, f"the OCR engine could not start ({exc.__class__.__name__}: "
                                               f"{str(exc)[:200]}); {INSTALL_HINT}") from exc
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        return _engine


def recognise(image, name: str = "") -> list[Box]:
    """The text lines of one page image (a PIL image or an array), top to bottom."""
    import numpy as np

    if hasattr(image, "convert"):
        image = np.asarray(image.convert("RGB"))[:, :, ::-1]  # RapidOCR reads arrays as OpenCV's BGR
    result = engine(name)(image)
    boxes = []
    for corners, text, score in zip(result.boxes if result.boxes is not None else [],
                                    result.txts or (), result.scores or ()):
        xs, ys = [float(p[0]) for p in corners], [float(p[1]) for p in corners]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys), str(text), round(float(score), 4)))
    return sorted(boxes, key=lambda b: (b.y0, b.x0))


def render_pdf_page(pdf, index: int):
    """Page ``index`` (0-based) of an open pypdfium2 document as a PIL image."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        scale = min(RENDER_SCALE, MAX_SIDE / max(width, height, 1))
        return page.render(scale=scale, grayscale=True).to_pil()
    finally:
        page.close()


def engine_id() -> str:
    """What decides a cached result: engine, models and rendering."""
    try:
        from importlib.metadata import version

        v = version("rapidocr")
    except Exception:
        v = "?"
    return f"rapidocr-{v}/{MODEL_FILES['Det']}/{MODEL_FILES['Rec']}/{RENDER_SCALE}/{MAX_SIDE}"


class OcrCache:
    """Recognised pages by document content hash: folder/<sha256>/<page>.json."""

    def __init__(self, folder: Path | None, digest: str | None) -> None:
        self.folder = Path(folder) / digest if folder and digest else None
        self.key = engine_id()

    def get(self, page: int) -> list[Box] | None:
        if self.folder is None:
            return None
        try:
            record = json.loads((self.folder / f"{page}.json").read_text(encoding="utf-8"))
            if record.get("engine") != self.key:
                return None
            return [Box(*b) for b in record["boxes"]]
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, page: int, boxes: list[Box]) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            target = self.folder / f"{page}.json"
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"engine": self.key, "boxes": [astuple(b) for b in boxes]},
                                      ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, target)
        except OSError:
            pass  # a cache that cannot be written only costs time


def prune(folder: Path, keep: set[str]) -> None:
    """Drop cached pages of documents no longer in the folder."""
    import shutil

    folder = Path(folder)
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.is_dir() and entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)
