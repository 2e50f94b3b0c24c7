"""Where passage vectors and the keyword index live, behind one interface.

``faiss_files``: FAISS + bm25s files inside the build folder (the default).
``milvus``: a Milvus collection (milvus-lite file, a server or a cluster by URI).
The search (qa.search.hybrid) only calls ``Store.dense`` and ``Store.keyword``.
"""
