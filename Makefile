# Two commands for a fresh machine: `make site` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
# Material 9.8 prints a notice about its end of life on every build; README.md says what it means.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check accept review serve schema golden frozen linkcheck screenshots bench clean

site: $(BIN)/.site-installed  ## generate and build both languages; site/ then shows the new build (only on success)
	$(BIN)/python -m mkdocs_site
	@echo "Built site/ (Chinese) and site/en/ (English)."

# --dist loadscope: each test module runs on one worker, so a site or server a module makes is made once;
# modules marked `long` are handed out first (tests/conftest.py)
# (pytest-xdist 3.8 with pytest 9 ignores xdist_group marks: --dist loadgroup spread them over the workers).
# Three workers on two cores: much of a browser or preview test is waiting, which a third worker fills.
test: $(BIN)/.test-installed  ## lint, type-check and run every test (browser tests use /usr/bin/chromium)
	$(BIN)/ruff check generator mkdocs_site tests bench tools
	$(BIN)/ruff format --check generator mkdocs_site tests bench tools
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 3 --dist loadscope --no-loadscope-reorder

check: $(BIN)/.site-installed  ## validate data/initiatives.yaml and data/glossary.yaml
	$(BIN)/python -m generator check

# What an editor types (ID, BY, METHOD, FIELD) reaches the command through the environment, as written:
# never through the shell's parsing, where a quotation mark, `…` or $(…) in it would change it or run,
# nor through make's own export of command-line variables, which would expand a $(shell …) in it.
unexport ID BY METHOD FIELD ALL
accept review: export ZIBO_ID = $(value ID)
review: export ZIBO_BY = $(value BY)
review: export ZIBO_METHOD = $(value METHOD)
review: export ZIBO_FIELD = $(value FIELD)

accept: $(BIN)/.site-installed  ## the English of a record is up to date with its Chinese: make accept ID=opening-up-hub (ID=source: the article)
	@[ -n "$$ZIBO_ID" ] || { echo "Say whose English is up to date: make accept ID=<initiative or theme id>, or ID=source for the article" >&2; exit 2; }
	@set -f; set --; for id in $$ZIBO_ID; do set -- "$$@" "--accept=$$id"; done; \
	$(BIN)/python -m generator translations "$$@"

review: $(BIN)/.site-installed  ## someone who did not write a record's English checked it: make review ID=opening-up-hub BY="…" METHOD="…" (FIELD=summary: that text only; ALL=1: re-record every text)
	@[ -n "$$ZIBO_ID" ] && [ -n "$$ZIBO_BY" ] && [ -n "$$ZIBO_METHOD" ] || { echo "Say what was reviewed, who reviewed it and how: make review ID=<id> BY=<who> METHOD=<how> (ID: an initiative or theme id, source, glossary or glossary:<term id>; BY: a role or a name, never the text's author; METHOD: e.g. \"independent bilingual review against the article\")" >&2; exit 2; }
	@set -f; set -- "--by=$$ZIBO_BY" "--method=$$ZIBO_METHOD" $(if $(value ALL),--all); \
	for id in $$ZIBO_ID; do set -- "$$@" "--review=$$id"; done; \
	for field in $$ZIBO_FIELD; do set -- "$$@" "--field=$$field"; done; \
	$(BIN)/python -m generator translations "$$@"

PORT ?= 8000
serve: $(BIN)/.site-installed  ## live preview of both languages at http://127.0.0.1:8000/ (another port: make serve PORT=8001)
	ZIBO_SITE_URL=http://127.0.0.1:$(PORT)/ $(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:$(PORT)

linkcheck: $(BIN)/.test-installed  ## check every internal link and anchor of the built site/ (both languages)
	$(BIN)/python -m tools.linkcheck site

screenshots: site $(BIN)/.test-installed  ## screenshots of each page type, both languages, phone and desktop
	$(BIN)/python -m tools.screenshots site screenshots

bench: $(BIN)/.test-installed  ## benchmark N = 15, 200, 1,000, 5,000 initiatives; writes bench/RESULTS.md (about 80 min)
	$(BIN)/python -m bench.run

golden: $(BIN)/.test-installed  ## rewrite tests/golden/ (the rendered Markdown of the sample) after an intended change; review the diff
	$(BIN)/python -m tests.golden --update

# The content benchmarks (search relevance floors, page weight, words the browser tests look for) run on
# this copy, never on data/: refresh it after a content change the reviewers accepted, and review the diff.
frozen:  ## copy data/ (data files and the archived article) to tests/frozen/data/, the content benchmarks' data
	rm -rf tests/frozen/data
	mkdir -p tests/frozen/data/sources
	cp data/initiatives.yaml data/glossary.yaml tests/frozen/data/
	cp data/sources/*.txt tests/frozen/data/sources/

schema: $(BIN)/.site-installed  ## regenerate schema/*.json from the models
	$(BIN)/python -m generator schema

clean:
	rm -rf site .site-builds .zibo-build.lock $(VENV)

$(BIN)/.site-installed: requirements/site.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements/site.txt
	$(PIP) install --no-deps -e .
	touch $@

$(BIN)/.test-installed: requirements/test.txt $(BIN)/.site-installed
	$(PIP) install -r requirements/test.txt
	touch $@
