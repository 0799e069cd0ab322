# Kenya's human-trafficking routes: one entry point. `make help` lists the targets.
# Targets call the package's command line (python -m kenya_routes), which is the real API.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
BUILD  := _build

.DEFAULT_GOAL := help
.PHONY: help site test setup setup-dev validate figures reconcile bench-validation synthetic clean requirements

help: ## Show the targets and what they do
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

site: setup ## Set everything up, validate the data, then reconcile every edition and write its figures
	$(PY) -m kenya_routes validate --quality $(BUILD)/validation --data-docs $(BUILD)/validation/data-docs
	$(PY) -m kenya_routes reconcile
	@mkdir -p $(BUILD)/figures
	@for edition in $$(ls data/editions); do \
		$(PY) -m kenya_routes figures --edition $$edition --quiet --out $(BUILD)/figures/$$edition.json || exit $$?; \
	done

test: setup-dev ## Set everything up and run the tests
	$(PY) -m pytest

setup: $(VENV)/.site ## Create .venv and install the pinned site-build packages

setup-dev: $(VENV)/.dev ## Create .venv and install the pinned site-build and test packages

$(VENV)/.site: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.site requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

validate: setup ## Check the data (or a file: make validate FILE=partner.xlsx EDITION=2020)
	$(PY) -m kenya_routes validate $(FILE) $(if $(EDITION),--edition $(EDITION)) \
		$(if $(FILE),,--quality $(BUILD)/validation --data-docs $(BUILD)/validation/data-docs)

figures: setup ## Write one edition's figures as JSON: make figures EDITION=2020
	$(PY) -m kenya_routes figures --edition $(EDITION) --out $(BUILD)/figures/$(EDITION).json

reconcile: setup ## Print printed-versus-computed figures: make reconcile [EDITION=2020]
	$(PY) -m kenya_routes reconcile $(if $(EDITION),--edition $(EDITION))

bench-validation: setup ## Benchmark the validation gate (shipped editions and 100,000 synthetic routes)
	$(PY) benchmarks/validation.py

synthetic: setup ## Generate a synthetic edition for benchmarks: make synthetic ROUTES=1000
	$(PY) -m kenya_routes synthetic --routes $(ROUTES)

requirements: ## Re-pin requirements.txt from a clean install of the direct dependencies
	rm -rf $(BUILD)/pin && $(PYTHON) -m venv $(BUILD)/pin
	$(BUILD)/pin/bin/pip install --quiet "jupyter-book<2" folium pandas altair papermill "great-expectations>=1,<2" \
		openpyxl pyyaml pycountry vl-convert-python ipykernel
	@echo "Compare with requirements.txt:"; $(BUILD)/pin/bin/pip freeze

clean: ## Remove everything generated (the virtual environment and _build/)
	rm -rf $(VENV) $(BUILD)
