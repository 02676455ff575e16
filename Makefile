# make deck  - set up .venv (if needed) and build the default deck into dist/
# make test  - set up .venv with the test tools and run lint + tests
# make fuzz  - fuzz content and PO files for FUZZ_SECONDS (default 600), seed FUZZ_SEED
# make pdfjs - install PDF.js (node, npm) for the test of what Firefox's find bar finds (make test does, where npm is)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: deck test lint format schema clean docs/cards.png docs/contact.png bench fuzz pdfjs pdfjs-if-npm

deck: $(VENV)/.deck-installed
	$(BIN)/deck build

test: $(VENV)/.test-installed pdfjs-if-npm
	$(BIN)/ruff check deck tests bench
	$(BIN)/ruff format --check deck tests bench
	$(BIN)/pytest -n auto --dist loadgroup

lint: $(VENV)/.test-installed
	$(BIN)/ruff check deck tests

format: $(VENV)/.test-installed
	$(BIN)/ruff format deck tests
	$(BIN)/ruff check --fix deck tests

schema: $(VENV)/.deck-installed
	$(BIN)/deck schema --out content/schema

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deck-installed: pyproject.toml requirements.lock | $(BIN)/python
	$(PIP) install -c requirements.lock -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml requirements.lock | $(BIN)/python
	$(PIP) install -c requirements.lock -e '.[test]'
	touch $@ $(VENV)/.deck-installed

clean:
	rm -rf dist build *.egg-info .pytest_cache .ruff_cache

# The picture in the README: overview, divider, and a werkvorm's front and back.
docs/cards.png: $(VENV)/.deck-installed content styles templates
	$(BIN)/deck build --lang nl --output screen --out build/readme
	$(BIN)/python -c "from pathlib import Path; from deck.output.preview import face_images, contact_sheet; \
	contact_sheet(face_images(Path('build/readme/liso-nl-screen.pdf'), 100, [7, 9, 11, 12]), 4).save('$@', optimize=True)"

# The contact sheet in the README: every face of the Dutch deck.
docs/contact.png: $(VENV)/.deck-installed
	$(BIN)/deck preview --lang nl --out build/preview
	$(BIN)/python -c "from PIL import Image; Image.open('build/preview/liso-nl/contact.png').quantize(128).save('$@', optimize=True)"

# What builds cost, as ratios measured in one run (see bench/build_cost.py), then what fitting costs.
bench: $(VENV)/.deck-installed
	$(BIN)/python bench/build_cost.py
	$(BIN)/python bench/fit_cost.py

# Mutational fuzzing of every content file and of PO files; fails on a traceback, a hang or an odd exit code.
FUZZ_SECONDS ?= 600
FUZZ_SEED ?= 1
fuzz: $(VENV)/.test-installed
	nice $(BIN)/python -m tests.fuzz --seconds $(FUZZ_SECONDS) --seed $(FUZZ_SEED)

# PDF.js for tests/test_screen.py: what Firefox's find bar finds in the built screen PDFs (skipped without it).
pdfjs:
	cd tests/pdfjs && npm ci --no-audit --no-fund

# Before the tests: PDF.js for the test of what Firefox's find bar finds, where node and npm are (else that one test
# is skipped, saying why); a failed install is said, not a failure.
pdfjs-if-npm:
	@if command -v node >/dev/null && command -v npm >/dev/null && [ ! -d tests/pdfjs/node_modules/pdfjs-dist ]; then \
		$(MAKE) --no-print-directory pdfjs || echo "PDF.js could not be installed: the Firefox find test will be skipped"; fi
