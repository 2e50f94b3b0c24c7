"""Writing a build into Milvus: a new collection, filled, flushed and loaded,
then the serving alias switched to it in one call (alter_alias).

Until the switch nothing that serves changes, so a build that fails or is
killed half way leaves the alias (and CURRENT) where they were; its
half-filled collection is dropped by the next build. The collection of the
build that was serving until now is kept, like its build folder, for a
process still answering from it; older ones are dropped.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np

from qa.indexing.tokenizer import TOKENIZER
from qa.errors import StoreError
from qa.indexing.stores.milvus_client import HNSW_PARAMS, _reason, connect
from qa.indexing.stores.choice import StoreChoice, resolve_uri

INSERT_BATCH = 1000  # rows per insert call: well under gRPC's message limit at 384-d
# jieba's search mode keeps punctuation as tokens: drop it with the genre's stop words.
PUNCTUATION = list("，。、；：？！“”‘’（）《》【】…—·,.;:?!\"'()[]<>-›")
ANALYZER = {"tokenizer": "jieba",  # search mode (the default here and on a server): words and their parts
            "filter": [{"type": "stop", "stop_words": sorted(TOKENIZER.stop_words) + PUNCTUATION}]}


def alias_for(index_dir: Path, previous: dict) -> str:
    """The serving alias of an index folder: kept from its previous build, else
    named after the folder (two indexes can share one Milvus)."""
    old = previous.get("store", {}).get("alias")
    if old:
        return old
    folder = Path(index_dir).resolve()
    slug = re.sub(r"[^A-Za-z0-9]", "_", folder.name)[:40]
    return f"qa_{slug}_{hashlib.sha1(str(folder).encode()).hexdigest()[:8]}"


def collection_for(alias: str, build_name: str) -> str:
    return f"{alias}__{re.sub(r'[^A-Za-z0-9]', '_', build_name)}"


def _schema(dim: int):
    from pymilvus import DataType, Function, FunctionType, MilvusClient

    schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("row", DataType.INT64, is_primary=True, description="line in passages.jsonl")
    schema.add_field("file", DataType.VARCHAR, max_length=1024)
    schema.add_field("speech", DataType.INT64)
    schema.add_field("path", DataType.VARCHAR, max_length=8192, description="directive path, › between levels")
    schema.add_field("text", DataType.VARCHAR, max_length=65535, enable_analyzer=True, analyzer_params=ANALYZER)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    schema.add_function(Function(name="text_bm25", function_type=FunctionType.BM25,
                                 input_field_names=["text"], output_field_names=["sparse"]))
    return schema


def _index_params(client):
    params = client.prepare_index_params()
    # Nested "params": pymilvus passes flat HNSW params to milvus-lite 3.x as nothing.
    params.add_index(field_name="vector", index_type="HNSW", metric_type="COSINE", params={"params": HNSW_PARAMS})
    params.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    return params


def write_collection(settings: StoreChoice, index_dir: Path, previous: dict, build_name: str,
                     passages, vectors: np.ndarray, progress=None) -> dict:
    """Load one build into a new collection (flushed, indexed, loaded); what the manifest records."""
    uri = settings.recorded_uri()
    client = connect(resolve_uri(uri, index_dir), settings.token)
    alias = alias_for(index_dir, previous)
    name = collection_for(alias, build_name)
    try:
        if client.has_collection(name):
            client.drop_collection(name)
        client.create_collection(name, schema=_schema(vectors.shape[1]), index_params=_index_params(client))
        for start in range(0, len(passages), INSERT_BATCH):
            batch = range(start, min(start + INSERT_BATCH, len(passages)))
            client.insert(name, [{"row": i, "file": passages[i].file, "speech": passages[i].speech,
                                  "path": " › ".join(passages[i].path), "text": passages[i].search_text,
                                  "vector": vectors[i].tolist()} for i in batch])
            if progress:
                progress(len(batch))
        client.flush(name)  # unflushed rows are searched by brute force
        client.load_collection(name)
    except Exception as exc:
        try:  # a half-filled collection must not linger
            client.drop_collection(name)
        except Exception:
            pass
        raise StoreError(f"loading the build into Milvus at {uri} failed: {_reason(exc)}") from exc
    return {"kind": "milvus", "uri": uri, "alias": alias, "collection": name}


def serve(settings: StoreChoice, index_dir: Path, info: dict) -> None:
    """Point the alias at this build's collection (one atomic call)."""
    client = connect(resolve_uri(info["uri"], index_dir), settings.token)
    try:
        if info["alias"] in client.list_aliases().get("aliases", []):
            client.alter_alias(info["collection"], info["alias"])
        else:
            client.create_alias(info["collection"], info["alias"])
    except Exception as exc:
        raise StoreError(f"switching Milvus alias {info['alias']} failed: {_reason(exc)}") from exc


def drop_unused(settings: StoreChoice, index_dir: Path, info: dict, keep: set[str]) -> list[str]:
    """Drop this index's collections other than ``keep`` (half-filled ones of killed builds included)."""
    client = connect(resolve_uri(info["uri"], index_dir), settings.token)
    dropped = []
    for name in client.list_collections():
        if name.startswith(info["alias"] + "__") and name not in keep:
            client.drop_collection(name)
            dropped.append(name)
    return dropped
