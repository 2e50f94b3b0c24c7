"""The sentence-transformers path, with a tiny model this test builds and saves."""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qa.indexing.build import build_index
from qa.errors import EmbedderFailed
from qa.indexing.embedding import SentenceTransformerEmbedder

ROOT = Path(__file__).resolve().parents[2]

DOC = """防汛工作会议讲话
同志们：
一、抓好防汛救灾。汛期来临，各地要加强巡查，及时转移受威胁群众。
二、做好疫苗接种。疫苗接种是建立免疫屏障的最有效手段，要加快接种进度。
三、保障物资供应。要储备好口罩、消毒液等防护物资，保障市场供应。
"""


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    """A StaticEmbedding over a character-level tokenizer: a bag of characters."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers

    chars = sorted(set(DOC + "接种疫苗打针口罩防汛洪水怎么办要吗"))
    vocab = {"[UNK]": 0, **{c: i + 1 for i, c in enumerate(chars)}}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    weights = np.random.default_rng(0).normal(size=(len(vocab), 32)).astype(np.float32)
    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)])
    folder = tmp_path_factory.mktemp("models") / "tiny-static"
    model.save(str(folder))
    return folder


def test_local_model_folder_embeds_normalized_vectors(tiny_model):
    embedder = SentenceTransformerEmbedder(str(tiny_model))
    vectors = embedder.embed_passages(["疫苗接种", "防汛救灾"])
    assert embedder.id == "st:tiny-static" and embedder.dim == 32
    assert vectors.shape == (2, 32)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # same characters → same bag → nearest
    q = embedder.embed_query("接种疫苗")
    assert float(vectors[0] @ q) > float(vectors[1] @ q)


def test_unknown_model_fails_fast_with_a_clear_message():
    with pytest.raises(EmbedderFailed, match="not on this machine"):
        SentenceTransformerEmbedder("no-such-org/no-such-model-xyz")


def test_index_built_with_st_model_answers_through_the_cli(tiny_model, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "flood.txt").write_text(DOC, encoding="utf-8")
    index = tmp_path / "st-index"
    build_index(docs, index, SentenceTransformerEmbedder(str(tiny_model)))
    env = {**os.environ, "QA_MODEL": str(tiny_model)}
    out = subprocess.run([sys.executable, "-m", "qa", "ask", "--json", "--index", str(index), "疫苗接种的进度"],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    top = json.loads(out.stdout)["results"][0]
    assert "疫苗接种" in top["text"]
    assert top["citation"]["label"] == "二"

    # The same index queried with the default embedder is refused, not mis-answered.
    env.pop("QA_MODEL")
    refused = subprocess.run([sys.executable, "-m", "qa", "ask", "--json", "--index", str(index), "疫苗"],
                             capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert refused.returncode == 2
    assert "st:tiny-static" in refused.stderr and "build_index.py" in refused.stderr
    assert "Traceback" not in refused.stderr
