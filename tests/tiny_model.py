"""A tiny sentence-transformers model a test builds and saves in a second: a bag
of characters (StaticEmbedding over a character tokenizer). A subprocess
(`qa ask`, `qa mcp`, `app.py`) loads it with QA_MODEL=<folder>, so tests can
compare the CLI with another front end on a real index without the slow
bundled model."""
from __future__ import annotations

from pathlib import Path

import numpy as np

FIRE = ("关于冬季防火工作的讲话\n同志们：\n"
        "一、提高思想认识。冬季天干物燥，火灾易发多发，各单位要克服麻痹思想。\n"
        "二、排查消防隐患。要对商场、学校、养老院等人员密集场所逐一开展消防检查，发现隐患立即整改。\n"
        "（一）商场超市。要检查消防通道是否畅通，灭火器是否过期。\n"
        "（二）学校。要组织师生开展消防疏散演练。\n"
        "三、加强应急值守。各级要落实二十四小时值班制度，确保火情发生时快速处置。\n")
SPRING = ("在春耕生产动员会上的讲话\n同志们：\n"
          "（一）抓好农资供应。首先，要保障种子化肥供应，严厉打击假冒伪劣农资。"
          "其次，要稳定农资价格，防止哄抬。最后，要做好农资配送到村到户。\n"
          "（二）加强农技服务。农技人员要深入田间地头，指导农民科学施肥、适时播种。\n"
          "（三）防范自然灾害。要做好倒春寒和干旱的监测预警，提前准备抗旱设备。\n")
DOCUMENTS = {"fire.txt": FIRE, "spring.txt": SPRING}
EXTRA_CHARS = "怎么办要吗什么哪些股票买卖价格多少钱请问呢了的是有没做检查保障"


def save_tiny_model(folder: Path, text: str = "".join(DOCUMENTS.values()) + EXTRA_CHARS) -> Path:
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers

    chars = sorted(set(text))
    vocab = {"[UNK]": 0, **{c: i + 1 for i, c in enumerate(chars)}}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    weights = np.random.default_rng(0).normal(size=(len(vocab), 32)).astype(np.float32)
    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)])
    model.save(str(folder))
    return folder


def build_tiny(root: Path, documents: dict[str, str] = DOCUMENTS) -> tuple[Path, Path]:
    """(model folder, index folder): ``documents`` built with the tiny model under ``root``."""
    from qa.indexing.build import build_index
    from qa.indexing.embedding import SentenceTransformerEmbedder

    model = save_tiny_model(root / "tiny-static")
    docs = root / "docs"
    docs.mkdir()
    for name, text in documents.items():
        (docs / name).write_text(text, encoding="utf-8")
    build_index(docs, root / "index", SentenceTransformerEmbedder(str(model)))
    return model, root / "index"
