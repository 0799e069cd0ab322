# Kenya's human-trafficking routes: one entry point. `make help` lists the targets.
# Targets call the package's command line (python -m kenya_routes), which is the real API.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
BUILD  := _build

.DEFAULT_GOAL := help
.PHONY: help site serve test test-fast test-editions bench-ingest chromium node java poppler dictionaries setup setup-dev validate figures reconcile template ingest new-edition bench bench-validation bench-build synthetic clean requirements catalogues

help: ## Show the targets and what they do
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

site: setup ## Set everything up and build the whole site into _build/site (validate, prepare, execute, publish)
	$(PY) -m kenya_routes build

serve: ## Preview the built site at http://127.0.0.1:8000/, compressed and with the site's headers (PORT=8000)
	$(PY) -m kenya_routes serve $(if $(PORT),--port $(PORT))

test: setup-dev node_modules/.installed tests/node_modules/.installed chromium java poppler dictionaries ## Set everything up and run the tests (unit, end-to-end, browser, HTML checker, PDF tools)
	$(PY) -m pytest

test-fast: setup-dev ## Unit tests only, on every core: no site build, no browser (about 70 s on 2 cores)
	$(PY) -m pytest -m "not build and not browser" -q -n auto

test-editions: setup-dev node_modules/.installed chromium ## The long run: build EDITIONS editions drawn by Hypothesis (default 30; make test draws 2)
	KENYA_ROUTES_TEST_EDITIONS=$(or $(EDITIONS),30) $(PY) -m pytest tests/test_editions.py -q -p no:cacheprovider \
		--hypothesis-show-statistics

chromium: ## Install Debian's chromium for the browser tests if it is missing (needs root or sudo)
	@command -v chromium >/dev/null || $(APT_INSTALL) chromium

node: ## Install Node.js and npm (for the site's front-end libraries) if they are missing (needs root or sudo)
	@command -v npm >/dev/null || $(APT_INSTALL) nodejs npm

dictionaries: ## Install Debian's Kiswahili dictionary (hunspell-sw: the scanner tells Kiswahili words from names) if missing (needs root or sudo)
	@test -f /usr/share/hunspell/sw_KE.dic || $(APT_INSTALL) hunspell-sw

poppler: ## Install poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm: the fact sheets' tests) if missing (needs root or sudo)
	@command -v pdfinfo >/dev/null || $(APT_INSTALL) poppler-utils

java: ## Install a Java runtime (for the W3C HTML checker in the tests) if it is missing (needs root or sudo)
	@command -v java >/dev/null || $(APT_INSTALL) default-jre-headless

# Installs Debian or Ubuntu packages: as root, or with sudo; otherwise says what to install and stops.
APT_INSTALL = sh -c 'if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
	else echo "This needs $$*, which are not installed, and installing them needs root or sudo." >&2; \
	echo "Ask your administrator to run: apt-get install $$*" >&2; exit 1; fi; \
	command -v apt-get >/dev/null || { echo "Install $$* with the system package manager, then run make again." >&2; exit 1; }; \
	echo "Installing $$* with apt-get..."; \
	$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq "$$@" >/dev/null' apt-install

setup: $(VENV)/.site node_modules/.installed dictionaries ## Create .venv and node_modules with the pinned packages

setup-dev: $(VENV)/.dev ## Create .venv and install the pinned site-build and test packages

# Every package is checked against the hash requirements.txt pins for it; the project itself is built with
# the setuptools those pins installed (no unpinned download).
$(VENV)/.site: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

node_modules/.installed: package.json package-lock.json | node
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The W3C HTML checker (vnu-jar) for the tests, kept apart from the site's own libraries.
tests/node_modules/.installed: tests/package.json tests/package-lock.json | node
	npm ci --prefix tests --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/.dev: $(VENV)/.site requirements-dev.txt
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

validate: setup ## Check the data (or a file: make validate FILE=partner.xlsx EDITION=2020)
	$(PY) -m kenya_routes validate $(FILE) $(if $(EDITION),--edition $(EDITION)) \
		$(if $(FILE),,--quality $(BUILD)/validation --data-docs $(BUILD)/validation/data-docs)

figures: setup ## Write one edition's figures as JSON: make figures EDITION=2020
	$(PY) -m kenya_routes figures --edition $(EDITION) --out $(BUILD)/figures/$(EDITION).json

reconcile: setup ## Print printed-versus-computed figures: make reconcile [EDITION=2020]
	$(PY) -m kenya_routes reconcile $(if $(EDITION),--edition $(EDITION))

template: setup ## Write the submission template for partners: make template [EDITION=2021] [OUT=file.xlsx|file.csv]
	$(PY) -m kenya_routes template $(if $(EDITION),--edition $(EDITION)) $(if $(OUT),--out $(OUT))

ingest: setup ## Add partners' files to an edition, all or nothing: make ingest EDITION=2021 FILES="a.xlsx b.csv"
	$(PY) -m kenya_routes ingest $(FILES) --edition $(EDITION)

new-edition: setup ## Create an edition: make new-edition EDITION=2021 TITLE="..." FROM=2021-01 TO=2021-12
	$(PY) -m kenya_routes new-edition $(EDITION) --title "$(TITLE)" --from $(FROM) --to $(TO)

bench: setup chromium benchmarks/node_modules/.installed ## Benchmark the site: build times, page weights and Lighthouse scores, scale curve
	$(PY) benchmarks/site.py

benchmarks/node_modules/.installed: benchmarks/package.json benchmarks/package-lock.json
	npm ci --prefix benchmarks --no-audit --no-fund --loglevel=error
	touch $@

bench-validation: setup ## Benchmark the validation gate (shipped editions and 100,000 synthetic routes)
	$(PY) benchmarks/validation.py

bench-ingest: setup ## Benchmark ingest of a partner's 5,000-row workbook with 3% bad rows (make bench-ingest ROWS=5000)
	$(PY) benchmarks/ingest.py --rows $(or $(ROWS),5000)

bench-build: setup ## Benchmark the site build only (cold, nothing changed, one edition changed)
	$(PY) benchmarks/site.py --only build

synthetic: setup ## Generate a synthetic edition for benchmarks: make synthetic ROUTES=1000
	$(PY) -m kenya_routes synthetic --routes $(ROUTES)

# The calls pybabel extract reads messages from, besides gettext's own (_, N_, ngettext): a language's
# n_(singular, plural, n), a plural marked where it is defined, a label made of names, a figure's label.
CATALOGUE_KEYWORDS := -k n_:1,2 -k N_plural:1,2 -k phrase:1 -k add_figure:2
LOCALES := locales

catalogues: setup-dev ## Extract the messages into locales/kenya_routes.pot and merge them into each language's .po
	$(BIN)/pybabel extract -F $(LOCALES)/babel.cfg $(CATALOGUE_KEYWORDS) --no-location --sort-output \
		--add-comments=Translators: --project="Kenya's human-trafficking routes" --copyright-holder="Stop the Traffik Kenya" --version=0.1.0 \
		-o $(LOCALES)/kenya_routes.pot .
	$(BIN)/pybabel update -D kenya_routes -i $(LOCALES)/kenya_routes.pot -d $(LOCALES) --no-fuzzy-matching \
		--ignore-obsolete

requirements: ## Re-pin requirements.txt and requirements-dev.txt, with hashes, from requirements.in and requirements-dev.in
	rm -rf $(BUILD)/pin && $(PYTHON) -m venv $(BUILD)/pin
	$(BUILD)/pin/bin/pip install --quiet uv
	# The current pins seed the output, so uv keeps every version it can and changes only what the .in files ask.
	for name in requirements requirements-dev; do \
		cp $$name.txt $(BUILD)/pin/$$name.txt && \
		$(BUILD)/pin/bin/uv pip compile $$name.in --generate-hashes --python-version 3.11.7 \
			--python-platform x86_64-manylinux_2_28 --no-header --no-annotate --quiet -o $(BUILD)/pin/$$name.txt && \
		{ sed -n '1,3p' $$name.txt; cat $(BUILD)/pin/$$name.txt; } > $(BUILD)/pin/$$name.new && mv $(BUILD)/pin/$$name.new $$name.txt; \
	done
	@git diff --stat -- requirements.txt requirements-dev.txt 2>/dev/null || true

clean: ## Remove everything generated (the virtual environment, node_modules and _build/)
	rm -rf $(VENV) node_modules tests/node_modules benchmarks/node_modules $(BUILD)
