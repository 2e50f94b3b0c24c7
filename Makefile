# Two entry points: `make run` (set up, build the index if missing, serve)
# and `make test` (set up, install the browser, run the whole suite);
# `make test-fast` runs only tests/unit (in-process, under a minute).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast setup index browser libreoffice bench bench-store bench-ui bench-rebuild bench-pdf bench-api bench-retrieval load-test soak evaluate evaluate-real evaluate-extra evaluate-extra2 evaluate-extra3 evaluate-extra4 evaluate-extra5 evaluate-extra6 evaluate-extra7 evaluate-extra8 evaluate-extra9 evaluate-extra10 evaluate-extra11 evaluate-extra12 evaluate-extra13 evaluate-extra14 evaluate-extra15 evaluate-extra16 evaluate-extra17 evaluate-extra18 evaluate-extra19 evaluate-extra20 evaluate-extra21 evaluate-extra22 evaluate-extra23 evaluate-extra24 evaluate-extra25 evaluate-extra26 evaluate-extra27 evaluate-extra28 evaluate-extra29 evaluate-extra30 evaluate-extra31 evaluate-extra32 clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# CPU build of torch first: the resolver would otherwise pull a CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

# Builds the index when it is missing; with nothing changed it only checks
# the documents' hashes (well under a second of work).
index: setup
	$(PY) scripts/build_index.py

run: index
	GRADIO_ANALYTICS_ENABLED=False $(PY) app.py

# Debian's Chromium, its driver and a CJK font for the browser tests.
browser:
	test -x /usr/bin/chromium && fc-list 2>/dev/null | grep -qi "noto.*cjk" || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null)

# LibreOffice (Writer, no GUI) reads .doc/.wps/.rtf/.odt; optional for users,
# needed by the tests that convert with it.
libreoffice:
	command -v soffice >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null)

test: setup browser libreoffice
	$(PY) -m pytest -q

# The unit tier only (tests/README.md): no process, server, model or browser.
test-fast: setup
	$(PY) -m pytest tests/unit -q

evaluate: index
	$(PY) scripts/evaluate.py data/eval/dev.jsonl data/eval/project.jsonl
	$(PY) scripts/evaluate.py data/eval/heldout.jsonl
	$(PY) scripts/evaluate.py data/eval/answers.jsonl data/eval/whole.jsonl data/eval/conversations.jsonl --answers-only

# Real documents kept outside the project (data/eval/real/README.md): the index
# of REAL_DOCS is built once under artifacts/eval-index/ and reused.
REAL_DOCS ?= ../shared/corpus/real

evaluate-real: setup
	$(PY) scripts/check_real_eval.py --docs $(REAL_DOCS) data/eval/real/dev.jsonl data/eval/real/frozen.jsonl
	$(PY) scripts/evaluate.py --docs $(REAL_DOCS) data/eval/real/dev.jsonl data/eval/real/frozen.jsonl

# The second development set (data/eval/extra/README.md): its documents are not in the
# project; EXTRA_DOCS names the local folder they were cut into.
evaluate-extra: setup
	test -n "$(EXTRA_DOCS)" || (echo "set EXTRA_DOCS to the folder of data/eval/extra/README.md's documents" && false)
	$(PY) scripts/check_real_eval.py --docs $(EXTRA_DOCS) data/eval/extra/questions.jsonl
	$(PY) scripts/evaluate.py --docs $(EXTRA_DOCS) data/eval/extra/questions.jsonl

# The third to eighth development sets (data/eval/extra2/ … extra7/, each with its README),
# likewise: EXTRA2_DOCS … EXTRA7_DOCS name their local folders.
evaluate-extra2 evaluate-extra3 evaluate-extra4 evaluate-extra5 evaluate-extra6 evaluate-extra7: evaluate-extra%: setup
	test -n "$(EXTRA$*_DOCS)" || (echo "set EXTRA$*_DOCS to the folder of data/eval/extra$*/README.md's documents" && false)
	$(PY) scripts/check_real_eval.py --docs $(EXTRA$*_DOCS) data/eval/extra$*/questions.jsonl
	$(PY) scripts/evaluate.py --docs $(EXTRA$*_DOCS) data/eval/extra$*/questions.jsonl

# The ninth to thirty-third sets (data/eval/extra8/ … extra32/, each with its README), split by
# document: dev.jsonl was tuned on, held.jsonl only read as a whole; EXTRA8_DOCS … EXTRA32_DOCS
# name the local folders of their documents (they are not in the project).
evaluate-extra8 evaluate-extra9 evaluate-extra10 evaluate-extra11 evaluate-extra12 evaluate-extra13 evaluate-extra14 evaluate-extra15 evaluate-extra16 evaluate-extra17 evaluate-extra18 evaluate-extra19 evaluate-extra20 evaluate-extra21 evaluate-extra22 evaluate-extra23 evaluate-extra24 evaluate-extra25 evaluate-extra26 evaluate-extra27 evaluate-extra28 evaluate-extra29 evaluate-extra30 evaluate-extra31 evaluate-extra32: evaluate-extra%: setup
	test -n "$(EXTRA$*_DOCS)" || (echo "set EXTRA$*_DOCS to the folder of data/eval/extra$*/README.md's documents" && false)
	$(PY) scripts/check_real_eval.py --docs $(EXTRA$*_DOCS) data/eval/extra$*/dev.jsonl data/eval/extra$*/held.jsonl
	$(PY) scripts/evaluate.py --docs $(EXTRA$*_DOCS) data/eval/extra$*/dev.jsonl data/eval/extra$*/held.jsonl

bench: setup
	$(PY) scripts/bench.py

# FAISS files next to milvus-lite (docs/benchmarks.md, "Stores").
bench-store: setup
	$(PY) scripts/bench_store.py

bench-ui: index browser
	$(PY) scripts/bench_ui.py

bench-pdf: setup
	$(PY) scripts/bench_pdf.py

bench-rebuild: setup
	$(PY) scripts/bench_rebuild.py

load-test: index
	$(PY) scripts/load_test.py

# The JSON API against the search in-process and the page path, in one run.
bench-api: index
	$(PY) scripts/bench_api.py
# Dify's /retrieval against the search in-process, in one run.
bench-retrieval: index
	$(PY) scripts/bench_retrieval.py
# Memory after each of 10 rounds of new sessions: does it level off?
soak: index
	$(PY) scripts/soak.py

clean:
	rm -rf $(VENV) index/CURRENT index/builds
