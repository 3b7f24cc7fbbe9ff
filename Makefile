# Two commands: `make run` sets everything up and narrates the bundled sample article;
# `make test` sets up what the tests need and runs the whole suite. Both are idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
OUT := out

.PHONY: run test setup setup-test lint bench mutate clean

run: setup
	mkdir -p $(OUT)
	$(BIN)/newscaster read src/newscaster/data/sample-article.html -o $(OUT)/sample-article.mp3
	$(BIN)/newscaster serve --sample

test: setup-test
	$(BIN)/python -m pytest -q --durations=15

# Bytecode for our own modules, compiled ahead (only what changed, so quick when set up): an editable
# install leaves it to the first import, and where PYTHONDONTWRITEBYTECODE is set every process, each
# synthesis worker included, would compile ~75 modules again (0.16 s of CPU before the first sentence).
setup: $(STAMP)
	@scripts/install-system-deps.sh
	@$(BIN)/python -m compileall -q src

setup-test: $(STAMP)
	@scripts/install-system-deps.sh test
	@$(BIN)/python -m compileall -q src

# german-nouns (Wiktionary's German nouns and their genders, text/noun_gender.py) goes in without its
# dependencies: they are for rebuilding its list from a Wiktionary dump and pin lxml < 5, which trafilatura
# cannot use; the list itself needs nothing. Without it a German "1" is read "eins" before any noun.
$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,check,s3,bench]'
	$(BIN)/python -m pip install -q --no-deps 'german-nouns>=1.2.5'
	rm -f $(VENV)/.installed-*
	touch $@

lint: setup-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# Mutation testing ([tool.mutmut] in pyproject.toml; docs/mutation-testing.md): slow, so not part of
# `make test`. MUTANTS narrows it, e.g. make mutate MUTANTS='newscaster.text.sentences.*'.
# mutmut runs the tests from mutants/, one folder deeper: a link lets them find ../shared as they do here.
mutate: setup-test
	test -e shared || ln -sfn ../shared shared
	$(BIN)/mutmut run $(MUTANTS)
	$(BIN)/mutmut results

bench: setup
	$(BIN)/python bench/bench_pipeline.py

clean:
	rm -rf $(OUT)
